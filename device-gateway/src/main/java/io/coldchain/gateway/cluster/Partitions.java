package io.coldchain.gateway.cluster;

/** Which of the {@value #COUNT} partitions a device belongs to: the same on every gateway. */
public final class Partitions {

    public static final int COUNT = 64;

    private Partitions() {}

    /**
     * {@link String#hashCode} is specified, so every JVM agrees; it is mixed (MurmurHash3's
     * finaliser) because ids that differ in their last character have neighbouring hash codes.
     */
    public static int of(String deviceId) {
        int h = deviceId.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, COUNT);
    }
}
