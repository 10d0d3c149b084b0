package io.agentstore.internal;

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

    private final PreparedStatement ps;
    private final RenderedShapes.Rendered shape;

    Call(PreparedStatement ps, RenderedShapes.Rendered shape) {
        this.ps = ps;
        this.shape = shape;
    }

    public Call set(String param, Object value) throws SQLException {
        int i = shape.index(param);
        if (value == null) {
            ps.setNull(i, Types.NULL);
        } else if (value instanceof String s) {
            ps.setString(i, s);
        } else if (value instanceof Long l) {
            ps.setLong(i, l);
        } else if (value instanceof Integer n) {
            ps.setInt(i, n);
        } else if (value instanceof Instant t) {
            ps.setString(i, Timestamps.format(t));
        } else if (value instanceof Boolean b) {
            ps.setInt(i, b ? 1 : 0);
        } else if (value instanceof JsonNode j) {
            ps.setString(i, json(j));
        } else if (value instanceof Double d) {
            ps.setDouble(i, d);
        } else if (value instanceof byte[] bytes) {
            ps.setBytes(i, bytes);
        } else {
            throw new IllegalArgumentException("cannot bind " + value.getClass().getName() + " to " + param);
        }
        return this;
    }

    /** Runs a statement that returns no rows; returns the update count. */
    public int update() throws SQLException {
        return ps.executeUpdate();
    }

    /** Runs a query (or a statement with RETURNING) and maps its only row, if any. */
    public <T> Optional<T> one(RowMapper<T> mapper) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(mapper.map(rs));
        }
    }

    /** Runs a query and maps every row. */
    public <T> List<T> list(RowMapper<T> mapper) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    /** A consumer of the current row. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Runs a query and hands each row to the consumer, without collecting them. */
    public void forEach(RowConsumer consumer) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                consumer.accept(rs);
            }
        }
    }

    /** Runs a query whose first column of its first row is a number; null or no row gives {@code orElse}. */
    public long queryLong(long orElse) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return orElse;
            }
            long v = rs.getLong(1);
            return rs.wasNull() ? orElse : v;
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
