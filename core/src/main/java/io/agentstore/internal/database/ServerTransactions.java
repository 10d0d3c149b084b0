package io.agentstore.internal.database;

import io.agentstore.internal.shape.RenderedShapes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The transaction model of a database server (PostgreSQL): every operation borrows a
 * connection from the engine's pool and gives it back when done; a read runs in auto-commit, a
 * write in a transaction of its own, committed before the caller returns. The server orders
 * concurrent writers (row locks, the key locks of {@link Conn#lockKey}); no group commit (a
 * server commits many transactions at once by itself, and several processes write at once).
 *
 * <p>A write that loses a race — a serialization failure or a deadlock, which the server
 * resolves by aborting one transaction — or meets a unique key another transaction committed a
 * moment before it looked, is rolled back whole and run again from the start (operations are
 * functions of the database state, so the retry gives the outcome the operation would have had
 * after the other). A unique violation is retried once (a second one is the caller's
 * conflict); races up to {@link #MAX_ATTEMPTS} times with a growing random pause, then BUSY.
 */
final class ServerTransactions {

    static final int MAX_ATTEMPTS = 8;

    private final Engine engine;
    private final RenderedShapes shapes;
    private final Observer observer;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    ServerTransactions(Engine engine, RenderedShapes shapes, Observer observer) {
        this.engine = engine;
        this.shapes = shapes;
        this.observer = observer;
    }

    private Conn borrow(String doing, boolean writer) {
        try {
            return new Conn(engine.open(writer), shapes, writer, engine.transactionSql(), observer, true);
        } catch (SQLException e) {
            throw engine.translate(e, doing + ": borrowing a connection");
        }
    }

    <T> T read(String doing, Work<T> work) {
        Conn c = borrow(doing, false);
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw engine.translate(e, doing);
        } finally {
            closeQuietly(c);
        }
    }

    <T> T write(String doing, Work<T> work) {
        boolean uniqueRetried = false;
        for (int attempt = 1; ; attempt++) {
            Conn c = borrow(doing, true);
            try {
                Connection jdbc = c.jdbc();
                jdbc.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    jdbc.commit();
                    commits.incrementAndGet();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(jdbc, e);
                    SQLException cause = sqlCause(e);
                    boolean race = cause != null && engine.isRetriable(cause);
                    boolean unique = cause != null && !uniqueRetried && engine.isUniqueViolation(cause);
                    if ((race && attempt < MAX_ATTEMPTS) || unique) {
                        uniqueRetried |= unique;
                        retries.incrementAndGet();
                        pause(attempt);
                        continue;
                    }
                    if (e instanceof SQLException se) {
                        throw engine.translate(se, doing);
                    }
                    throw (RuntimeException) e;
                } finally {
                    try {
                        jdbc.setAutoCommit(true);
                    } catch (SQLException e) {
                        // The connection is broken; the pool will find out and replace it.
                    }
                }
            } catch (SQLException e) {
                throw engine.translate(e, doing + ": starting the write transaction");
            } finally {
                closeQuietly(c);
            }
        }
    }

    /** A growing random pause before a retry, so that the losers of one race do not meet again at once. */
    private static void pause(int attempt) {
        long maxMicros = Math.min(20_000, 100L << Math.min(attempt, 8));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxMicros) * 1_000);
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException se) {
                return se;
            }
        }
        return null;
    }

    private static void rollbackQuietly(Connection jdbc, Throwable failure) {
        try {
            jdbc.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void closeQuietly(Conn c) {
        try {
            c.close();
        } catch (SQLException e) {
            // Giving a connection back is best effort; its transaction has ended.
        }
    }

    long commits() {
        return commits.get();
    }

    /** How many write attempts were rolled back and run again (diagnostics). */
    long retries() {
        return retries.get();
    }
}
