package io.agentstore.internal;

import io.agentstore.StatementListener;
import io.agentstore.db.converters.JsonConverter;
import io.agentstore.db.converters.Timestamps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One execution of a shape on one connection: set parameters by name, then run it once.
 * The statement is the connection's cached one; nothing here builds SQL.
 */
public final class Call {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Call.class);

    private final PreparedStatement ps;
    private final RenderedShapes.Rendered shape;
    private final StatementListener listener;
    private final Object[] bound;
    /** Which parameters this call has set (the statement keeps the previous call's values). */
    private final boolean[] set;
    private int unset;

    Call(PreparedStatement ps, RenderedShapes.Rendered shape, StatementListener listener) {
        this.ps = ps;
        this.shape = shape;
        this.listener = listener;
        this.bound = listener == null ? null : new Object[shape.params().size()];
        this.set = new boolean[shape.params().size()];
        this.unset = set.length;
    }

    public Call set(String param, Object value) throws SQLException {
        int i = shape.index(param);
        if (!set[i - 1]) {
            set[i - 1] = true;
            unset--;
        }
        if (value == null) {
            ps.setNull(i, Types.NULL);
        } else if (value instanceof String s) {
            ps.setString(i, s);
        } else if (value instanceof Long l) {
            ps.setLong(i, l);
        } else if (value instanceof Integer n) {
            ps.setInt(i, n);
        } else if (value instanceof Instant t) {
            String text = Timestamps.format(t);
            ps.setString(i, text);
            value = text;
        } else if (value instanceof Boolean b) {
            int n = b ? 1 : 0;
            ps.setInt(i, n);
            value = n;
        } else if (value instanceof JsonNode j) {
            String text = json(j);
            ps.setString(i, text);
            value = text;
        } else if (value instanceof Double d) {
            ps.setDouble(i, d);
        } else if (value instanceof byte[] bytes) {
            ps.setBytes(i, bytes);
        } else {
            throw new IllegalArgumentException("cannot bind " + value.getClass().getName() + " to " + param);
        }
        if (bound != null) {
            bound[i - 1] = value;
        }
        return this;
    }

    /** Runs a statement that returns no rows; returns the update count. */
    public int update() throws SQLException {
        requireAllSet();
        long start = listener == null ? 0 : System.nanoTime();
        boolean failed = true;
        try {
            int n = ps.executeUpdate();
            failed = false;
            return n;
        } finally {
            report(start, failed);
        }
    }

    /** Runs a query (or a statement with RETURNING) and maps its only row, if any. */
    public <T> Optional<T> one(RowMapper<T> mapper) throws SQLException {
        requireAllSet();
        long start = listener == null ? 0 : System.nanoTime();
        boolean failed = true;
        try (ResultSet rs = ps.executeQuery()) {
            Optional<T> out = rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            failed = false;
            return out;
        } finally {
            report(start, failed);
        }
    }

    /** Runs a query and maps every row. */
    public <T> List<T> list(RowMapper<T> mapper) throws SQLException {
        requireAllSet();
        long start = listener == null ? 0 : System.nanoTime();
        boolean failed = true;
        try (ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            failed = false;
            return out;
        } finally {
            report(start, failed);
        }
    }

    /** A consumer of the current row. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Runs a query and hands each row to the consumer, without collecting them. */
    public void forEach(RowConsumer consumer) throws SQLException {
        requireAllSet();
        long start = listener == null ? 0 : System.nanoTime();
        boolean failed = true;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                consumer.accept(rs);
            }
            failed = false;
        } finally {
            report(start, failed);
        }
    }

    /** Runs a query whose first column of its first row is a number; null or no row gives {@code orElse}. */
    public long queryLong(long orElse) throws SQLException {
        requireAllSet();
        long start = listener == null ? 0 : System.nanoTime();
        boolean failed = true;
        try (ResultSet rs = ps.executeQuery()) {
            long v = orElse;
            if (rs.next()) {
                v = rs.getLong(1);
                if (rs.wasNull()) {
                    v = orElse;
                }
            }
            failed = false;
            return v;
        } finally {
            report(start, failed);
        }
    }

    private void requireAllSet() {
        if (unset != 0) {
            for (int i = 0; i < set.length; i++) {
                if (!set[i]) {
                    throw new IllegalStateException("shape " + shape.shape().name() + ": parameter "
                            + shape.params().get(i) + " was not set");
                }
            }
        }
    }

    private void report(long start, boolean failed) {
        if (listener == null) {
            return;
        }
        long nanos = System.nanoTime() - start;
        try {
            listener.executed(new StatementListener.Executed(shape.shape().name(), shape.sql(),
                    java.util.Collections.unmodifiableList(java.util.Arrays.asList(bound.clone())), nanos, failed));
        } catch (RuntimeException e) {
            LOG.warn("the statement listener failed on shape {}; ignored", shape.shape().name(), e);
        }
    }

    static String json(JsonNode node) {
        try {
            return JsonConverter.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("JSON value does not serialise", e);
        }
    }
}
