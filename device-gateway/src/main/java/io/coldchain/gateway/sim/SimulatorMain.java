package io.coldchain.gateway.sim;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.gateway.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator as a command. Devices are named like the demo city's ({@code LB-0001}..., with
 * probes {@code frozen}, {@code chilled}, {@code ambient}; vehicles {@code DEV-VH-01}...), so it
 * drives a demo server's registry as it is.
 *
 * <pre>
 * java -cp device-gateway/target/device-gateway-0.1.0-SNAPSHOT-exec.jar \
 *     -Dloader.main=io.coldchain.gateway.sim.SimulatorMain org.springframework.boot.loader.launch.PropertiesLauncher \
 *     BROKER_URL [LOCKERS] [VEHICLES] [INTERVAL_SECONDS] [EXCURSION...]
 * </pre>
 *
 * An excursion is {@code DEVICE:PROBE:START_MINUTES:LENGTH_MINUTES:TEMP}, e.g. {@code
 * LB-0003:chilled:2:20:8.5} (from two minutes after start, twenty minutes at 8.5 C). The locker banks
 * {@code LB-0001}... answer OPEN commands too; {@code -Dsim.lockerFailRate=0.02} sets how often a door
 * fails.
 */
public final class SimulatorMain {

    private SimulatorMain() {}

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "tcp://127.0.0.1:1883";
        int lockers = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int vehicles = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        Duration interval = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 60);
        List<SimulatedDevice> devices = demoDevices(lockers, vehicles);
        Instant start = Instant.now();
        for (int i = 4; i < args.length; i++) {
            String[] p = args[i].split(":");
            for (SimulatedDevice d : devices) {
                if (d.deviceId().equals(p[0])) {
                    d.script(new SimulatedDevice.Excursion(
                            p[1],
                            start.plus(Duration.ofMinutes(Long.parseLong(p[2]))),
                            Duration.ofMinutes(Long.parseLong(p[3])),
                            Double.parseDouble(p[4])));
                }
            }
        }
        double failRate = Double.parseDouble(System.getProperty("sim.lockerFailRate", "0.02"));
        List<LockerBankSimulator> banks = new ArrayList<>();
        try (Simulator simulator = new Simulator(url, new Topics(Topics.DEFAULT_ROOT), devices, interval, 0.01)) {
            simulator.start();
            for (int i = 1; i <= lockers; i++) {
                banks.add(new LockerBankSimulator(
                                url,
                                new Topics(Topics.DEFAULT_ROOT),
                                String.format("LB-%04d", i),
                                new LockerBankSimulator.Behaviour(
                                        Duration.ofMillis(400), Duration.ofSeconds(5), failRate),
                                i)
                        .start());
            }
            Thread.currentThread().join();
        } finally {
            banks.forEach(LockerBankSimulator::close);
        }
    }

    /** The demo city's devices: a probe per zone of each locker bank, per compartment of each vehicle. */
    public static List<SimulatedDevice> demoDevices(int lockers, int vehicles) {
        List<SimulatedDevice> devices = new ArrayList<>();
        for (int i = 1; i <= lockers; i++) {
            Map<String, TemperatureZone> probes = new LinkedHashMap<>();
            probes.put("frozen", TemperatureZone.FROZEN);
            probes.put("chilled", TemperatureZone.CHILLED);
            probes.put("ambient", TemperatureZone.AMBIENT);
            if ((i - 1) % 3 == 0) {
                probes.put("cool", TemperatureZone.COOL);
            }
            devices.add(new SimulatedDevice(String.format("LB-%04d", i), probes, false, 46.0, 9.0, i));
        }
        for (int i = 1; i <= vehicles; i++) {
            Map<String, TemperatureZone> probes = new LinkedHashMap<>();
            if (i <= 4) {
                probes.put("frozen", TemperatureZone.FROZEN);
            }
            probes.put("chilled", TemperatureZone.CHILLED);
            probes.put("ambient", TemperatureZone.AMBIENT);
            devices.add(new SimulatedDevice(String.format("DEV-VH-%02d", i), probes, true, 46.0, 9.0, 100 + i));
        }
        return devices;
    }
}
