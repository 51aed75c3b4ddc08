package io.coldchain.server.locker;

import io.coldchain.server.security.CurrentUser;
import io.coldchain.server.web.ConflictException;
import io.coldchain.server.web.NotFoundException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Freshness ratings: a resident rates a collected order once (1-5 and a comment); staff list them by
 * store, product and bank, the data that closes the loop from online order to offline hand-over.
 */
@Service
@Transactional
public class Feedback {

    /** A rating. */
    public record Rating(
            long orderId,
            long residentId,
            int rating,
            String comment,
            Instant createdAt,
            String storeId,
            String lockerBankId,
            List<String> productIds) {}

    /** Ratings with their average. */
    public record Ratings(int count, Double average, List<Rating> ratings) {}

    private final JdbcClient jdbc;

    Feedback(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Rating rate(CurrentUser user, long orderId, int rating, String comment) {
        record O(long resident, String state) {}
        O order = jdbc.sql("select resident_id, state from customer_order where id = ? for update")
                .param(orderId)
                .query((rs, n) -> new O(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElseThrow(() -> new NotFoundException("order", orderId));
        if (!user.isResident(order.resident())) {
            throw new NotFoundException("order", orderId); // like a missing one: no probing
        }
        if (!order.state().equals("COLLECTED")) {
            throw new ConflictException(
                    "order " + orderId + " is " + order.state() + "; it can be rated once collected");
        }
        int inserted = jdbc.sql(
                        """
                        insert into order_feedback (order_id, resident_id, rating, comment) values (?, ?, ?, ?)
                        on conflict (order_id) do nothing
                        """)
                .params(orderId, order.resident(), rating, comment)
                .update();
        if (inserted == 0) {
            throw new ConflictException("order " + orderId + " was already rated");
        }
        return list(null, null, null, orderId, null, null).ratings().get(0);
    }

    @Transactional(readOnly = true)
    public Ratings list(
            String storeId, String productId, String lockerBankId, Long orderId, LocalDate from, LocalDate to) {
        List<Rating> ratings = jdbc.sql(
                        """
                        select f.order_id, f.resident_id, f.rating, f.comment, f.created_at, o.store_id, o.locker_bank_id,
                            (select array_agg(l.product_id order by l.line_no) from order_line l where l.order_id = o.id)
                        from order_feedback f join customer_order o on o.id = f.order_id
                        where (?::varchar is null or o.store_id = ?::varchar)
                          and (?::varchar is null or o.locker_bank_id = ?::varchar)
                          and (?::varchar is null or exists (select 1 from order_line l where l.order_id = o.id and l.product_id = ?::varchar))
                          and (?::bigint is null or f.order_id = ?::bigint)
                          and (?::date is null or f.created_at >= ?::date)
                          and (?::date is null or f.created_at < ?::date + 1)
                        order by f.created_at desc limit 1000
                        """)
                .params(
                        storeId,
                        storeId,
                        lockerBankId,
                        lockerBankId,
                        productId,
                        productId,
                        orderId,
                        orderId,
                        date(from),
                        date(from),
                        date(to),
                        date(to))
                .query((rs, n) -> new Rating(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getArray(8) == null
                                ? List.of()
                                : List.of((String[]) rs.getArray(8).getArray())))
                .list();
        Double average = ratings.isEmpty()
                ? null
                : Math.round(ratings.stream().mapToInt(Rating::rating).average().orElse(0) * 100) / 100.0;
        return new Ratings(ratings.size(), average, ratings);
    }

    private static java.sql.Date date(LocalDate d) {
        return d == null ? null : java.sql.Date.valueOf(d);
    }
}
