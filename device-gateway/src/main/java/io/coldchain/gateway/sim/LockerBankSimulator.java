package io.coldchain.gateway.sim;

import io.coldchain.gateway.contract.LockerCommand;
import io.coldchain.gateway.contract.LockerEvent;
import io.coldchain.gateway.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One simulated locker bank on the MQTT contract, answering like a real one: its retained {@code
 * status} online (and offline as its Last Will), an {@code OPEN} command answered {@code OPENED}
 * after a moment and {@code CLOSED} a few seconds later (the door shut again), now and then {@code
 * FAILED} (a jammed door, at a configurable rate), and expired commands ignored. It can go offline
 * on request, and its keypad and scanner send {@code CODE_ENTERED} and {@code QR_SCANNED}.
 */
public final class LockerBankSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LockerBankSimulator.class);

    /**
     * @param openDelay from command to OPENED
     * @param closeDelay from OPENED to CLOSED
     * @param failRate the share of OPEN commands answered FAILED
     */
    public record Behaviour(Duration openDelay, Duration closeDelay, double failRate) {
        public static Behaviour realistic() {
            return new Behaviour(Duration.ofMillis(300), Duration.ofSeconds(4), 0.02);
        }

        public static Behaviour quick() {
            return new Behaviour(Duration.ofMillis(50), Duration.ofMillis(300), 0);
        }
    }

    /** What the bank did. */
    public static final class Counters {
        public final AtomicLong commands = new AtomicLong();
        public final AtomicLong opened = new AtomicLong();
        public final AtomicLong failed = new AtomicLong();
        public final AtomicLong closed = new AtomicLong();
        public final AtomicLong expired = new AtomicLong();
    }

    private final String bankId;
    private final Topics topics;
    private final String url;
    private final Behaviour behaviour;
    private final ScheduledExecutorService timer;
    private final SplittableRandom rnd;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Set<String> jammed = ConcurrentHashMap.newKeySet();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private final Counters counters = new Counters();
    private final String username;
    private final String password;
    private volatile java.util.function.Consumer<LockerCommand> observer = c -> {};
    private MqttAsyncClient client;

    public LockerBankSimulator(String url, Topics topics, String bankId, Behaviour behaviour, long seed) {
        this(url, topics, bankId, behaviour, seed, null, null, null);
    }

    /**
     * @param timer shared by many simulated banks (one thread is plenty); null for one of its own
     */
    public LockerBankSimulator(
            String url,
            Topics topics,
            String bankId,
            Behaviour behaviour,
            long seed,
            ScheduledExecutorService timer,
            String username,
            String password) {
        this.url = url;
        this.topics = topics;
        this.bankId = bankId;
        this.behaviour = behaviour;
        this.rnd = new SplittableRandom(seed);
        this.timer = timer != null
                ? timer
                : Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "locker-sim-" + bankId);
                    t.setDaemon(true);
                    return t;
                });
        this.username = username;
        this.password = password;
    }

    public String bankId() {
        return bankId;
    }

    public Counters counters() {
        return counters;
    }

    /** Connects, says it is online (retained) and listens for its commands. */
    public LockerBankSimulator start() throws MqttException {
        client = new MqttAsyncClient(url, "locker-" + bankId + "-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setKeepAliveInterval(10);
        options.setWill(topics.lockerStatus(bankId), status("offline"));
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password == null ? null : password.getBytes(StandardCharsets.UTF_8));
        }
        client.connect(options).waitForCompletion(15_000);
        client.subscribe(new MqttSubscription(topics.lockerCommands(bankId), 1)).waitForCompletion(10_000);
        client.publish(topics.lockerStatus(bankId), status("online")).waitForCompletion(10_000);
        return this;
    }

    /** Drops off the network without a word: the broker publishes its Last Will (offline). */
    public void goOffline() throws MqttException {
        if (client != null) {
            client.disconnectForcibly(0, 0, false);
            client.close(true);
            client = null;
        }
    }

    public void goOnline() throws MqttException {
        if (client == null) {
            start();
        }
    }

    /** Told of every command as it arrives (benchmarks time them). */
    public LockerBankSimulator observe(java.util.function.Consumer<LockerCommand> observer) {
        this.observer = observer;
        return this;
    }

    /** The next OPEN of {@code compartment} fails (a jammed door). */
    public void jam(String compartment) {
        jammed.add(compartment);
    }

    /** Commands for {@code compartment} go unanswered (the bank's controller hangs on it). */
    public void ignore(String compartment) {
        silent.add(compartment);
    }

    /** Someone types a code on the keypad. */
    public void enterCode(String code) throws MqttException {
        send(LockerEvent.codeEntered(code, Instant.now()));
    }

    /** Someone holds a QR code to the scanner. */
    public void scanQr(String token) throws MqttException {
        send(LockerEvent.qrScanned(token, Instant.now()));
    }

    /** Sends an event as it is (tests: a duplicate OPENED, an answer to an unknown command). */
    public void send(LockerEvent event) throws MqttException {
        client.publish(
                        topics.lockerEvents(bankId),
                        new MqttMessage(json.writeValueAsBytes(event), 1, false, new MqttProperties()))
                .waitForCompletion(10_000);
    }

    private MqttMessage status(String state) {
        return new MqttMessage(
                ("{\"state\":\"" + state + "\"}").getBytes(StandardCharsets.UTF_8), 1, true, new MqttProperties());
    }

    private void onCommand(byte[] payload) {
        LockerCommand command;
        try {
            command = json.readValue(payload, LockerCommand.class);
        } catch (RuntimeException e) {
            log.warn("Locker {} ignores an unreadable command: {}", bankId, e.getMessage());
            return;
        }
        counters.commands.incrementAndGet();
        observer.accept(command);
        if (!LockerCommand.OPEN.equals(command.type()) || silent.contains(command.compartment())) {
            return;
        }
        if (command.expiresAt() != null && Instant.now().isAfter(command.expiresAt())) {
            counters.expired.incrementAndGet();
            return; // a late command is not carried out
        }
        boolean fails = jammed.remove(command.compartment()) || rnd.nextDouble() < behaviour.failRate();
        timer.schedule(
                () -> answer(command, fails ? LockerEvent.FAILED : LockerEvent.OPENED),
                behaviour.openDelay().toMillis(),
                TimeUnit.MILLISECONDS);
        if (!fails) {
            timer.schedule(
                    () -> answer(command, LockerEvent.CLOSED),
                    behaviour.openDelay().plus(behaviour.closeDelay()).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void answer(LockerCommand command, String type) {
        try {
            if (client == null) {
                return; // offline meanwhile
            }
            send(LockerEvent.answer(command.commandId(), type, command.compartment(), Instant.now()));
            (switch (type) {
                        case LockerEvent.OPENED -> counters.opened;
                        case LockerEvent.CLOSED -> counters.closed;
                        default -> counters.failed;
                    })
                    .incrementAndGet();
        } catch (MqttException e) {
            log.debug("locker {} could not answer {}: {}", bankId, command.commandId(), e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            if (client != null && client.isConnected()) {
                // a planned stop: say offline, then leave
                client.publish(topics.lockerStatus(bankId), status("offline")).waitForCompletion(5_000);
                client.disconnect().waitForCompletion(5_000);
            }
            if (client != null) {
                client.close(true);
            }
        } catch (MqttException e) {
            log.debug("locker simulator close: {}", e.getMessage());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onCommand(message.getPayload());
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
