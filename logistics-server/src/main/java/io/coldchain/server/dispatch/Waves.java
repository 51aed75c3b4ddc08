package io.coldchain.server.dispatch;

import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.web.ConflictException;
import io.coldchain.server.web.InvalidFieldException;
import io.coldchain.server.web.NotFoundException;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Waves: recorded on request, planned one at a time in the background (with progress and
 * cancellation), read back with their routes and what they left out.
 */
@Service
@Transactional
public class Waves {

    private final JdbcClient jdbc;
    private final WavePlanner planner;
    private final ColdchainProperties.Dispatch config;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wave-planner");
        t.setDaemon(true);
        return t;
    });

    Waves(JdbcClient jdbc, WavePlanner planner, ColdchainProperties properties) {
        this.jdbc = jdbc;
        this.planner = planner;
        this.config = properties.dispatch();
    }

    /** Records the wave and queues its planning (after commit); returns it in PLANNING. */
    public WaveResponse createWave(WaveRequest request, String actor) {
        List<String> stores = request.storeIds().stream().distinct().sorted().toList();
        for (int i = 0; i < stores.size(); i++) {
            boolean exists = jdbc.sql("select count(*) from store where id = ?")
                            .param(stores.get(i))
                            .query(Integer.class)
                            .single()
                    > 0;
            if (!exists) {
                throw new InvalidFieldException("storeIds[" + i + "]", "store '" + stores.get(i) + "' does not exist");
            }
        }
        LocalDate date = request.deliveryDate();
        if (planner.at(date, config.shiftEnd()).isBefore(java.time.Instant.now())) {
            throw new InvalidFieldException("deliveryDate", "the day's shifts are already over");
        }
        int limit = request.timeLimitSeconds() != null
                ? request.timeLimitSeconds()
                : (int) config.planningTimeLimit().toSeconds();
        long id = jdbc.sql(
                        """
                        insert into wave (delivery_date, store_ids, status, created_by, time_limit_s, shift_start, shift_end)
                        values (?, ?, 'PLANNING', ?, ?, ?, ?) returning id
                        """)
                .params(
                        java.sql.Date.valueOf(date),
                        String.join(",", stores),
                        actor,
                        limit,
                        Timestamp.from(planner.earliestDeparture(date)),
                        Timestamp.from(planner.at(date, config.shiftEnd())))
                .query(Long.class)
                .single();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                executor.submit(() -> planner.plan(id));
            }
        });
        return wave(id);
    }

    @Transactional(readOnly = true)
    public WaveResponse wave(long id) {
        List<Long> routes = jdbc.sql("select id from route where wave_id = ? order by id")
                .param(id)
                .query(Long.class)
                .list();
        List<WaveResponse.Unserved> unserved = jdbc.sql(
                        """
                        select u.parcel_id, p.order_id, o.locker_bank_id, u.reason from wave_unserved u
                        join parcel p on p.id = u.parcel_id join customer_order o on o.id = p.order_id
                        where u.wave_id = ? order by u.parcel_id
                        """)
                .param(id)
                .query((rs, n) ->
                        new WaveResponse.Unserved(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
                .list();
        return jdbc.sql(
                        """
                        select id, delivery_date, store_ids, status, created_by, created_at, finished_at, time_limit_s,
                            shift_start, shift_end, vehicles, drive_seconds, distance_m, parcels_planned, parcels_unserved, note,
                            iterations, search_seconds, stop_reason
                        from wave where id = ?
                        """)
                .param(id)
                .query((rs, n) -> new WaveResponse(
                        rs.getLong(1),
                        rs.getDate(2).toLocalDate(),
                        List.of(rs.getString(3).split(",")),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        instant(rs.getTimestamp(7)),
                        rs.getInt(8),
                        rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10).toInstant(),
                        "PLANNING".equals(rs.getString(4))
                                ? planner.progress.get(id)
                                : rs.getObject(17) == null
                                        ? null
                                        : new WaveResponse.Progress(
                                                rs.getLong(17),
                                                (Integer) rs.getObject(11),
                                                (Double) rs.getObject(12),
                                                null,
                                                rs.getDouble(18),
                                                null,
                                                rs.getString(19)),
                        (Integer) rs.getObject(11),
                        (Double) rs.getObject(12),
                        (Double) rs.getObject(13),
                        (Integer) rs.getObject(14),
                        (Integer) rs.getObject(15),
                        rs.getString(16),
                        routes,
                        unserved))
                .optional()
                .orElseThrow(() -> new NotFoundException("wave", id));
    }

    @Transactional(readOnly = true)
    public List<WaveResponse> waves(LocalDate date) {
        return jdbc
                .sql(
                        "select id from wave where (?::date is null or delivery_date = ?::date) order by id desc limit 100")
                .params(
                        date == null ? null : java.sql.Date.valueOf(date),
                        date == null ? null : java.sql.Date.valueOf(date))
                .query(Long.class)
                .list()
                .stream()
                .map(this::wave)
                .toList();
    }

    /**
     * Stops a wave still planning (nothing is stored), or discards a planned wave none of whose
     * routes is approved yet (its parcels become plannable again).
     */
    public WaveResponse cancelWave(long id) {
        String status = jdbc.sql("select status from wave where id = ? for update")
                .param(id)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new NotFoundException("wave", id));
        switch (status) {
            case "PLANNING" -> planner.cancelled.put(id, true);
            case "PLANNED" -> {
                int live = jdbc.sql(
                                "select count(*) from route where wave_id = ? and status not in ('PLANNED','CANCELLED')")
                        .param(id)
                        .query(Integer.class)
                        .single();
                if (live > 0) {
                    throw new ConflictException(
                            "wave " + id + " has " + live + " approved or started routes; it cannot be discarded");
                }
                jdbc.sql(
                                "update parcel set route_stop_id = null where route_stop_id in "
                                        + "(select s.id from route_stop s join route r on r.id = s.route_id where r.wave_id = ?)")
                        .param(id)
                        .update();
                jdbc.sql("update route set status = 'CANCELLED', version = version + 1 where wave_id = ?")
                        .param(id)
                        .update();
                jdbc.sql("update wave set status = 'CANCELLED', note = 'discarded' where id = ?")
                        .param(id)
                        .update();
            }
            default -> throw new ConflictException("wave " + id + " is " + status + "; nothing to cancel");
        }
        return wave(id);
    }

    private static java.time.Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    /** A wave left PLANNING by a stopped server will never finish: say so. */
    @jakarta.annotation.PostConstruct
    void failInterrupted() {
        jdbc.sql(
                        "update wave set status = 'FAILED', finished_at = now(), note = 'planning was interrupted by a restart; plan again'"
                                + " where status = 'PLANNING'")
                .update();
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
