package io.coldchain.gateway.contract;

import java.util.Objects;

/**
 * The MQTT topic names of the contract, all under one root ({@code coldchain/v1} in production;
 * tests use a unique prefix so runs sharing a broker never see each other's messages).
 */
public record Topics(String root) {

    /** The contract's root. */
    public static final String DEFAULT_ROOT = "coldchain/v1";

    /** The longest id that can stand as one topic level. */
    public static final int MAX_ID_LENGTH = 64;

    public Topics {
        Objects.requireNonNull(root, "root");
        if (root.isBlank() || root.endsWith("/") || root.contains("+") || root.contains("#")) {
            throw new IllegalArgumentException("invalid MQTT topic root: '" + root + "'");
        }
    }

    /** Whether {@code id} can stand as one topic level (no slashes or wildcards, at most 64 chars). */
    public static boolean isValidId(String id) {
        // By hand rather than a regex: it runs on every message, and a Matcher per call was a
        // measurable share of the gateway's allocations. Same language as
        // [A-Za-z0-9][A-Za-z0-9_.:-]{0,63}.
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH || !alphanumeric(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!alphanumeric(c) && c != '_' && c != '.' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean alphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    public String telemetry(String deviceId) {
        return root + "/devices/" + requireId(deviceId) + "/telemetry";
    }

    /** Filter matching every device's telemetry. */
    public String allTelemetry() {
        return root + "/devices/+/telemetry";
    }

    /**
     * The device level of a telemetry topic exactly as it came, valid or not (so the caller can
     * reject it with a reason); null when the topic is not a telemetry topic of this root.
     */
    public String rawDeviceOfTelemetryTopic(String topic) {
        String prefix = root + "/devices/";
        String suffix = "/telemetry";
        if (topic == null
                || !topic.startsWith(prefix)
                || !topic.endsWith(suffix)
                || topic.length() < prefix.length() + suffix.length()) {
            return null;
        }
        String id = topic.substring(prefix.length(), topic.length() - suffix.length());
        return id.contains("/") ? null : id;
    }

    /** Where a device's commands go (RESEND). */
    public String deviceCommands(String deviceId) {
        return root + "/devices/" + requireId(deviceId) + "/commands";
    }

    /** Filter matching every device's commands (the simulator's subscription). */
    public String allDeviceCommands() {
        return root + "/devices/+/commands";
    }

    /** The device id of a {@link #deviceCommands} topic, or null. */
    public String deviceIdOfCommandTopic(String topic) {
        String prefix = root + "/devices/";
        String suffix = "/commands";
        if (topic == null || !topic.startsWith(prefix) || !topic.endsWith(suffix)) {
            return null;
        }
        String id = topic.substring(prefix.length(), topic.length() - suffix.length());
        return isValidId(id) ? id : null;
    }

    public String status(String deviceId) {
        return root + "/devices/" + requireId(deviceId) + "/status";
    }

    public String deviceConfig(String deviceId) {
        return root + "/config/devices/" + requireId(deviceId);
    }

    /** Filter matching every device binding. */
    public String allDeviceConfigs() {
        return root + "/config/devices/+";
    }

    /** The device id of a {@link #deviceConfig} topic, or null when the topic is not one. */
    public String deviceIdOfConfigTopic(String topic) {
        String prefix = root + "/config/devices/";
        if (!topic.startsWith(prefix)) {
            return null;
        }
        String id = topic.substring(prefix.length());
        return isValidId(id) ? id : null;
    }

    public String lockerCommands(String lockerBankId) {
        return root + "/lockers/" + requireId(lockerBankId) + "/commands";
    }

    public String lockerEvents(String lockerBankId) {
        return root + "/lockers/" + requireId(lockerBankId) + "/events";
    }

    public String lockerStatus(String lockerBankId) {
        return root + "/lockers/" + requireId(lockerBankId) + "/status";
    }

    /** Filter matching every locker bank's events. */
    public String allLockerEvents() {
        return root + "/lockers/+/events";
    }

    /** Filter matching every locker bank's status. */
    public String allLockerStatus() {
        return root + "/lockers/+/status";
    }

    /** Filter matching every locker bank's commands (the bank simulator's subscription). */
    public String allLockerCommands() {
        return root + "/lockers/+/commands";
    }

    /** The locker bank id of a {@code lockers/{id}/...} topic, or null. */
    public String lockerBankOf(String topic) {
        String prefix = root + "/lockers/";
        if (topic == null || !topic.startsWith(prefix)) {
            return null;
        }
        String rest = topic.substring(prefix.length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        return isValidId(id) ? id : null;
    }

    public String alerts() {
        return root + "/events/alerts";
    }

    private static String requireId(String id) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("not a valid id for a topic level: '" + id + "'");
        }
        return id;
    }
}
