package io.coldchain.server.network;

/** The pattern of asset ids: they stand as MQTT topic levels, so no slashes or wildcards. */
final class Ids {
    static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}";
    static final String MESSAGE = "must be 1-64 letters, digits, '_', '.', ':' or '-', starting with a letter or digit";

    private Ids() {}
}
