package io.agentstore.internal.database;

import io.agentstore.internal.shape.JdbcValues;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.RenderedShapes;
import io.agentstore.internal.shape.Row;
import io.agentstore.internal.shape.RowMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One execution of a shape on one connection: bind its typed parameters, then run it once.
 * The statement is the connection's cached one; nothing here builds SQL or converts values
 * itself (each {@link Param} binds through its column's converter).
 */
public final class Call {

    private final PreparedStatement ps;
    private final RenderedShapes.Rendered shape;
    private final Observer observer;
    /** The values as bound, per placeholder, when the observer wants them. */
    private final Object[] bound;
    /** Which parameters this call has set (the statement keeps the previous call's values). */
    private final boolean[] set;

    private int unset;

    Call(PreparedStatement ps, RenderedShapes.Rendered shape, Observer observer) {
        this.ps = ps;
        this.shape = shape;
        this.observer = observer;
        this.bound = observer == null || !observer.wantsValues() ? null : new Object[shape.placeholders()];
        this.set = new boolean[shape.paramCount()];
        this.unset = set.length;
    }

    /** Binds a parameter at every place the shape uses it. A handle the shape does not have is refused. */
    public <T> Call set(Param<T> param, T value) throws SQLException {
        int slot = shape.slot(param);
        if (!set[slot]) {
            set[slot] = true;
            unset--;
        }
        Object stored = param.writer().toStored(value);
        JdbcValues.Binder binder = shape.binder(slot);
        for (int i : shape.positions(slot)) {
            binder.bind(ps, i, stored);
            if (bound != null) {
                bound[i - 1] = stored;
            }
        }
        return this;
    }

    /**
     * Asks the driver to fetch rows {@code rows} at a time rather than all at once (PostgreSQL
     * streams a result so only inside a transaction); for reads of whole tables.
     */
    public Call fetchSize(int rows) throws SQLException {
        ps.setFetchSize(rows);
        return this;
    }

    /** Runs a statement that returns no rows; returns the update count. */
    public int update() throws SQLException {
        requireAllSet();
        long start = observer == null ? 0 : System.nanoTime();
        SQLException failure = null;
        long rows = 0;
        try {
            int n = ps.executeUpdate();
            rows = n;
            return n;
        } catch (SQLException e) {
            failure = e;
            throw e;
        } finally {
            report(start, failure, rows);
        }
    }

    /** Runs a query (or a statement with RETURNING) and maps its first row, if any. */
    public <T> Optional<T> one(RowMapper<T> mapper) throws SQLException {
        requireAllSet();
        long start = observer == null ? 0 : System.nanoTime();
        SQLException failure = null;
        long rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
            Optional<T> out = Optional.empty();
            if (rs.next()) {
                rows = 1;
                out = Optional.ofNullable(mapper.map(new Row(rs, shape)));
            }
            return out;
        } catch (SQLException e) {
            failure = e;
            throw e;
        } finally {
            report(start, failure, rows);
        }
    }

    /** Runs a query and maps every row. */
    public <T> List<T> list(RowMapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        forEach(row -> out.add(mapper.map(row)));
        return out;
    }

    /** A consumer of the current row. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(Row row) throws SQLException;
    }

    /** Runs a query and hands each row to the consumer, without collecting them. */
    public void forEach(RowConsumer consumer) throws SQLException {
        requireAllSet();
        long start = observer == null ? 0 : System.nanoTime();
        SQLException failure = null;
        long rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
            Row row = new Row(rs, shape);
            while (rs.next()) {
                rows++;
                row.reset();
                consumer.accept(row);
            }
        } catch (SQLException e) {
            failure = e;
            throw e;
        } finally {
            report(start, failure, rows);
        }
    }

    private void requireAllSet() {
        if (unset != 0) {
            for (int i = 0; i < set.length; i++) {
                if (!set[i]) {
                    throw new IllegalStateException("shape " + shape.shape().name() + ": parameter "
                            + shape.param(i).name() + " was not set");
                }
            }
        }
    }

    private void report(long start, SQLException failure, long rows) {
        if (observer != null) {
            observer.executed(shape, bound, System.nanoTime() - start, failure, rows);
        }
    }
}
