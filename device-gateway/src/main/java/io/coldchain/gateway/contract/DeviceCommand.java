package io.coldchain.gateway.contract;

/**
 * A command to a device on {@code devices/{deviceId}/commands}. The one command type today is
 * {@code RESEND}: upload the readings {@code fromSeq}..{@code toSeq} again, from the device's buffer.
 */
public record DeviceCommand(String type, long fromSeq, long toSeq) {

    public static final String RESEND = "RESEND";

    public DeviceCommand {
        if (!RESEND.equals(type)) {
            throw new IllegalArgumentException("unknown device command type: " + type);
        }
        if (fromSeq < 0 || toSeq < fromSeq) {
            throw new IllegalArgumentException("a RESEND needs 0 <= fromSeq <= toSeq");
        }
    }

    public static DeviceCommand resend(long fromSeq, long toSeq) {
        return new DeviceCommand(RESEND, fromSeq, toSeq);
    }
}
