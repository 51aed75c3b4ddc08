package io.coldchain.gateway.sim;

import io.coldchain.gateway.contract.TemperatureZone;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One simulated device and its probes. {@link #readingsAt} is a pure function of the simulated
 * time and the device's random stream, so a run is reproducible for a seed.
 */
public final class SimulatedDevice {

    /** A temperature excursion to play: from {@code start}, for {@code length}, at {@code tempC}. */
    public record Excursion(String probe, Instant start, Duration length, double tempC) {}

    private final String deviceId;
    private final Map<String, TemperatureZone> probes;
    private final boolean vehicle;
    private final double lat0;
    private final double lon0;
    private final SplittableRandom rnd;
    private final long defrostPhase;
    // scripted while the simulator runs (the demo scripts one when the first chilled parcel is dropped)
    private final List<Excursion> excursions = new java.util.concurrent.CopyOnWriteArrayList<>();
    // the device's buffer of its recent readings, by seq, answering RESEND requests
    private final java.util.TreeMap<Long, String> buffer = new java.util.TreeMap<>();
    private long seq;
    private final long firstSeq;
    private Instant doorOpenUntil = Instant.EPOCH;
    private Instant doorClosedAt = Instant.EPOCH;
    private double battery;
    private Instant lastT;
    private boolean doorsShut;

    public SimulatedDevice(
            String deviceId, Map<String, TemperatureZone> probes, boolean vehicle, double lat, double lon, long seed) {
        this.deviceId = deviceId;
        this.probes = new LinkedHashMap<>(probes);
        this.vehicle = vehicle;
        this.lat0 = lat;
        this.lon0 = lon;
        this.rnd = new SplittableRandom(seed);
        this.defrostPhase = Math.floorMod(deviceId.hashCode() * 7_919L, 21_600L);
        // seq keeps rising across simulator restarts: start from the wall clock
        this.seq = Instant.now().getEpochSecond();
        this.firstSeq = seq + 1;
        this.battery = 60 + rnd.nextInt(40);
    }

    public String deviceId() {
        return deviceId;
    }

    public Map<String, TemperatureZone> probes() {
        return probes;
    }

    /** How many recent readings a device keeps for RESEND requests. */
    public static final int BUFFER = 3600;

    /** The readings {@code fromSeq}..{@code toSeq} still in the device's buffer, in seq order. */
    public List<String> resend(long fromSeq, long toSeq) {
        return List.copyOf(buffer.subMap(fromSeq, true, toSeq, true).values());
    }

    /** The seq of the first reading this device produces. */
    public long firstSeq() {
        return firstSeq;
    }

    /** The seq of the latest reading produced. */
    public long lastSeq() {
        return seq;
    }

    /** No door is ever opened (a test that wants the temperature alone to speak). */
    public SimulatedDevice doorsShut() {
        this.doorsShut = true;
        return this;
    }

    public void script(Excursion excursion) {
        excursions.add(excursion);
    }

    /** The JSON readings of every probe at simulated time {@code t}. */
    public List<String> readingsAt(Instant t) {
        boolean doorOpen = door(t);
        double minutes =
                lastT == null ? 1 : Math.max(0, Duration.between(lastT, t).toMillis() / 60_000.0);
        battery = Math.max(5, battery - 0.002 * minutes);
        lastT = t;
        List<String> out = new ArrayList<>();
        for (var probe : probes.entrySet()) {
            double temp = temperature(probe.getKey(), probe.getValue(), t);
            StringBuilder json = new StringBuilder()
                    .append("{\"seq\":")
                    .append(++seq)
                    .append(",\"ts\":\"")
                    .append(t)
                    .append('"')
                    .append(",\"probe\":\"")
                    .append(probe.getKey())
                    .append('"')
                    .append(",\"tempC\":")
                    .append(String.format(Locale.ROOT, "%.2f", temp))
                    .append(",\"doorOpen\":")
                    .append(doorOpen)
                    .append(",\"batteryPct\":")
                    .append((int) battery);
            if (vehicle) {
                double angle = (t.getEpochSecond() % 3600) / 3600.0 * 2 * Math.PI;
                json.append(String.format(
                        Locale.ROOT,
                        ",\"lat\":%.6f,\"lon\":%.6f",
                        lat0 + 0.01 * Math.sin(angle),
                        lon0 + 0.014 * Math.cos(angle)));
            }
            String reading = json.append('}').toString();
            out.add(reading);
            buffer.put(seq, reading);
            if (buffer.size() > BUFFER) {
                buffer.pollFirstEntry();
            }
        }
        return out;
    }

    /** Lockers open now and then (a resident or courier at a compartment); vans at each stop. */
    private boolean door(Instant t) {
        if (doorsShut) {
            return false;
        }
        if (t.isBefore(doorOpenUntil)) {
            return true;
        }
        // the chance per minute (8% at a van, 3% at a locker), whatever the reporting interval
        double perMinute = vehicle ? 0.08 : 0.03;
        double minutes =
                lastT == null ? 1 : Math.max(0, Duration.between(lastT, t).toMillis() / 60_000.0);
        double chance = 1 - Math.pow(1 - perMinute, minutes);
        if (!t.isBefore(doorClosedAt) && rnd.nextDouble() < chance) {
            doorOpenUntil = t.plusSeconds(20 + rnd.nextInt(70));
            doorClosedAt = doorOpenUntil.plusSeconds(120);
            return true;
        }
        return false;
    }

    private double temperature(String probe, TemperatureZone zone, Instant t) {
        for (Excursion e : excursions) {
            if (e.probe().equals(probe)
                    && !t.isBefore(e.start())
                    && t.isBefore(e.start().plus(e.length()))) {
                return e.tempC() + rnd.nextGaussian() * 0.1;
            }
        }
        double setpoint =
                switch (zone) {
                    case FROZEN -> -20.0;
                    case CHILLED -> 2.5;
                    case COOL -> 12.0;
                    case AMBIENT -> 18.0;
                };
        long s = t.getEpochSecond();
        // compressor cycling: a sawtooth-like swing of about +-0.8 C over 20 minutes
        double cycle = 0.8 * Math.sin(2 * Math.PI * (s % 1200) / 1200.0);
        // defrost (frozen zones): every 6 hours, 12 minutes warming to about -16 C, each unit at its own
        // time of day (all at once would be a fleet nobody runs); with a door open it stays below the
        // -12 C immediate alarm, as a well-kept freezer does
        long d = Math.floorMod(s + defrostPhase, 21_600L);
        double defrost = zone == TemperatureZone.FROZEN && d < 720 ? 4.0 * Math.sin(Math.PI * d / 720.0) : 0;
        // an open door warms the zone, more for frozen
        double door = t.isBefore(doorOpenUntil) ? (zone == TemperatureZone.FROZEN ? 2.0 : 1.0) : 0;
        return setpoint + cycle + defrost + door + rnd.nextGaussian() * 0.05;
    }
}
