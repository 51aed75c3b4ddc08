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

    public void store(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(
                        "insert into dead_letter (topic, device_id, reason, payload) values (?, ?, ?, ?)")) {
            for (DeadLetter letter : letters) {
                st.setString(1, letter.topic());
                st.setString(2, letter.deviceId());
                st.setString(3, letter.reason());
                // PostgreSQL text cannot hold NUL
                st.setString(4, letter.payload().replace('\u0000', '\uFFFD'));
                st.addBatch();
            }
            st.executeBatch();
        } catch (SQLException e) {
            throw new StoreUnavailableException("storing " + letters.size() + " dead letters failed", e);
        }
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
