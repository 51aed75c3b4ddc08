package io.coldchain.server.locker;

import io.coldchain.gateway.contract.LockerEvent;
import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.custody.CustodyLog;
import io.coldchain.server.custody.CustodyType;
import io.coldchain.server.custody.Handoff;
import io.coldchain.server.network.CompartmentReservations;
import io.coldchain.server.notify.Notification;
import io.coldchain.server.notify.NotificationPort;
import io.coldchain.server.order.OrderLifecycle;
import io.coldchain.server.order.OrderState;
import io.coldchain.server.order.OrderStateChanged;
import io.coldchain.server.quality.Alerts;
import io.coldchain.server.security.CurrentUser;
import io.coldchain.server.security.Lockouts;
import io.coldchain.server.web.NotFoundException;
import io.coldchain.server.web.ProblemException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Resident pickup: a code and a QR token issued when an order is ready in its locker, shown again
 * to its owner only; presented in the app or at the bank's keypad and scanner; the compartments
 * opened and the order COLLECTED when their doors report CLOSED. Wrong codes lock the bank's keypad
 * and the source; a held order is refused with why and whom to contact; a deadline passes into
 * EXPIRED and a collection task.
 */
@Service
@Transactional
public class Pickups {

    private static final Logger log = LoggerFactory.getLogger(Pickups.class);

    public static final String CODE_INVALID = "pickup-code-invalid";
    public static final String LOCKED = "pickup-locked";
    public static final String ON_HOLD = "order-on-hold";
    public static final String EXPIRED = "pickup-expired";
    public static final String IN_PROGRESS = "pickup-in-progress";
    public static final String OFFLINE = "locker-offline";
    public static final String NOT_READY = "order-not-ready";
    public static final String ALREADY_EXTENDED = "pickup-already-extended";
    public static final String EXTENSION_UNAVAILABLE = "pickup-extension-unavailable";

    /** What the owner sees of a ready order. */
    public record PickupView(
            long orderId, String lockerBankId, String code, String qrToken, Instant deadline, boolean extended) {}

    /** What a started pickup opens. */
    public record Started(long orderId, List<String> compartments) {}

    private record Credential(
            long orderId,
            String bank,
            int counter,
            String salt,
            String nonce,
            Instant deadline,
            boolean extended,
            long residentId) {}

    private final JdbcClient jdbc;
    private final CompartmentReservations reservations;
    private final PickupSecrets secrets;
    private final LockerCommands commands;
    private final OrderLifecycle lifecycle;
    private final CustodyLog custody;
    private final NotificationPort notifications;
    private final Lockouts lockouts;
    private final PickupAudit audit;
    private final Alerts alerts;
    private final TransactionTemplate tx;
    private final ColdchainProperties.Lockers config;
    private final Lockouts.Policy keypadPolicy;
    private final Lockouts.Policy sourcePolicy;
    private final Lockouts.Policy accountPolicy;

    Pickups(
            JdbcClient jdbc,
            CompartmentReservations reservations,
            PickupSecrets secrets,
            LockerCommands commands,
            OrderLifecycle lifecycle,
            CustodyLog custody,
            NotificationPort notifications,
            Lockouts lockouts,
            PickupAudit audit,
            Alerts alerts,
            TransactionTemplate tx,
            ColdchainProperties properties) {
        this.jdbc = jdbc;
        this.reservations = reservations;
        this.secrets = secrets;
        this.commands = commands;
        this.lifecycle = lifecycle;
        this.custody = custody;
        this.notifications = notifications;
        this.lockouts = lockouts;
        this.audit = audit;
        this.alerts = alerts;
        this.tx = tx;
        this.config = properties.lockers();
        this.keypadPolicy =
                new Lockouts.Policy("pickup-keypad", config.wrongCodes(), config.wrongCodeWindow(), config.lockout());
        this.sourcePolicy =
                new Lockouts.Policy("pickup-source", config.wrongCodes(), config.wrongCodeWindow(), config.lockout());
        this.accountPolicy =
                new Lockouts.Policy("pickup-account", config.wrongCodes(), config.wrongCodeWindow(), config.lockout());
    }

