package io.coldchain.server.ui;

import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.security.CurrentUser;
import io.coldchain.server.security.Role;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live-event hub behind {@code GET /api/v1/live}: every event has an id, a name and an audience
 * (roles, and residents by id); each client gets what its user may see, the recent events are kept
 * so a client that reconnects with {@code Last-Event-ID} misses nothing, a heartbeat keeps idle
 * streams open through proxies, and a client whose stream fails is dropped at once.
 */
@Component
public class LiveEvents implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);

    /** Staff who watch the network: every event about routes, waves, alerts and telemetry. */
    static final Set<Role> STAFF = EnumSet.of(Role.ADMIN, Role.DISPATCHER, Role.QUALITY, Role.COURIER);

    /** Who may see an event: users with one of the roles, and the residents with one of the ids. */
    record Audience(Set<Role> roles, Set<Long> residents, String asset) {
        static Audience roles(Set<Role> roles) {
            return new Audience(roles, Set.of(), null);
        }

        static Audience resident(long residentId) {
            return new Audience(Set.of(), Set.of(residentId), null);
        }

        static Audience watchers(Set<Role> roles, String asset) {
            return new Audience(roles, Set.of(), asset);
        }

        boolean admits(Client client) {
            CurrentUser user = client.user();
            boolean who = roles.contains(user.role())
                    || (user.role() == Role.RESIDENT
                            && user.residentId() != null
                            && residents.contains(user.residentId()));
            return who && (asset == null || client.assets().contains(asset));
        }
    }

    record Event(long id, String name, String data, Audience audience) {}

    record Client(SseEmitter emitter, CurrentUser user, Set<String> assets) {}

    private final JsonMapper json;
    private final ColdchainProperties.Ui config;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final Deque<Event> recent = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    // one thread writes to the streams, so a slow client never holds up the transaction that
    // published, and events reach every client in the order they were published
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> daemon(r, "live-events"));
    private final ScheduledExecutorService heartbeat =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "live-heartbeat"));

    LiveEvents(JsonMapper json, ColdchainProperties properties, io.micrometer.core.instrument.MeterRegistry meters) {
        io.micrometer.core.instrument.Gauge.builder("coldchain.sse.clients", clients, Set::size)
                .description("live-event streams open")
                .register(meters);
        this.json = json;
        this.config = properties.ui();
        long every = config.liveHeartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** Opens a stream for the user; replays the kept events after {@code lastEventId} it may see. */
    SseEmitter open(CurrentUser user, Long lastEventId, Set<String> assets) {
        SseEmitter emitter = new SseEmitter(java.time.Duration.ofMinutes(30).toMillis());
        Client client = new Client(emitter, user, Set.copyOf(assets));
        emitter.onCompletion(() -> clients.remove(client));
        emitter.onTimeout(() -> clients.remove(client));
        emitter.onError(e -> clients.remove(client));
        sender.execute(() -> {
            List<Event> replay = new ArrayList<>();
            if (lastEventId != null) {
                synchronized (recent) {
                    recent.stream().filter(e -> e.id() > lastEventId).forEach(replay::add);
                }
            }
            // the retry hint and a first comment make the browser's EventSource report "open" now
            if (!send(client, SseEmitter.event().reconnectTime(3000).comment("connected"))) {
                return;
            }
            for (Event e : replay) {
                if (e.audience().admits(client) && !send(client, event(e))) {
                    return;
                }
            }
            clients.add(client);
        });
        return emitter;
    }

    /** Sends an event to everyone in the audience (after the current work; never blocks). */
    void publish(String name, Object payload, Audience audience) {
        String data;
        try {
            data = json.writeValueAsString(payload);
        } catch (tools.jackson.core.JacksonException e) {
            log.warn("Live event {} not sent: {}", name, e.getOriginalMessage());
            return;
        }
        Event event = new Event(ids.incrementAndGet(), name, data, audience);
        synchronized (recent) {
            recent.addLast(event);
            while (recent.size() > config.liveReplay()) {
                recent.removeFirst();
            }
        }
        sender.execute(() -> {
            for (Client client : clients) {
                if (audience.admits(client)) {
                    send(client, event(event));
                }
            }
        });
    }

    /** The assets the connected clients watch (the telemetry feed reads only those). */
    Set<String> watchedAssets() {
        Set<String> assets = new java.util.TreeSet<>();
        clients.forEach(c -> assets.addAll(c.assets()));
        return assets;
    }

    /** Connected clients (for the benchmark and the health of the feed). */
    public int clients() {
        return clients.size();
    }

    private static SseEmitter.SseEventBuilder event(Event e) {
        return SseEmitter.event().id(Long.toString(e.id())).name(e.name()).data(e.data(), MediaType.APPLICATION_JSON);
    }

    void beat() {
        sender.execute(() -> {
            for (Client client : clients) {
                send(client, SseEmitter.event().comment("heartbeat"));
            }
        });
    }

    private boolean send(Client client, SseEmitter.SseEventBuilder event) {
        try {
            client.emitter().send(event);
            return true;
        } catch (IOException | IllegalStateException e) {
            // the browser went away (or the stream ended): drop it now, not at the next timeout
            clients.remove(client);
            client.emitter().completeWithError(e);
            return false;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
        sender.shutdownNow();
        clients.forEach(c -> c.emitter().complete());
        clients.clear();
    }
}
