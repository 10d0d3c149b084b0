package io.agentstore.internal;

import io.agentstore.db.converters.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Column readers shared by the mappers. */
final class Rows {

    private Rows() {
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : Timestamps.parse(s);
    }

    static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
