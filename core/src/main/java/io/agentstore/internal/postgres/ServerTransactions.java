package io.agentstore.internal.postgres;

import io.agentstore.ErrorCode;
import io.agentstore.StoreHealth;
import io.agentstore.StoreMetrics;
import io.agentstore.StoreStats;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Engine;
import io.agentstore.internal.database.Observer;
import io.agentstore.internal.database.Statistics;
import io.agentstore.internal.database.Transactions;
import io.agentstore.internal.database.Work;
import io.agentstore.internal.shape.RenderedShapes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

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
 *
 * <p>Close lets the calls in flight finish (up to the busy timeout) before the engine closes
 * its pool; a call that comes after close began fails CLOSED.
 */
public final class ServerTransactions implements Transactions {

    static final int MAX_ATTEMPTS = 8;

    private final Engine engine;
    private final RenderedShapes shapes;
    private final Observer observer;
    private final Statistics stats;
    private final long busyTimeoutNanos;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    /**
     * Every call holds this gate's shared side; close() takes the exclusive side, so it returns
     * once the calls in flight have finished (up to the busy timeout) and only then closes the pool.
     */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

    private volatile boolean closed;

    ServerTransactions(Engine engine, Setup setup) {
        this.engine = engine;
        this.shapes = setup.shapes();
        this.observer = setup.observer();
        this.stats = setup.statistics();
        this.busyTimeoutNanos = setup.options().busyTimeout().toNanos();
    }

    /** Runs a call holding the gate's shared side; CLOSED once close() began. */
    private <T> T open(String doing, Supplier<T> call) {
        Lock shared = gate.readLock();
        if (closed || !shared.tryLock()) {
            throw Failures.of(ErrorCode.CLOSED, doing + ": the store is closed");
        }
        try {
            if (closed) {
                throw Failures.of(ErrorCode.CLOSED, doing + ": the store is closed");
            }
            return call.get();
        } finally {
            shared.unlock();
        }
    }

    private Conn borrow(String doing, boolean writer) {
        try {
            return new Conn(engine.open(writer), shapes, writer, engine.transactionSql(), observer, true);
        } catch (SQLException e) {
            throw engine.translate(e, doing + ": borrowing a connection");
        }
    }

    @Override
    public <T> T read(String doing, Work<T> work) {
        return open(doing, () -> readNow(doing, work));
    }

    @Override
    public <T> T write(String doing, Work<T> work) {
        return open(doing, () -> writeNow(doing, work));
    }

    private <T> T readNow(String doing, Work<T> work) {
        Conn c = borrow(doing, false);
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw engine.translate(e, doing);
        } finally {
            closeQuietly(c);
        }
    }

    private <T> T writeNow(String doing, Work<T> work) {
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

    /**
     * Read work in one REPEATABLE READ, READ ONLY transaction: every statement sees the snapshot
     * its first one took, while other sessions go on writing.
     */
    @Override
    public <T> T snapshot(String doing, Work<T> work) {
        return once(doing, true, work);
    }

    /** Write work in a transaction of its own, run once: a lost race or a taken key is thrown, not retried. */
    @Override
    public <T> T writeAlone(String doing, Work<T> work) {
        return once(doing, false, work);
    }

    /** One transaction, never run again: a snapshot (REPEATABLE READ, READ ONLY) or a lone write. */
    private <T> T once(String doing, boolean snapshot, Work<T> work) {
        return open(doing, () -> {
            Conn c = borrow(doing, !snapshot);
            try {
                Connection jdbc = c.jdbc();
                jdbc.setAutoCommit(false);
                if (snapshot) {
                    jdbc.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    jdbc.setReadOnly(true);
                }
                try {
                    T result = work.run(c);
                    jdbc.commit();
                    if (!snapshot) {
                        commits.incrementAndGet();
                    }
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(jdbc, e);
                    if (e instanceof SQLException se) {
                        throw engine.translate(se, doing);
                    }
                    throw (RuntimeException) e;
                } finally {
                    try {
                        if (snapshot) {
                            jdbc.setReadOnly(false);
                            jdbc.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                        }
                        jdbc.setAutoCommit(true);
                    } catch (SQLException e) {
                        // The connection is broken; the pool will find out and replace it.
                    }
                }
            } catch (SQLException e) {
                throw engine.translate(
                        e, doing + (snapshot ? ": starting the snapshot" : ": starting the write transaction"));
            } finally {
                closeQuietly(c);
            }
        });
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

    @Override
    public long commits() {
        return commits.get();
    }

    /** How many write attempts were rolled back and run again (diagnostics). */
    public long retries() {
        return retries.get();
    }

    /** Every write its own transaction: one operation a commit; the log's pages are the server's. */
    @Override
    public StoreStats.Commits commitStats() {
        long n = commits.get();
        return stats != null ? stats.commits(n, 0, false) : Statistics.unrecorded(n, 0);
    }

    /** The server's log and its connections are the server's: unknown here. */
    @Override
    public StoreMetrics.Gauges gauges() {
        return new StoreMetrics.Gauges() {
            @Override
            public long logBytes() {
                return 0;
            }

            @Override
            public int readersInUse() {
                return engine.pool().map(StoreHealth.Connections::active).orElse(-1);
            }

            @Override
            public int readersWaiting() {
                return engine.pool().map(StoreHealth.Connections::waiting).orElse(0);
            }
        };
    }

    @Override
    public Optional<StoreHealth.Connections> connections() {
        return engine.pool();
    }

    /** A reader and a writer borrowed from the pool, each given to the check. */
    @Override
    public void forEachConnection(ConnectionCheck check) throws SQLException {
        try (Connection r = engine.open(false);
                Connection w = engine.open(true)) {
            check.accept(w, true);
            check.accept(r, false);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Lock exclusive = gate.writeLock();
        try {
            if (exclusive.tryLock(busyTimeoutNanos, TimeUnit.NANOSECONDS)) {
                exclusive.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
