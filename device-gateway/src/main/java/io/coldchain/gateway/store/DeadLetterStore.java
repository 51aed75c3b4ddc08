package io.coldchain.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Rejected payloads with topic and reason, in PostgreSQL. */
public final class DeadLetterStore {

    /** A rejected payload or element. */
    public record DeadLetter(String topic, String deviceId, String reason, String payload) {}

    private final DataSource dataSource;

    public DeadLetterStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Longest reason kept; payloads are bounded by the decoder's payload limit. */
    static final int MAX_REASON = 2_000;

    /**
     * Stores the letters. This is the last place a message can go, so a letter the database refuses
     * as it is (a data error) is stored again with its text reduced to printable characters, and
     * never fails the batch; only an unreachable database throws.
     */
    public void store(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        try {
            insert(letters, false);
        } catch (DataRejectedException e) {
            for (DeadLetter letter : letters) {
                try {
                    insert(List.of(letter), false);
                } catch (DataRejectedException again) {
                    insert(List.of(letter), true);
                }
            }
        }
    }

    private void insert(List<DeadLetter> letters, boolean printableOnly) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(
                        "insert into dead_letter (topic, device_id, reason, payload) values (?, ?, ?, ?)")) {
            for (DeadLetter letter : letters) {
                st.setString(1, text(letter.topic(), printableOnly));
                st.setString(2, letter.deviceId() == null ? null : text(letter.deviceId(), printableOnly));
                st.setString(3, truncate(text(letter.reason(), printableOnly)));
                st.setString(4, text(letter.payload(), printableOnly));
                st.addBatch();
            }
            st.executeBatch();
        } catch (SQLException e) {
            throw SqlFailures.classify("storing " + letters.size() + " dead letters failed", e);
        }
    }

    /** PostgreSQL text cannot hold NUL; with {@code printableOnly}, nothing but printable characters stays. */
    static String text(String s, boolean printableOnly) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean keep = cp != 0
                    && !(cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)
                    && (!printableOnly || cp >= 0x20 && cp < 0x7f);
            out.appendCodePoint(keep ? cp : printableOnly ? '?' : 0xFFFD);
        });
        return out.toString();
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "...";
    }

    /** The latest letters of a device, newest first. */
    public List<DeadLetter> latest(String deviceId, int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(
                        "select topic, device_id, reason, payload from dead_letter where device_id = ?"
                                + " order by id desc limit ?")) {
            st.setString(1, deviceId);
            st.setInt(2, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    letters.add(new DeadLetter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("reading dead letters failed", e);
        }
        return letters;
    }
}
