package io.agentstore.internal.shape;

import java.sql.SQLException;
import java.util.List;
import org.jooq.Field;

/**
 * An aggregate's column list and its mapper, kept together: shapes select {@link #fields()},
 * calls map their rows with this, and the mapper reads each value through the same field
 * objects (never by number), so a column added to the list cannot shift another's value.
 */
public final class Columns<T> implements RowMapper<T> {

    private final List<Field<?>> fields;
    private final RowMapper<T> mapper;

    private Columns(List<Field<?>> fields, RowMapper<T> mapper) {
        this.fields = fields;
        this.mapper = mapper;
    }

    public static <T> Columns<T> of(List<? extends Field<?>> fields, RowMapper<T> mapper) {
        return new Columns<>(List.copyOf(fields), mapper);
    }

    public List<Field<?>> fields() {
        return fields;
    }

    @Override
    public T map(Row row) throws SQLException {
        return mapper.map(row);
    }
}
