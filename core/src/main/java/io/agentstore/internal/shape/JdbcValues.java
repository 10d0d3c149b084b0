package io.agentstore.internal.shape;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.Converter;
import org.jooq.DataType;
import org.jooq.JSON;
import org.jooq.SQLDialect;

/**
 * The one place where values cross between Java and JDBC. A column's value is converted by
 * the converter of its jOOQ data type (the generated one: timestamps, enums) to what the
 * database stores, and that stored type decides the JDBC call. Each parameter and each result
 * column gets its writer or reader once, when it is declared or rendered; nothing here runs
 * jOOQ's own binding machinery per call.
 *
 * <p>One set of generated tables serves every engine, so the stored type is the SQLite one
 * (timestamps as text, JSON as text). Where PostgreSQL stores them natively ({@code
 * timestamptz}, {@code jsonb}), the dialect's {@link Binder} and {@link #reader} cross over:
 * a timestamp is bound and read as an {@link OffsetDateTime} in UTC (never as text in the
 * session's time zone), a JSON text is bound untyped so that the server parses it as the
 * column's type.
 */
public final class JdbcValues {

    private JdbcValues() {}

    /**
     * How one data type is bound: {@link #toStored} converts a value once (through the column's
     * converter; JSON to its text), {@link #bind} binds the stored value at a position, as often
     * as the statement uses it.
     */
    public static final class Writer {

        private final Converter<Object, Object> converter;
        private final Stored stored;
        private final int sqlType;

        private Writer(Converter<Object, Object> converter, Stored stored, int sqlType) {
            this.converter = converter;
            this.stored = stored;
            this.sqlType = sqlType;
        }

        /** The value as the database stores it (also what statement listeners are shown). */
        public Object toStored(Object value) {
            Object v = converter == null || value == null ? value : converter.to(value);
            return v instanceof JSON json ? json.data() : v;
        }

        /** How this type binds on a dialect: {@link #bind} on SQLite; native types on PostgreSQL. */
        public Binder binder(SQLDialect dialect) {
            if (dialect.family() != SQLDialect.POSTGRES) {
                return this::bind;
            }
            if (converter != null && Instant.class.equals(converter.toType())) {
                Converter<Object, Object> c = converter;
                return (ps, i, v) -> {
                    if (v == null) {
                        ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
                    } else {
                        ps.setObject(i, OffsetDateTime.ofInstant((Instant) c.from(v), ZoneOffset.UTC));
                    }
                };
            }
            if (stored == Stored.JSON) {
                return (ps, i, v) -> {
                    if (v == null) {
                        ps.setNull(i, Types.OTHER);
                    } else {
                        ps.setObject(i, v, Types.OTHER);
                    }
                };
            }
            if (stored == Stored.BYTES) {
                // A null BLOB is an oid (a large object) to the PostgreSQL driver; the columns are bytea.
                return (ps, i, v) -> {
                    if (v == null) {
                        ps.setNull(i, Types.BINARY);
                    } else {
                        ps.setBytes(i, (byte[]) v);
                    }
                };
            }
            return this::bind;
        }

        /** Binds a value {@link #toStored} returned. */
        public void bind(PreparedStatement ps, int i, Object v) throws SQLException {
            if (v == null) {
                ps.setNull(i, sqlType);
                return;
            }
            switch (stored) {
                case STRING, JSON -> ps.setString(i, (String) v);
                case LONG -> ps.setLong(i, (Long) v);
                case INTEGER -> ps.setInt(i, (Integer) v);
                case SHORT -> ps.setShort(i, (Short) v);
                case BOOLEAN -> ps.setBoolean(i, (Boolean) v);
                case DOUBLE -> ps.setDouble(i, (Double) v);
                case BIG_DECIMAL -> ps.setBigDecimal(i, (BigDecimal) v);
                case BYTES -> ps.setBytes(i, (byte[]) v);
                default -> throw new AssertionError(stored);
            }
        }
    }

    /** Binds a stored value ({@link Writer#toStored}) at a position, the way one dialect needs it. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps, int i, Object stored) throws SQLException;
    }

    /** Reads one column of the current row, converted to the column's Java type. */
    @FunctionalInterface
    public interface Reader {
        Object read(ResultSet rs, int index) throws SQLException;
    }

    private enum Stored {
        STRING,
        LONG,
        INTEGER,
        SHORT,
        BOOLEAN,
        DOUBLE,
        BIG_DECIMAL,
        BYTES,
        JSON
    }

    private static Stored stored(Class<?> type, String what) {
        if (type == String.class) {
            return Stored.STRING;
        } else if (type == Long.class) {
            return Stored.LONG;
        } else if (type == Integer.class) {
            return Stored.INTEGER;
        } else if (type == Short.class) {
            return Stored.SHORT;
        } else if (type == Boolean.class) {
            return Stored.BOOLEAN;
        } else if (type == Double.class) {
            return Stored.DOUBLE;
        } else if (type == BigDecimal.class) {
            return Stored.BIG_DECIMAL;
        } else if (type == byte[].class) {
            return Stored.BYTES;
        } else if (type == JSON.class) {
            return Stored.JSON;
        }
        throw new IllegalStateException(what + ": no JDBC mapping for stored type " + type.getName());
    }

    @SuppressWarnings("unchecked")
    private static Converter<Object, Object> converterOrNull(DataType<?> type) {
        Converter<?, ?> c = type.getConverter();
        return c.fromType() == c.toType() ? null : (Converter<Object, Object>) c;
    }

    /** How to bind values of a data type; {@code what} names it in errors. */
    public static Writer writer(DataType<?> type, String what) {
        return new Writer(converterOrNull(type), stored(type.getConverter().fromType(), what), type.getSQLType());
    }

    /** How to read columns of a data type on a dialect. */
    public static Reader reader(DataType<?> type, String what, SQLDialect dialect) {
        Converter<Object, Object> converter = converterOrNull(type);
        if (dialect.family() == SQLDialect.POSTGRES && converter != null && Instant.class.equals(converter.toType())) {
            return (rs, i) -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            };
        }
        Reader raw = switch (stored(type.getConverter().fromType(), what)) {
            case STRING -> ResultSet::getString;
            case LONG ->
                (rs, i) -> {
                    long v = rs.getLong(i);
                    return v == 0 && rs.wasNull() ? null : v;
                };
            case INTEGER ->
                (rs, i) -> {
                    int v = rs.getInt(i);
                    return v == 0 && rs.wasNull() ? null : v;
                };
            case SHORT ->
                (rs, i) -> {
                    short v = rs.getShort(i);
                    return v == 0 && rs.wasNull() ? null : v;
                };
            case BOOLEAN ->
                (rs, i) -> {
                    boolean v = rs.getBoolean(i);
                    return !v && rs.wasNull() ? null : v;
                };
            case DOUBLE ->
                (rs, i) -> {
                    double v = rs.getDouble(i);
                    return v == 0 && rs.wasNull() ? null : v;
                };
            case BIG_DECIMAL -> ResultSet::getBigDecimal;
            case BYTES -> ResultSet::getBytes;
            case JSON ->
                (rs, i) -> {
                    String text = rs.getString(i);
                    return text == null ? null : JSON.valueOf(text);
                };
        };
        if (converter == null) {
            return raw;
        }
        return (rs, i) -> {
            Object stored = raw.read(rs, i);
            try {
                return converter.from(stored);
            } catch (RuntimeException e) {
                // A value this code never writes (a file edited by hand, or by a newer schema).
                throw new SQLDataException(what + " holds a value the library cannot read: " + e.getMessage(), e);
            }
        };
    }
}
