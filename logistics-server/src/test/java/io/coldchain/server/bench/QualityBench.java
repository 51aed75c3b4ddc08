package io.coldchain.server.bench;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.AlertState;
import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.quality.Alerts;
import io.coldchain.server.quality.ColdChainReport;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Quality at size, through the server's own services on a real PostgreSQL (the embedded one):
 *
 * <ol>
 *   <li>the cold-chain report of an order whose trail holds {@code -Dbench.readings} (10,000)
 *       readings (one a minute in its locker zone for a week), median of 20;
 *   <li>the affected-order computation of an alert over a bank that took {@code
 *       -Dbench.parcelsPerDay} (500) parcels a day for {@code -Dbench.days} (90) days: the stays
 *       overlapping a two-hour excursion on the last day, median of 20; and one alert applied
 *       whole (found, recorded, held).
 * </ol>
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl logistics-server exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.coldchain.server.bench.QualityBench
 * </pre>
 */
public final class QualityBench {

    public static void main(String[] args) {
        int readings = Integer.getInteger("bench.readings", 10_000);
        int perDay = Integer.getInteger("bench.parcelsPerDay", 500);
        int days = Integer.getInteger("bench.days", 90);
        ConfigurableApplicationContext app = BenchServer.start("bench-quality");
        try {
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            TransactionTemplate tx = app.getBean(TransactionTemplate.class);
            report(app, jdbc, readings);
            affected(app, jdbc, tx, perDay, days);
        } finally {
            SpringApplication.exit(app);
        }
    }

