package io.coldchain.server.web;

/** Optimistic locking over REST: updates carry the version they were based on. */
public final class Versions {

    private Versions() {}

    /**
     * @throws InvalidFieldException when the request carries no version
     * @throws ConflictException when someone else changed the resource since {@code requested}
     */
    public static void check(String what, Object id, Long requested, long current) {
        if (requested == null) {
            throw new InvalidFieldException("version", "must be given: the version this update is based on");
        }
        if (requested != current) {
            throw new ConflictException(what + " '" + id + "' was changed by someone else (version " + current
                    + ", this update is based on " + requested + "); reload and retry");
        }
    }
}
