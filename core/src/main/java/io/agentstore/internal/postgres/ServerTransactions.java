package io.agentstore.internal.postgres;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.StoreHealth;
import io.agentstore.StoreMetrics;
import io.agentstore.StoreStats;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Conn;
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
    /** How many times a call runs again after the server ended its connection before its commit. */
    static final int MAX_LOSSES = 16;

    private final PostgresEngine engine;
    private final Watchdog watchdog;
    private final long busyTimeoutMillis;
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

    ServerTransactions(PostgresEngine engine, Setup setup) {
        this.engine = engine;
        this.busyTimeoutMillis = setup.options().busyTimeout().toMillis();
        this.watchdog = new Watchdog(engine.monitorSource(), busyTimeoutMillis);
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

    /** A connection lent to one call: the library's wrapper and the watchdog's flight. */
    private record Lease(Conn conn, Watchdog.Flight flight) {}

    /**
     * Borrows a connection within what is left of the call's busy timeout and registers it with
     * the watchdog until {@code deadline} (a long work's flight has none of its own).
     */
    private Lease borrow(String doing, boolean writer, long deadline, boolean longWork) {
        long started = System.nanoTime();
        long left = deadline - started;
        if (left <= 0) {
            throw Failures.of(
                    ErrorCode.BUSY,
                    doing + ": the busy timeout (" + busyTimeoutMillis + " ms) passed before the call could"
                            + " run again; nothing was written");
        }
        Connection jdbc;
        try {
            jdbc = engine.borrow(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (SQLException e) {
            throw engine.translateBorrow(e, doing, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        Watchdog.Flight flight = watchdog.enter(jdbc, deadline, longWork);
        return new Lease(new Conn(jdbc, shapes, writer, engine.transactionSql(), observer, true), flight);
    }

    private void giveBack(Lease lease) {
        watchdog.leave(lease.flight());
        closeQuietly(lease.conn());
    }

    @Override
    public <T> T read(String doing, Work<T> work) {
        return open(doing, () -> readNow(doing, work));
    }

    @Override
    public <T> T write(String doing, Work<T> work) {
        return open(doing, () -> writeNow(doing, work));
    }

    /**
     * A read; one that fails because the server ended its connection (a backend terminated, a
     * server restarted) runs again on another connection while the busy timeout lasts (the pool
     * drops each broken connection it lent; after a restart, all of them are).
     */
    private <T> T readNow(String doing, Work<T> work) {
        long deadline = System.nanoTime() + busyTimeoutNanos;
        for (int attempt = 1; ; attempt++) {
            Lease lease = borrow(doing, false, deadline, false);
            try {
                return work.run(lease.conn());
            } catch (SQLException e) {
                boolean watched = lease.flight() != null && lease.flight().verdict() != null;
                if (attempt <= MAX_LOSSES
                        && !watched
                        && PostgresEngine.isConnectionLoss(e)
                        && System.nanoTime() < deadline) {
                    retries.incrementAndGet();
                    continue;
                }
                throw fail(e, doing, lease, false);
            } finally {
                giveBack(lease);
            }
        }
    }

    private <T> T writeNow(String doing, Work<T> work) {
        long deadline = System.nanoTime() + busyTimeoutNanos;
        boolean uniqueRetried = false;
        int losses = 0;
        for (int attempt = 1; ; attempt++) {
            Lease lease = borrow(doing, true, deadline, false);
            Conn c = lease.conn();
            boolean committing = false;
            try {
                Connection jdbc = c.jdbc();
                jdbc.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    committing = true;
                    jdbc.commit();
                    commits.incrementAndGet();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(jdbc, e);
                    SQLException cause = sqlCause(e);
                    boolean watched = lease.flight() != null && lease.flight().verdict() != null;
                    boolean race = cause != null && engine.isRetriable(cause);
                    boolean unique = cause != null && !uniqueRetried && engine.isUniqueViolation(cause);
                    // Lost before its commit was sent: the server rolled it back; safe to run again.
                    boolean lost = cause != null
                            && !committing
                            && !watched
                            && losses < MAX_LOSSES
                            && PostgresEngine.isConnectionLoss(cause);
                    boolean inTime = System.nanoTime() < deadline;
                    if (inTime && ((race && attempt < MAX_ATTEMPTS) || unique || lost)) {
                        uniqueRetried |= unique;
                        losses += lost ? 1 : 0;
                        retries.incrementAndGet();
                        if (!lost) {
                            pause(attempt);
                        }
                        continue;
                    }
                    if (e instanceof SQLException se) {
                        throw fail(se, doing, lease, committing);
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
                throw fail(e, doing + ": starting the write transaction", lease, false);
            } finally {
                giveBack(lease);
            }
        }
    }

    /**
     * The error for a failed call: what the watchdog did, a commit whose outcome is unknown, or
     * the engine's reading of the SQL state.
     */
    private AgentStoreException fail(SQLException e, String doing, Lease lease, boolean committing) {
        Watchdog.Verdict v = lease.flight() == null ? null : lease.flight().verdict();
        boolean cut = v == Watchdog.Verdict.SILENT || v == Watchdog.Verdict.LOST;
        if (committing && (cut || PostgresEngine.isConnectionLoss(e))) {
            String why = cut
                    ? "no answer came within the busy timeout (" + busyTimeoutMillis + " ms) and "
                            + Watchdog.GRACE_MILLIS + " ms more, and the connection was closed"
                    : "the connection was lost (" + e.getMessage() + ")";
            return Failures.inDoubt(
                    ErrorCode.STORAGE,
                    doing + ": the commit was sent to " + engine.describe() + " but " + why
                            + ": the write may or may not have been committed (in doubt); read it back before"
                            + " writing it again",
                    e);
        }
        if (v != null) {
            String what = switch (v) {
                case LOCK ->
                    "waited for a lock held by another transaction on " + engine.describe()
                            + " for longer than the busy timeout (" + busyTimeoutMillis + " ms); the statement was"
                            + " cancelled";
                case SILENT ->
                    engine.describe() + " did not answer within the busy timeout (" + busyTimeoutMillis
                            + " ms), nor a request of its own within " + Watchdog.GRACE_MILLIS + " ms more (stopped,"
                            + " frozen or unreachable); the connection was closed";
                case LOST ->
                    "no answer came from " + engine.describe() + " within the busy timeout ("
                            + busyTimeoutMillis + " ms), and the server was not working on the request (the request"
                            + " or its answer was lost: a half-open connection); the connection was closed";
            };
            return Failures.of(ErrorCode.BUSY, doing + ": " + what + " and nothing was written", e);
        }
        return engine.translate(e, doing);
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

    /**
     * One transaction, never run again: a snapshot (REPEATABLE READ, READ ONLY) or a lone write.
     * Long work: the busy timeout bounds the wait for a connection and each statement's wait for
     * a lock, not the work's whole time.
     */
    private <T> T once(String doing, boolean snapshot, Work<T> work) {
        return open(doing, () -> {
            Lease lease = borrow(doing, !snapshot, System.nanoTime() + busyTimeoutNanos, true);
            Conn c = lease.conn();
            boolean committing = false;
            try {
                Connection jdbc = c.jdbc();
                jdbc.setAutoCommit(false);
                if (snapshot) {
                    jdbc.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    jdbc.setReadOnly(true);
                }
                try {
                    T result = work.run(c);
                    committing = !snapshot;
                    jdbc.commit();
                    if (!snapshot) {
                        commits.incrementAndGet();
                    }
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(jdbc, e);
                    if (e instanceof SQLException se) {
                        throw fail(se, doing, lease, committing);
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
                throw fail(
                        e,
                        doing + (snapshot ? ": starting the snapshot" : ": starting the write transaction"),
                        lease,
                        false);
            } finally {
                giveBack(lease);
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
        } finally {
            watchdog.close();
        }
    }
}
