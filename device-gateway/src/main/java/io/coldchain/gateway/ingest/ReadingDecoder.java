package io.coldchain.gateway.ingest;

import io.coldchain.gateway.contract.Reading;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes a telemetry payload (one reading object, or an array of them) and validates each reading
 * against the contract. Nothing is dropped silently: every rejected payload or element comes back
 * with its reason.
 */
public final class ReadingDecoder {

    /** Payloads above this size are rejected whole. */
    public static final int MAX_PAYLOAD_BYTES = 1 << 20;

    public static final double MIN_TEMP_C = -60;
    public static final double MAX_TEMP_C = 80;
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    /** Readings stamped before this come from a device whose clock was never set. */
    public static final Instant EARLIEST_TS = Instant.parse("2000-01-01T00:00:00Z");

    public static final int MAX_PROBE_LENGTH = 64;

    /** A rejected payload or array element, with the raw text it came from. */
    public record Rejection(String reason, String raw) {}

    public record Decoded(List<Reading> readings, List<Rejection> rejections) {}

    private final JsonMapper json = JsonMapper.builder().build();

    public Decoded decode(String deviceId, byte[] payload, Instant now) {
        List<Reading> readings = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        if (payload.length > MAX_PAYLOAD_BYTES) {
            rejections.add(new Rejection(
                    "payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD_BYTES,
                    new String(payload, 0, 200, StandardCharsets.UTF_8) + "..."));
            return new Decoded(readings, rejections);
        }
        JsonNode root;
        try {
            // From the bytes: the payload's text is built only for a rejection that quotes it.
            root = json.readTree(payload);
        } catch (JacksonException e) {
            rejections.add(new Rejection("malformed JSON: " + e.getOriginalMessage(), text(payload)));
            return new Decoded(readings, rejections);
        }
        if (root == null || root.isMissingNode()) {
            rejections.add(new Rejection("empty payload", text(payload)));
        } else if (root.isObject()) {
            decodeGuarded(deviceId, root, now, readings, rejections);
        } else if (root.isArray()) {
            if (root.isEmpty()) {
                rejections.add(new Rejection("empty array", text(payload)));
            }
            for (int i = 0; i < root.size(); i++) {
                JsonNode element = root.get(i);
                if (!element.isObject()) {
                    rejections.add(
                            new Rejection("array element " + i + " is not a reading object", element.toString()));
                } else {
                    decodeGuarded(deviceId, element, now, readings, rejections);
                }
            }
        } else {
            rejections.add(new Rejection("not a reading object or an array of them", text(payload)));
        }
        return new Decoded(readings, rejections);
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** One element; whatever it throws rejects that element alone, with the reason. */
    private void decodeGuarded(
            String deviceId, JsonNode node, Instant now, List<Reading> readings, List<Rejection> rejections) {
        try {
            decodeOne(deviceId, node, now, readings, rejections);
        } catch (RuntimeException e) {
            rejections.add(new Rejection(
                    "reading cannot be decoded: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    node.toString()));
        }
    }

    private void decodeOne(
            String deviceId, JsonNode node, Instant now, List<Reading> readings, List<Rejection> rejections) {
        String problem = null;
        JsonNode seq = node.get("seq");
        JsonNode ts = node.get("ts");
        JsonNode temp = node.get("tempC");
        Instant time = null;
        if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
            problem = seq == null
                    ? "missing seq"
                    : seq.isIntegralNumber() && !seq.canConvertToLong()
                            ? "seq " + seq + " does not fit in 64 bits"
                            : "seq must be a non-negative integer";
        } else if (ts == null || !ts.isString()) {
            problem = ts == null ? "missing ts" : "ts must be an RFC 3339 string";
        } else if (temp == null || !temp.isNumber()) {
            problem = temp == null ? "missing tempC" : "tempC must be a number";
        } else {
            try {
                time = Rfc3339.parse(ts.asString());
            } catch (DateTimeException e) {
                problem = "ts '" + ts.asString() + "' is not RFC 3339";
            }
        }
        if (problem == null) {
            double t = temp.asDouble();
            if (!(t >= MIN_TEMP_C && t <= MAX_TEMP_C)) {
                problem = "tempC " + t + " outside " + MIN_TEMP_C + ".." + MAX_TEMP_C;
            } else if (time.isAfter(now.plus(MAX_FUTURE))) {
                problem = "ts " + time + " is more than " + MAX_FUTURE.toMinutes() + " minutes in the future";
            } else if (time.isBefore(EARLIEST_TS)) {
                problem = "ts " + time + " is before " + EARLIEST_TS + ": the device's clock is not set";
            } else if (node.has("probe") && !node.get("probe").isString()) {
                problem = "probe must be a string";
            } else if (node.has("probe") && !validProbe(node.get("probe").asString())) {
                problem = "probe must be 1 to " + MAX_PROBE_LENGTH + " characters without control characters";
            } else if (node.has("doorOpen")
                    && !node.get("doorOpen").isBoolean()
                    && !node.get("doorOpen").isNull()) {
                problem = "doorOpen must be true or false";
            } else if (node.has("batteryPct")
                    && !node.get("batteryPct").isNull()
                    && (!node.get("batteryPct").isNumber()
                            || node.get("batteryPct").asDouble() < 0
                            || node.get("batteryPct").asDouble() > 100)) {
                problem = "batteryPct must be a number from 0 to 100";
            } else if (!coordinate(node, "lat", 90) || !coordinate(node, "lon", 180)) {
                problem = "lat/lon must be numbers within range";
            }
        }
        if (problem != null) {
            rejections.add(new Rejection(problem, node.toString()));
            return;
        }
        readings.add(new Reading(
                deviceId,
                seq.longValue(),
                time,
                node.has("probe") ? node.get("probe").asString() : "",
                temp.asDouble(),
                node.has("doorOpen") && node.get("doorOpen").isBoolean()
                        ? node.get("doorOpen").asBoolean()
                        : null,
                node.has("batteryPct") && node.get("batteryPct").isNumber()
                        ? node.get("batteryPct").asInt()
                        : null,
                node.has("lat") && node.get("lat").isNumber() ? node.get("lat").asDouble() : null,
                node.has("lon") && node.get("lon").isNumber() ? node.get("lon").asDouble() : null));
    }

    /** A probe name: short, non-empty, printable (it ends up in reasons, logs and keys). */
    static boolean validProbe(String probe) {
        if (probe.isEmpty() || probe.length() > MAX_PROBE_LENGTH) {
            return false;
        }
        return probe.codePoints().noneMatch(Character::isISOControl);
    }

    private static boolean coordinate(JsonNode node, String field, double limit) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isNumber() && Math.abs(value.asDouble()) <= limit;
    }
}
