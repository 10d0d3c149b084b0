package io.agentstore.internal.shape;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jooq.Field;

/**
 * The current row of a shape's result, read by the fields of the shape's own select list: each
 * field was resolved to its position and reader when the shape was rendered. Mappers read
 * columns in select-list order, so a lookup is one comparison in the usual case.
 */
public final class Row {

    private final ResultSet rs;
    private final RenderedShapes.Rendered shape;
    private int next;

    public Row(ResultSet rs, RenderedShapes.Rendered shape) {
        this.rs = rs;
        this.shape = shape;
    }

    /** The value of a selected field, converted to its Java type (null for SQL NULL). */
    @SuppressWarnings("unchecked")
    public <T> T get(Field<T> field) throws SQLException {
        int i = shape.column(field, next);
        next = i + 1;
        return (T) shape.reader(i).read(rs, i + 1);
    }

    /** Starts over at the first column; called before each row. */
    public void reset() {
        next = 0;
    }
}
