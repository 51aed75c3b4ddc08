package io.coldchain.server.demo;

import io.coldchain.gateway.sim.LockerBankSimulator;
import io.coldchain.gateway.sim.SimulatedDevice;
import io.coldchain.gateway.sim.Simulator;
import io.coldchain.gateway.sim.SimulatorMain;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.custody.CustodyType;
import io.coldchain.server.custody.ParcelsHandedOver;
import io.coldchain.server.embedded.DemoAccounts;
import io.coldchain.server.embedded.EmbeddedDataDirectory;
import io.coldchain.server.mqtt.MqttBrokerAddress;
import io.coldchain.server.network.BrokerCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The demo city's devices come alive: every locker zone and vehicle compartment reports through the
 * broker like real hardware, and the chilled zone of LB-0003 runs warm for 20 minutes shortly after
 * start, so quality staff have an excursion to look at; a minute after the first chilled parcel is
 * dropped into a demo bank, that bank's chilled zone runs warm for 20 minutes too, so the
 * walkthrough shows the orders in it held. Every demo locker bank answers OPEN commands, and its
 * keypad can be driven through the broker.
 */
@Component
@ConditionalOnBooleanProperty("coldchain.demo.enabled")
class DemoTelemetry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DemoTelemetry.class);

    private final ColdchainProperties properties;
    private final MqttBrokerAddress broker;
    private final BrokerCredentials credentials;
    private final org.springframework.beans.factory.ObjectProvider<EmbeddedDataDirectory> dataDirectory;
    private Simulator simulator;
    private List<SimulatedDevice> devices = List.of();
    private final java.util.concurrent.atomic.AtomicBoolean dropExcursion =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.List<LockerBankSimulator> banks = new java.util.ArrayList<>();

    DemoTelemetry(
            ColdchainProperties properties,
            MqttBrokerAddress broker,
            BrokerCredentials credentials,
            org.springframework.beans.factory.ObjectProvider<EmbeddedDataDirectory> dataDirectory) {
        this.properties = properties;
        this.broker = broker;
        this.credentials = credentials;
        this.dataDirectory = dataDirectory;
    }

    @EventListener
    void start(ApplicationReadyEvent ready) throws MqttException {
        if (!properties.demo().simulate()) {
            return;
        }
        devices = SimulatorMain.demoDevices(12, 6);
        Instant now = Instant.now();
        devices.stream()
                .filter(d -> d.deviceId().equals("LB-0003"))
                .forEach(d -> d.script(new SimulatedDevice.Excursion(
                        "chilled", now.plus(properties.demo().excursionAfter()), Duration.ofMinutes(20), 8.5)));
        simulator = new Simulator(
                broker.url(),
                properties.mqtt().topics(),
                devices,
                Duration.ofSeconds(properties.demo().simulateIntervalS()),
                0.01,
                broker.simulator() == null ? null : broker.simulator().username(),
                broker.simulator() == null ? null : broker.simulator().password());
        simulator.start();
        log.info(
                "Demo telemetry: {} simulated devices report every {} s",
                devices.size(),
                properties.demo().simulateIntervalS());
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-locker-banks");
            t.setDaemon(true);
            return t;
        });
        var behaviour = new LockerBankSimulator.Behaviour(
                java.time.Duration.ofMillis(400),
                java.time.Duration.ofSeconds(5),
                properties.demo().lockerFailRate());
        java.util.Map<String, String> bankAccounts = new java.util.TreeMap<>();
        for (int i = 1; i <= 12; i++) {
            String id = String.format("LB-%04d", i);
            // each demo bank signs in with an account of its own, as a real bank's firmware does
            MqttBrokerAddress.Credentials account = broker.embedded()
                    ? asCredentials(credentials.issue(BrokerCredentials.Kind.LOCKER_BANK, id, "demo"))
                    : broker.server();
            if (broker.embedded()) {
                bankAccounts.put(account.username(), account.password());
            }
            banks.add(new LockerBankSimulator(
                            broker.url(),
                            properties.mqtt().topics(),
                            id,
                            behaviour,
                            i,
                            timer,
                            account == null ? null : account.username(),
                            account == null ? null : account.password())
                    .start());
        }
        EmbeddedDataDirectory dir = dataDirectory.getIfAvailable();
        if (dir != null && !bankAccounts.isEmpty()) {
            DemoAccounts.write(dir.resolve(DemoAccounts.FILE), bankAccounts, true);
        }
        log.info(
                "Demo locker banks: {} simulated banks answer OPEN commands (doors close after 5 s, fail rate {})",
                banks.size(),
                properties.demo().lockerFailRate());
    }

    private static MqttBrokerAddress.Credentials asCredentials(BrokerCredentials.Issued issued) {
        return new MqttBrokerAddress.Credentials(issued.username(), issued.password());
    }

    /** The first chilled parcel dropped into a demo bank: its chilled zone runs warm a minute later. */
    @TransactionalEventListener
    void dropped(ParcelsHandedOver handed) {
        handed.handoffs().stream()
                .filter(h -> h.type() == CustodyType.DROPPED
                        && h.assetId() != null
                        && h.assetId().endsWith("/CHILLED"))
                .map(h -> h.assetId().substring(0, h.assetId().indexOf('/')))
                .findFirst()
                .flatMap(bank ->
                        devices.stream().filter(d -> d.deviceId().equals(bank)).findFirst())
                .filter(device -> dropExcursion.compareAndSet(false, true))
                .ifPresent(device -> {
                    Instant start = Instant.now().plus(Duration.ofMinutes(1));
                    device.script(new SimulatedDevice.Excursion("chilled", start, Duration.ofMinutes(20), 8.5));
                    log.info(
                            "Demo: {}'s chilled zone runs warm (8.5 °C) for 20 minutes from {}; after 15 minutes"
                                    + " above 5 °C the gateway raises TEMPERATURE_HIGH and its chilled orders go ON_HOLD",
                            device.deviceId(),
                            start);
                });
    }

    @Override
    public void destroy() {
        if (simulator != null) {
            simulator.close();
        }
        banks.forEach(LockerBankSimulator::close);
    }
}