    /** One order in LB-0001's chilled zone for as long as {@code readings} minutes, with its trail. */
    static void report(ConfigurableApplicationContext app, JdbcClient jdbc, int readings) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant dropped = now.minus(Duration.ofMinutes(readings));
        long order = insertOrders(jdbc, 1, "LB-0001", "READY_FOR_PICKUP").get(0);
        long parcel = jdbc.sql("select id from parcel where order_id = ?")
                .param(order)
                .query(Long.class)
                .single();
        custody(jdbc, parcel, order, "PICKED_AT_STORE", "ST-01", dropped.minus(Duration.ofHours(2)));
        custody(jdbc, parcel, order, "LOADED", "VH-01/CHILLED", dropped.minus(Duration.ofHours(1)));
        custody(jdbc, parcel, order, "DROPPED", "LB-0001/CHILLED", dropped);
        jdbc.sql(
                        """
                        insert into telemetry (device_id, seq, ts, probe, temp_c)
                        select 'LB-0001', g, ?::timestamptz + g * interval '1 minute', 'chilled',
                               3 + sin(g / 30.0) + case when g between 4000 and 4060 then 5 else 0 end
                        from generate_series(1, ?) g
                        """)
                .params(Timestamp.from(dropped), readings)
                .update();
        jdbc.sql(
                        """
                        insert into telemetry (device_id, seq, ts, probe, temp_c)
                        select 'DEV-VH-01', g, ?::timestamptz + g * interval '1 minute', 'chilled', 2.5
                        from generate_series(1, 60) g
                        """)
                .param(Timestamp.from(dropped.minus(Duration.ofHours(1))))
                .update();
        jdbc.sql("analyze telemetry").update();
        ColdChainReport reports = app.getBean(ColdChainReport.class);
        List<Long> nanos = new ArrayList<>();
        ColdChainReport.Report last = null;
        for (int i = 0; i < 25; i++) {
            long t = System.nanoTime();
            last = reports.of(order, true, now);
            if (i >= 5) {
                nanos.add(System.nanoTime() - t);
            }
        }
        int trail =
                last.stays().stream().mapToInt(ColdChainReport.Stay::readings).sum();
        System.out.printf(
                Locale.ROOT,
                "cold-chain report: %d readings in the trail, %d stays; median %.1f ms, max %.1f ms (target < 200 ms)%n",
                trail,
                last.stays().size(),
                median(nanos) / 1e6,
                Collections.max(nanos) / 1e6);
    }

    /** A bank's 90 days of parcels, then an alert over two hours of the last day. */
    static void affected(
            ConfigurableApplicationContext app, JdbcClient jdbc, TransactionTemplate tx, int perDay, int days) {
        long t0 = System.nanoTime();
        int parcels = perDay * days;
        List<Long> orders = insertOrders(jdbc, parcels, "LB-0002", "COLLECTED");
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days));
        // each parcel dropped at a random moment of its day and collected 2 to 26 hours later
        jdbc.sql(
                        """
                        insert into parcel_stay (parcel_id, order_id, asset_id, compartment, from_at, to_at, from_type)
                        select p.id, p.order_id, 'LB-0002/CHILLED', 'C01',
                               ?::timestamptz + (row_number() over (order by p.id) - 1) / ? * interval '1 day'
                                 + (random() * 86400) * interval '1 second',
                               null, 'DROPPED'
                        from parcel p where p.order_id = any(?::bigint[])
                        """)
                .params(Timestamp.from(start), perDay, orders.toArray(Long[]::new))
                .update();
        jdbc.sql("update parcel_stay set to_at = from_at + (2 + random() * 24) * interval '1 hour'"
                        + " where asset_id = 'LB-0002/CHILLED'")
                .update();
        jdbc.sql("analyze parcel_stay").update();
        System.out.printf(
                Locale.ROOT,
                "affected orders: %d parcel stays over %d days seeded in %.1f s%n",
                parcels,
                days,
                (System.nanoTime() - t0) / 1e9);
        Instant from = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(14));
        Instant to = from.plus(Duration.ofHours(2));
        List<Long> nanos = new ArrayList<>();
        int found = 0;
        for (int i = 0; i < 25; i++) {
            long t = System.nanoTime();
            found = jdbc.sql(
                            """
                            select count(distinct s.parcel_id) from parcel_stay s
                            where s.asset_id = ? and tstzrange(s.from_at, s.to_at, '[]') && tstzrange(?, ?, '[]')
                            """)
                    .params("LB-0002/CHILLED", Timestamp.from(from), Timestamp.from(to))
                    .query(Integer.class)
                    .single();
            if (i >= 5) {
                nanos.add(System.nanoTime() - t);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "affected orders: %d parcels touched by a 2 h excursion among %d stays; median %.2f ms, max %.2f ms"
                        + " (target < 100 ms)%n",
                found,
                parcels,
                median(nanos) / 1e6,
                Collections.max(nanos) / 1e6);
        Alerts alerts = app.getBean(Alerts.class);
        long t = System.nanoTime();
        alerts.apply(new AlertEvent(
                "bench-alert",
                AlertState.RAISED,
                AlertType.TEMPERATURE_HIGH,
                "LB-0002",
                "chilled",
                "LB-0002/CHILLED",
                TemperatureZone.CHILLED,
                from,
                null,
                8.0,
                30,
                to));
        System.out.printf(
                Locale.ROOT,
                "the whole alert applied (found, recorded, %d orders touched): %.1f ms%n",
                alerts.detail("bench-alert").affectedOrders().size(),
                (System.nanoTime() - t) / 1e6);
    }

    /** Orders with one chilled parcel each at {@code bank}, straight into the tables. */
    static List<Long> insertOrders(JdbcClient jdbc, int count, String bank, String state) {
        List<Long> ids = jdbc.sql(
                        """
                        insert into customer_order (resident_id, placed_by, idempotency_key, request_hash, fulfilment,
                            slot_start, slot_end, state, pickup_mode, store_id, locker_bank_id)
                        select 1, 'bench', 'bench-' || gen_random_uuid(), 'x', 'LOCKER', now(), now() + interval '1 day', ?,
                               'LOCKER', 'ST-01', ?
                        from generate_series(1, ?) returning id
                        """)
                .params(state, bank, count)
                .query(Long.class)
                .list();
        jdbc.sql(
                        """
                        insert into parcel (order_id, zone, size, volume_litres, weight_kg, delivered_at)
                        select id, 'CHILLED', 'M', 2, 1, now() from unnest(?::bigint[]) as o(id)
                        """)
                .param(ids.toArray(Long[]::new))
                .update();
        jdbc.sql(
                        """
                        insert into order_line (order_id, line_no, product_id, quantity)
                        select id, 1, 'MILK-1L', 1 from unnest(?::bigint[]) as o(id)
                        """)
                .param(ids.toArray(Long[]::new))
                .update();
        jdbc.sql(
                        """
                        insert into order_lot (order_id, lot_id, product_id, quantity)
                        select o.id, (select id from stock_lot where store_id = 'ST-01' and product_id = 'MILK-1L'
                                      order by best_before limit 1), 'MILK-1L', 1
                        from unnest(?::bigint[]) as o(id)
                        """)
                .param(ids.toArray(Long[]::new))
                .update();
        return ids;
    }

    static void custody(JdbcClient jdbc, long parcel, long order, String type, String asset, Instant at) {
        jdbc.sql(
                        """
                        insert into custody_event (parcel_id, order_id, type, asset_id, holder, at)
                        values (?, ?, ?, ?, 'bench', ?)
                        """)
                .params(parcel, order, type, asset, Timestamp.from(at))
                .update();
        jdbc.sql("update parcel_stay set to_at = ? where parcel_id = ? and to_at is null")
                .params(Timestamp.from(at), parcel)
                .update();
        jdbc.sql(
                        """
                        insert into parcel_stay (parcel_id, order_id, asset_id, from_at, from_type) values (?, ?, ?, ?, ?)
                        """)
                .params(parcel, order, asset, Timestamp.from(at), type)
                .update();
    }

    static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
