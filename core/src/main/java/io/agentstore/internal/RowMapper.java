package io.agentstore.internal;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps the current row of a result set, by column position, to a value. */
@FunctionalInterface
public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
}
