package io.agentstore.internal.database;

import io.agentstore.internal.shape.RenderedShapes;
import io.agentstore.internal.shape.Shape;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One JDBC connection owned by the library, with a prepared statement cached per shape.
 * A connection is used by one thread at a time (the reader pool and the writer lock see to
 * that). Reader connections refuse write shapes.
 */
public final class Conn implements AutoCloseable {

    private final Connection jdbc;
    private final RenderedShapes shapes;
    private final boolean writer;
    private final PreparedStatement[] cache;
    private final Engine.TransactionSql txSql;
    private final PreparedStatement[] tx = new PreparedStatement[7];
    private final Observer observer;
    /** On a server a failed statement aborts its transaction: {@link #guarded} fences it with a savepoint. */
    private final boolean server;

    public Conn(
            Connection jdbc,
            RenderedShapes shapes,
            boolean writer,
            Engine.TransactionSql txSql,
            Observer observer,
            boolean server) {
        this.observer = observer;
        this.server = server;
        this.jdbc = jdbc;
        this.shapes = shapes;
        this.writer = writer;
        this.cache = new PreparedStatement[shapes.size()];
        this.txSql = txSql;
    }

    public void begin() throws SQLException {
        tx(0, txSql.begin());
    }

    public void commit() throws SQLException {
        tx(1, txSql.commit());
    }

    public void rollback() throws SQLException {
        tx(2, txSql.rollback());
    }

    public void savepoint() throws SQLException {
        tx(3, txSql.savepoint());
    }

    public void release() throws SQLException {
        tx(4, txSql.release());
    }

    public void rollbackToSavepoint() throws SQLException {
        tx(5, txSql.rollbackTo());
    }

    /**
     * Takes the engine's lock on a key until the transaction ends, where the engine has one
     * (PostgreSQL's advisory locks; SQLite's one writer already runs writes one at a time).
     * The writers of one memory key call it before they read the key's current version.
     */
    public void lockKey(String key) throws SQLException {
        if (txSql.lockKey() == null) {
            return;
        }
        PreparedStatement ps = tx[6];
        if (ps == null) {
            ps = jdbc.prepareStatement(txSql.lockKey());
            tx[6] = ps;
        }
        ps.setString(1, key);
        ps.execute();
    }

    /** Whether this is a server's connection (PostgreSQL), on which other transactions write at the same time. */
    public boolean onServer() {
        return server;
    }

    /** One statement, run by {@link #guarded}. */
    @FunctionalInterface
    public interface Statement<T> {
        T run() throws SQLException;
    }

    /**
     * Runs a statement whose failure the caller handles and then goes on in the same transaction
     * (a unique key already taken, which the caller then looks up to name). SQLite undoes just
     * the failed statement; PostgreSQL aborts the whole transaction, so on a server the statement
     * runs inside a savepoint that is rolled back if it fails.
     */
    public <T> T guarded(Statement<T> statement) throws SQLException {
        if (!server) {
            return statement.run();
        }
        savepoint();
        T result;
        try {
            result = statement.run();
        } catch (SQLException | RuntimeException e) {
            try {
                rollbackToSavepoint();
                release();
            } catch (SQLException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        release();
        return result;
    }

    private void tx(int i, String sql) throws SQLException {
        PreparedStatement ps = tx[i];
        if (ps == null) {
            ps = jdbc.prepareStatement(sql);
            tx[i] = ps;
        }
        ps.execute();
    }

    /** Starts a call of a shape on this connection's cached statement. */
    public Call call(Shape shape) throws SQLException {
        if (!writer && shape.kind() == Shape.Kind.WRITE) {
            throw new IllegalStateException("write shape " + shape.name() + " on a reader connection");
        }
        RenderedShapes.Rendered r = shapes.get(shape);
        PreparedStatement ps = cache[shape.id()];
        if (ps == null) {
            ps = jdbc.prepareStatement(r.sql());
            cache[shape.id()] = ps;
        }
        // No clearParameters(): it made the next execution of the statement 2-4x slower (sqlite-jdbc
        // 3.54, measured in ShapeBenchmarks). Values bound by the previous call stay bound, so a Call
        // refuses to execute until this call has set every parameter itself.
        return new Call(ps, r, observer);
    }

    /** Closes and forgets every cached statement: the next call of each shape prepares it again. */
    public void discardStatements() {
        for (int i = 0; i < tx.length; i++) {
            closeQuietly(tx[i]);
            tx[i] = null;
        }
        for (int i = 0; i < cache.length; i++) {
            closeQuietly(cache[i]);
            cache[i] = null;
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        if (ps != null) {
            try {
                ps.close();
            } catch (SQLException e) {
                // It is being dropped because it may be broken; nothing else holds it.
            }
        }
    }

    /** The underlying connection, for engine-level work (transactions, pragmas, plans). */
    public Connection jdbc() {
        return jdbc;
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement ps : tx) {
            if (ps != null) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
        }
        for (PreparedStatement ps : cache) {
            if (ps != null) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
        }
        try {
            jdbc.close();
        } catch (SQLException e) {
            if (first != null) {
                e.addSuppressed(first);
            }
            throw e;
        }
        if (first != null) {
            throw first;
        }
    }
}
