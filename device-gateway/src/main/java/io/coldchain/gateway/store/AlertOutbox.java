package io.coldchain.gateway.store;

import io.coldchain.gateway.contract.AlertEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import tools.jackson.databind.json.JsonMapper;

/** Alert events waiting to be published, oldest first, per gateway. */
public final class AlertOutbox {

    /** An event in the outbox. */
    public record Pending(long id, AlertEvent event) {}

    private final DataSource dataSource;
    private final String gateway;
    private final JsonMapper json = JsonMapper.builder().build();

    public AlertOutbox(DataSource dataSource, String gateway) {
        this.dataSource = dataSource;
        this.gateway = gateway;
    }

    public String gateway() {
        return gateway;
    }

    /** Adds events on the caller's connection (inside its transaction). */
    void add(Connection c, List<AlertEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("insert into alert_outbox (gateway, event) values (?, ?)")) {
            for (AlertEvent event : events) {
                st.setString(1, gateway);
                st.setString(2, json.writeValueAsString(event));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** The oldest events not yet published. */
    public List<Pending> next(int limit) {
        List<Pending> pending = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(
                        "select id, event from alert_outbox where gateway = ? order by id limit ?")) {
            st.setString(1, gateway);
            st.setInt(2, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    pending.add(new Pending(rs.getLong(1), json.readValue(rs.getString(2), AlertEvent.class)));
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("reading the alert outbox failed", e);
        }
        return pending;
    }

    /** Removes events the broker has confirmed. */
    public void remove(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("delete from alert_outbox where id = any(?)")) {
            st.setArray(1, c.createArrayOf("int8", ids.toArray()));
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreUnavailableException("clearing the alert outbox failed", e);
        }
    }

    /** How many events wait. */
    public long size() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("select count(*) from alert_outbox where gateway = ?")) {
            st.setString(1, gateway);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("counting the alert outbox failed", e);
        }
    }
}
