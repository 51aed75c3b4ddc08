package io.coldchain.gateway.ingest;

import java.util.Locale;

/**
 * The kind of a dead letter's reason, for counting (the reason itself is free text with the values
 * in it, kept with the letter): few enough kinds to be a metric label.
 */
public enum DeadLetterReason {
    MALFORMED,
    MISSING_FIELD,
    INVALID_FIELD,
    OUT_OF_RANGE,
    FUTURE_TIMESTAMP,
    CLOCK_NOT_SET,
    UNKNOWN_DEVICE,
    UNKNOWN_PROBE,
    STORE_REFUSED,
    OTHER;

    /** The kind of a reason as the pipeline writes it. */
    public static DeadLetterReason of(String reason) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (r.startsWith("missing ")) {
            return MISSING_FIELD;
        }
        if (r.contains("in the future")) {
            return FUTURE_TIMESTAMP;
        }
        if (r.contains("clock is not set")) {
            return CLOCK_NOT_SET;
        }
        if (r.startsWith("unknown device") || r.startsWith("device id")) {
            return UNKNOWN_DEVICE;
        }
        if (r.contains("has no probe")) {
            return UNKNOWN_PROBE;
        }
        if (r.startsWith("the telemetry store refused")) {
            return STORE_REFUSED;
        }
        if (r.contains(" outside ") || r.contains("within range") || r.contains("from 0 to 100")) {
            return OUT_OF_RANGE;
        }
        if (r.contains(" must ") || r.contains("is not rfc 3339") || r.contains("does not fit")) {
            return INVALID_FIELD;
        }
        if (r.startsWith("malformed")
                || r.startsWith("empty")
                || r.startsWith("not a reading")
                || r.startsWith("array element")
                || r.contains("cannot be decoded")
                || r.contains("cannot be processed")
                || r.contains("carried nothing")) {
            return MALFORMED;
        }
        return OTHER;
    }

    /** The label value: lower case, as Prometheus labels usually are. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
