package io.agentstore.internal.shape;

import java.sql.SQLException;

/** Maps the current row, read through the fields of the shape's select list, to a value. */
@FunctionalInterface
public interface RowMapper<T> {
    T map(Row row) throws SQLException;
}
