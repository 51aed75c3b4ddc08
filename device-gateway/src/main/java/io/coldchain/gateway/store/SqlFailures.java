package io.coldchain.gateway.store;

import java.sql.SQLException;

/** Tells a failure caused by the data (SQLSTATE class 22, 23) from one of the database itself. */
final class SqlFailures {

    private SqlFailures() {}

    /** The exception to throw for {@code e}: {@link DataRejectedException} or {@link StoreUnavailableException}. */
    static RuntimeException classify(String what, SQLException e) {
        return isDataError(e)
                ? new DataRejectedException(what + ": " + e.getMessage(), e)
                : new StoreUnavailableException(what, e);
    }

    static boolean isDataError(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
        }
        return false;
    }
}