    // ---- credentials follow the order's state

    @EventListener
    void orderMoved(OrderStateChanged moved) {
        if (moved.to() == OrderState.READY_FOR_PICKUP) {
            for (long order : moved.orderIds()) {
                issueIfLocker(order);
            }
        } else if (moved.to() == OrderState.COLLECTED
                || moved.to() == OrderState.CANCELLED
                || moved.to() == OrderState.DISCARDED
                || moved.to() == OrderState.EXPIRED) {
            jdbc.sql("update pickup_credential set revoked_at = now() where order_id = any(?::bigint[])"
                            + " and used_at is null and revoked_at is null")
                    .param(moved.orderIds().toArray(Long[]::new))
                    .update();
        }
    }

    private void issueIfLocker(long orderId) {
        record Order(String bank, String mode, long resident) {}
        Order order = jdbc.sql("select locker_bank_id, pickup_mode, resident_id from customer_order where id = ?")
                .param(orderId)
                .query((rs, n) -> new Order(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .single();
        if (!"LOCKER".equals(order.mode()) || order.bank() == null) {
            return;
        }
        boolean live = jdbc.sql(
                                "select count(*) from pickup_credential where order_id = ? and used_at is null and revoked_at is null")
                        .param(orderId)
                        .query(Integer.class)
                        .single()
                > 0;
        if (live) {
            return; // back from a hold: the code the resident has stays valid
        }
        // the compartments stay booked until the deadline (as far as the next booking allows)
        Instant deadline = reservations.bookUntil(orderId, deadline(orderId));
        int counter = jdbc.sql("select coalesce(max(code_counter), 0) + 1 from pickup_credential where order_id = ?")
                .param(orderId)
                .query(Integer.class)
                .single();
        jdbc.sql("delete from pickup_credential where order_id = ?")
                .param(orderId)
                .update();
        String code = null;
        for (int attempt = 0; attempt < 50; attempt++, counter++) {
            String salt = secrets.newNonce();
            code = secrets.code(orderId, counter, salt);
            int inserted = jdbc.sql(
                            """
                            insert into pickup_credential (order_id, locker_bank_id, code_counter, code_salt, code_hash, qr_nonce, deadline)
                            values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                            """)
                    .params(
                            orderId,
                            order.bank(),
                            counter,
                            salt,
                            secrets.codeHash(order.bank(), code),
                            secrets.newNonce(),
                            Timestamp.from(deadline))
                    .update();
            if (inserted == 1) {
                break; // unique among the bank's live codes
            }
            code = null;
        }
        if (code == null) {
            throw new IllegalStateException("no free pickup code at " + order.bank() + " after 50 tries");
        }
        notifications.send(Notification.toResident(
                order.resident(),
                "PICKUP_READY",
                orderId,
                "Order " + orderId + " is ready in locker bank " + order.bank() + " until " + deadline
                        + ". Enter your code on the keypad or show your QR code; both are in the app.",
                code));
        log.info("Order {} ready for pickup at {} until {}", orderId, order.bank(), deadline);
    }

    /**
     * The earliest of its parcels' deadlines: each waits as long as its zone allows after drop-off,
     * counted from the slot's start when it came early, and never ends before the slot does (an
     * order delivered a day early keeps the deadline of its slot).
     */
    private Instant deadline(long orderId) {
        record P(TemperatureZone zone, Timestamp delivered, Timestamp slotStart, Timestamp slotEnd) {}
        List<P> parcels = jdbc.sql(
                        """
                        select p.zone, p.delivered_at, o.slot_start, o.slot_end
                        from parcel p join customer_order o on o.id = p.order_id where p.order_id = ?
                        """)
                .param(orderId)
                .query((rs, n) -> new P(
                        TemperatureZone.valueOf(rs.getString(1)),
                        rs.getTimestamp(2),
                        rs.getTimestamp(3),
                        rs.getTimestamp(4)))
                .list();
        Instant now = Instant.now();
        return parcels.stream()
                .map(p -> {
                    Instant in = p.delivered() == null ? now : p.delivered().toInstant();
                    Instant from = latest(in, p.slotStart());
                    return latest(from.plus(config.hold(p.zone())), p.slotEnd());
                })
                .min(Instant::compareTo)
                .orElse(now.plus(config.holdChilled()));
    }

    private static Instant latest(Instant t, Timestamp other) {
        return other == null || t.isAfter(other.toInstant()) ? t : other.toInstant();
    }

    // ---- the owner's view

    public PickupView view(CurrentUser user, long orderId) {
        Credential c = ownCredential(user, orderId);
        return new PickupView(
                orderId,
                c.bank(),
                secrets.code(orderId, c.counter(), c.salt()),
                secrets.qrToken(orderId, c.bank(), c.deadline(), c.nonce()),
                c.deadline(),
                c.extended());
    }

    /** Extends the deadline once, before it passes. */
    public PickupView extend(CurrentUser user, long orderId) {
        Credential c = ownCredential(user, orderId);
        if (c.extended()) {
            throw new ProblemException(
                    HttpStatus.CONFLICT,
                    ALREADY_EXTENDED,
                    "Already extended",
                    "the pickup of order " + orderId + " was already extended once; the deadline is " + c.deadline());
        }
        if (!Instant.now().isBefore(c.deadline())) {
            throw new ProblemException(HttpStatus.GONE, EXPIRED, "Pickup expired", "the deadline has passed");
        }
        Instant deadline = c.deadline().plus(config.extension());
        Instant booked = reservations.bookUntil(orderId, deadline);
        if (booked.isBefore(deadline)) {
            reservations.bookUntil(orderId, c.deadline());
            throw new ProblemException(
                    HttpStatus.CONFLICT,
                    EXTENSION_UNAVAILABLE,
                    "Extension unavailable",
                    "the compartment is booked for another order from " + booked + "; the pickup of order " + orderId
                            + " cannot be extended past " + c.deadline());
        }
        jdbc.sql("update pickup_credential set deadline = ?, extended = true, qr_nonce = ? where order_id = ?")
                .params(Timestamp.from(deadline), secrets.newNonce(), orderId)
                .update();
        log.info("Order {} pickup extended to {}", orderId, deadline);
        return view(user, orderId);
    }

    private Credential ownCredential(CurrentUser user, long orderId) {
        OrderState state = jdbc.sql("select state, resident_id from customer_order where id = ?")
                .param(orderId)
                .query((rs, n) -> {
                    if (!user.isResident(rs.getLong(2))) {
                        throw new NotFoundException("order", orderId); // like a missing one: no probing
                    }
                    return OrderState.valueOf(rs.getString(1));
                })
                .optional()
                .orElseThrow(() -> new NotFoundException("order", orderId));
        if (state != OrderState.READY_FOR_PICKUP) {
            throw new ProblemException(
                    HttpStatus.CONFLICT,
                    state == OrderState.ON_HOLD ? ON_HOLD : NOT_READY,
                    "No pickup now",
                    "order " + orderId + " is " + state + "; its pickup code exists only while it is READY_FOR_PICKUP");
        }
        return live(orderId)
                .orElseThrow(() -> new ProblemException(
                        HttpStatus.CONFLICT,
                        NOT_READY,
                        "No pickup now",
                        "order " + orderId + " is not in a locker (store pickup)"));
    }

    private Optional<Credential> live(long orderId) {
        return jdbc.sql(
                        """
                        select c.order_id, c.locker_bank_id, c.code_counter, c.code_salt, c.qr_nonce, c.deadline, c.extended,
                               o.resident_id
                        from pickup_credential c join customer_order o on o.id = c.order_id
                        where c.order_id = ? and c.used_at is null and c.revoked_at is null for update of c
                        """)
                .param(orderId)
                .query((rs, n) -> new Credential(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getBoolean(7),
                        rs.getLong(8)))
                .optional();
    }

    // ---- presenting a code or token

    /**
     * A resident presents a code or token in the app. Refusals count against the source (address)
     * and the account; the resident may only collect their own orders.
     */
    public Started pickUp(CurrentUser user, String source, String bank, String code, String qrToken) {
        PickupAudit.Channel channel = code != null ? PickupAudit.Channel.APP_CODE : PickupAudit.Channel.APP_QR;
        for (Lockouts.Policy policy : List.of(sourcePolicy, accountPolicy)) {
            String subject = policy == sourcePolicy ? source : user.username();
            Optional<Duration> locked = lockouts.lockedFor(policy, subject);
            if (locked.isPresent()) {
                audit.record(bank, null, channel, user.username(), source, "LOCKED", null);
                throw new ProblemException(
                                HttpStatus.TOO_MANY_REQUESTS,
                                LOCKED,
                                "Pickup locked",
                                "too many wrong codes; try again in "
                                        + locked.get().toSeconds() + " s")
                        .retryAfter(locked.get());
            }
        }
        if (jdbc.sql("select count(*) from locker_bank where id = ?")
                        .param(bank)
                        .query(Integer.class)
                        .single()
                == 0) {
            throw new NotFoundException("locker bank", bank);
        }
        Optional<Credential> found = find(bank, code, qrToken).filter(c -> user.isResident(c.residentId()));
        if (found.isEmpty()) {
            boolean nowLocked = lockouts.failed(sourcePolicy, source).isPresent()
                    | lockouts.failed(accountPolicy, user.username()).isPresent();
            long left = nowLocked
                    ? 0
                    : Math.min(
                            lockouts.attemptsLeft(sourcePolicy, source),
                            lockouts.attemptsLeft(accountPolicy, user.username()));
            audit.record(bank, null, channel, user.username(), source, "INVALID", null);
            throw new ProblemException(
                            HttpStatus.FORBIDDEN,
                            CODE_INVALID,
                            "Pickup code invalid",
                            "no order waits at " + bank + " for that " + (code != null ? "code" : "QR code"))
                    .with("attemptsLeft", left);
        }
        return start(found.get(), channel, user.username(), source);
    }

    /** A code entered at the bank's keypad or a token held to its scanner (whoever holds it). */
    void atBank(String bank, LockerEvent event) {
        PickupAudit.Channel channel = LockerEvent.CODE_ENTERED.equals(event.type())
                ? PickupAudit.Channel.KEYPAD
                : PickupAudit.Channel.SCANNER;
        String actor = "bank:" + bank;
        tx.executeWithoutResult(
                s -> commands.recordEntry(bank, event, channel.name().toLowerCase(java.util.Locale.ROOT) + " entry"));
        try {
            tx.executeWithoutResult(s -> {
                Optional<Duration> locked = lockouts.lockedFor(keypadPolicy, bank);
                if (locked.isPresent()) {
                    audit.record(bank, null, channel, actor, bank, "LOCKED", "keypad locked");
                    return;
                }
                Optional<Credential> found = find(bank, event.code(), event.qrToken());
                if (found.isEmpty()) {
                    Optional<Duration> lock = lockouts.failed(keypadPolicy, bank);
                    audit.record(
                            bank, null, channel, actor, bank, "INVALID", lock.isPresent() ? "keypad now locked" : null);
                    lock.ifPresent(d -> log.warn("Keypad of locker bank {} locked for {} after wrong codes", bank, d));
                    return;
                }
                start(found.get(), channel, actor, bank);
            });
        } catch (ProblemException refused) {
            log.info("Pickup at {} refused: {}", bank, refused.getMessage()); // audited in start()
        }
    }

    private Optional<Credential> find(String bank, String code, String qrToken) {
        if (code != null) {
            if (!code.matches("\\d{6}")) {
                return Optional.empty();
            }
            Optional<Long> order = jdbc.sql(
                            """
                            select order_id from pickup_credential
                            where locker_bank_id = ? and code_hash = ? and used_at is null and revoked_at is null
                            """)
                    .params(bank, secrets.codeHash(bank, code))
                    .query(Long.class)
                    .optional();
            return order.flatMap(this::live);
        }
        Optional<PickupSecrets.QrClaims> claims = secrets.verify(qrToken);
        if (claims.isEmpty() || !claims.get().lockerBankId().equals(bank)) {
            return Optional.empty(); // forged, altered, or another bank's
        }
        return live(claims.get().orderId())
                .filter(c -> c.nonce().equals(claims.get().nonce()) && c.bank().equals(bank)); // replayed: nonce used
    }

    private Started start(Credential c, PickupAudit.Channel channel, String actor, String source) {
        OrderState state = lifecycle.lock(c.orderId());
        if (state == OrderState.ON_HOLD) {
            List<String> why = alerts.holdReasons(c.orderId());
            audit.record(c.bank(), c.orderId(), channel, actor, source, "ON_HOLD", null);
            throw new ProblemException(
                            HttpStatus.CONFLICT,
                            ON_HOLD,
                            "Order on hold",
                            "order " + c.orderId() + " is held for a quality check"
                                    + (why.isEmpty() ? "" : ": " + String.join("; ", why)) + ". Please contact "
                                    + config.contact() + ".")
                    .with("reason", why)
                    .with("contact", config.contact());
        }
        if (!Instant.now().isBefore(c.deadline())) {
            audit.record(c.bank(), c.orderId(), channel, actor, source, "EXPIRED", null);
            throw new ProblemException(
                    HttpStatus.GONE,
                    EXPIRED,
                    "Pickup expired",
                    "the pickup deadline of order " + c.orderId() + " passed at " + c.deadline()
                            + "; it goes back to the store");
        }
        if (state != OrderState.READY_FOR_PICKUP) {
            audit.record(c.bank(), c.orderId(), channel, actor, source, "NOT_READY", state.name());
            throw new ProblemException(
                    HttpStatus.CONFLICT, NOT_READY, "No pickup now", "order " + c.orderId() + " is " + state);
        }
        boolean busy = jdbc.sql("select count(*) from pickup where order_id = ? and state = 'OPENING'")
                        .param(c.orderId())
                        .query(Integer.class)
                        .single()
                > 0;
        if (busy) {
            audit.record(c.bank(), c.orderId(), channel, actor, source, "IN_PROGRESS", null);
            throw new ProblemException(
                    HttpStatus.CONFLICT,
                    IN_PROGRESS,
                    "Pickup in progress",
                    "the compartments of order " + c.orderId() + " are already opening");
        }
        boolean online = jdbc.sql("select online from locker_bank where id = ?")
                .param(c.bank())
                .query(Boolean.class)
                .single();
        if (!online) {
            audit.record(c.bank(), c.orderId(), channel, actor, source, "OFFLINE", null);
            throw new ProblemException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    OFFLINE,
                    "Locker offline",
                    "locker bank " + c.bank() + " is offline; please try again later");
        }
        record Slot(long parcelId, long compartmentId, String code) {}
        List<Slot> slots = jdbc.sql(
                        """
                        select p.id, c.id, c.code from parcel p join compartment c on c.id = p.compartment_id
                        where p.order_id = ? and c.locker_bank_id = ? and p.delivered_at is not null order by c.code
                        """)
                .params(c.orderId(), c.bank())
                .query((rs, n) -> new Slot(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                .list();
        long pickup = jdbc.sql(
                        "insert into pickup (order_id, locker_bank_id, channel, actor, state) values (?, ?, ?, ?, 'OPENING') returning id")
                .params(c.orderId(), c.bank(), channel.name(), actor)
                .query(Long.class)
                .single();
        for (Slot slot : slots) {
            commands.open(new LockerCommands.Target(
                    c.bank(),
                    slot.compartmentId(),
                    slot.code(),
                    slot.parcelId(),
                    c.orderId(),
                    LockerCommands.Purpose.PICKUP,
                    actor,
                    null,
                    pickup,
                    null));
        }
        // a QR token works once: the next one the app shows is a new one
        jdbc.sql("update pickup_credential set qr_nonce = ? where order_id = ?")
                .params(secrets.newNonce(), c.orderId())
                .update();
        audit.record(c.bank(), c.orderId(), channel, actor, source, "OPENED", slots.size() + " compartments");
        log.info(
                "Pickup of order {} at {} started ({}): opening {}",
                c.orderId(),
                c.bank(),
                channel,
                slots.stream().map(Slot::code).toList());
        return new Started(c.orderId(), slots.stream().map(Slot::code).toList());
    }

    // ---- the doors answer

    @EventListener
    void commandChanged(LockerCommands.CommandChanged changed) {
        LockerCommands.Command c = changed.command();
        if (c.purpose() != LockerCommands.Purpose.PICKUP || c.pickupId() == null) {
            return;
        }
        if (c.state().equals("FAILED")) {
            int failed = jdbc.sql(
                            "update pickup set state = 'FAILED', finished_at = now() where id = ? and state = 'OPENING'")
                    .param(c.pickupId())
                    .update();
            if (failed > 0) {
                long resident = jdbc.sql("select resident_id from customer_order where id = ?")
                        .param(c.orderId())
                        .query(Long.class)
                        .single();
                notifications.send(Notification.toResident(
                        resident,
                        "PICKUP_FAILED",
                        c.orderId(),
                        "Compartment " + c.compartment() + " of " + c.lockerBankId() + " did not open (" + c.failure()
                                + "). Your code still works: please try again, or contact " + config.contact() + ".",
                        null));
            }
            return;
        }
        if (!c.state().equals("CLOSED")) {
            return;
        }
        int open = jdbc.sql("select count(*) from locker_command where pickup_id = ? and state <> 'CLOSED'")
                .param(c.pickupId())
                .query(Integer.class)
                .single();
        if (open > 0) {
            return;
        }
        collected(c.orderId(), c.pickupId(), c.lockerBankId());
    }

    private void collected(long orderId, long pickupId, String bank) {
        int done = jdbc.sql(
                        "update pickup set state = 'COLLECTED', finished_at = now() where id = ? and state = 'OPENING'")
                .param(pickupId)
                .update();
        if (done == 0) {
            return;
        }
        OrderState state = lifecycle.lock(orderId);
        if (state != OrderState.READY_FOR_PICKUP) {
            log.warn("Order {} was taken out of {} while {}", orderId, bank, state);
            return;
        }
        jdbc.sql("update pickup_credential set used_at = now() where order_id = ?")
                .param(orderId)
                .update();
        lifecycle.move(orderId, OrderState.COLLECTED, "resident", "collected from " + bank);
        Instant now = Instant.now();
        List<Long> parcels = jdbc.sql("select id from parcel where order_id = ? order by id")
                .param(orderId)
                .query(Long.class)
                .list();
        long resident = jdbc.sql("select resident_id from customer_order where id = ?")
                .param(orderId)
                .query(Long.class)
                .single();
        custody.record(parcels.stream()
                .map(p -> new Handoff(
                        p,
                        orderId,
                        CustodyType.COLLECTED,
                        null,
                        null,
                        "resident " + resident,
                        now,
                        "pickup " + pickupId))
                .toList());
        reservations.releaseOrder(orderId); // the bookings end now: the compartments are free again
        notifications.send(Notification.toResident(
                resident,
                "COLLECTED",
                orderId,
                "Order " + orderId + " collected. How fresh was it? Rate it in the app.",
                null));
        log.info("Order {} collected from {}", orderId, bank);
    }

    // ---- deadlines

    /** Orders past their deadline go back to the store (EXPIRED); returns how many. */
    public int expireDue() {
        List<Long> due = tx.execute(s -> jdbc.sql(
                        """
                        select c.order_id from pickup_credential c join customer_order o on o.id = c.order_id
                        where c.deadline < now() and c.used_at is null and c.revoked_at is null
                          and o.state = 'READY_FOR_PICKUP'
                        order by c.deadline limit 500
                        """)
                .query(Long.class)
                .list());
        int expired = 0;
        for (long order : due) {
            Boolean moved = tx.execute(s -> {
                if (lifecycle.lock(order) != OrderState.READY_FOR_PICKUP) {
                    return false;
                }
                lifecycle.move(order, OrderState.EXPIRED, "system", "not collected by its pickup deadline");
                return true;
            });
            expired += Boolean.TRUE.equals(moved) ? 1 : 0;
        }
        if (expired > 0) {
            log.info("{} locker orders expired: their compartments wait for the next route", expired);
        }
        return expired;
    }
}
