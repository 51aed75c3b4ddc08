package io.coldchain.routing.road;

/** A point that cannot be placed on the road network (no road near it, or only a cut-off one). */
public class UnroutablePointException extends RuntimeException {

    private final int index;
    private final GeoPoint point;

    public UnroutablePointException(int index, GeoPoint point, String reason) {
        super("point " + index + " " + point + ": " + reason);
        this.index = index;
        this.point = point;
    }

    /** Position of the point in the request. */
    public int index() {
        return index;
    }

    public GeoPoint point() {
        return point;
    }
}
