package io.agentstore.internal.shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * A typed parameter of query shapes: a name and the data type of the column it stands for
 * (with that column's generated converter). Shapes write {@link #field()} where the value goes,
 * as often as they need; a call binds it with {@code call.set(PARAM, value)}, so the compiler
 * checks the value's type and the handle's name. The value is converted to what the database
 * stores by {@link JdbcValues}, through the same converter the generated column uses.
 */
public final class Param<T> {

    /**
     * Every handle, by id. Guarded by itself: a copy-on-write list copied all of them at each of the
     * tens of thousands of handles the bulk shapes make (seconds of every store's opening).
     */
    private static final List<Param<?>> ALL = new ArrayList<>();

    private final int id;
    private final String name;
    private final DataType<T> type;
    private final org.jooq.Param<T> jooq;
    private final JdbcValues.Writer writer;

    private Param(String name, DataType<T> type) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
        this.writer = JdbcValues.writer(type, name);
        synchronized (ALL) {
            this.id = ALL.size();
            ALL.add(this);
        }
        // jOOQ knows parameters by name only: its name is unique to this handle, so two handles
        // that share a readable name can never be mistaken for one another in a statement.
        this.jooq = DSL.param(JOOQ_PREFIX + id, type);
    }

    /** A parameter with the type (and converter) of a column. */
    public static <T> Param<T> of(String name, Field<T> column) {
        return new Param<>(name, column.getDataType());
    }

    /** A parameter of a plain type, for values that are no column's (limits, cursor keys). */
    public static <T> Param<T> of(String name, DataType<T> type) {
        return new Param<>(name, type);
    }

    /** {@code n} parameters named {@code name0 … name(n-1)}: the rows of a fixed-size bulk statement. */
    public static <T> List<Param<T>> series(String name, int n, Field<T> column) {
        List<Param<T>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(of(name + i, column));
        }
        return List.copyOf(out);
    }

    /** Where the value goes in a shape: the same jOOQ bind parameter every time, so every use shares the value. */
    public Field<T> field() {
        return jooq;
    }

    public String name() {
        return name;
    }

    public DataType<T> type() {
        return type;
    }

    static final String JOOQ_PREFIX = "p";

    /** The handle whose jOOQ parameter has this name, or null. */
    static Param<?> byJooqName(String jooqName) {
        if (!jooqName.startsWith(JOOQ_PREFIX)) {
            return null;
        }
        try {
            int id = Integer.parseInt(jooqName.substring(JOOQ_PREFIX.length()));
            synchronized (ALL) {
                return id >= 0 && id < ALL.size() ? ALL.get(id) : null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
    }

    int id() {
        return id;
    }

    org.jooq.Param<T> jooq() {
        return jooq;
    }

    /** Binds a value of this parameter (converted by its column's converter). */
    public JdbcValues.Writer writer() {
        return writer;
    }

    @Override
    public String toString() {
        return name + " (" + type.getType().getSimpleName() + ")";
    }
}
