package io.agentstore.internal.sqlite;

import io.agentstore.ErrorCode;
import io.agentstore.StoreHealth;
import io.agentstore.StoreMetrics;
import io.agentstore.StoreOptions;
import io.agentstore.StoreStats;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Statistics;
import io.agentstore.internal.database.Transactions;
import io.agentstore.internal.database.Work;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction model of an SQLite file: one writer, bounded readers, a bounded log.
 *
 * <ul>
 *   <li><b>One writer.</b> A single write connection. Every write operation is submitted to
 *   it; whoever holds the writer lock runs every queued operation in one transaction
 *   ({@code BEGIN IMMEDIATE} … {@code COMMIT}) and acknowledges each caller only after that
 *   commit returned (group commit). One operation's failure undoes that operation only: the
 *   batch runs without savepoints first and, if an operation fails, is rolled back and run
 *   again with a savepoint per operation, so the others in the same commit are kept. A lone
 *   operation runs with no hand-off to another thread.</li>
 *   <li><b>Bounded readers.</b> A fixed pool of read connections (WAL: readers never wait for
 *   the writer). A read waits up to the busy timeout for a free connection, then fails BUSY.
 *   While the writer is busy, a read yields the CPU once and then takes one of a slot per
 *   processor: more reads than cores beside it only take CPU from the writer.</li>
 *   <li><b>A bounded log.</b> A checkpointer thread keeps the write-ahead log short; when its
 *   passes cannot reach the end of the log (readers hold them back, or the writer keeps
 *   committing), it copies the rest with the writer between transactions and the read gate
 *   closed (reads in flight finish, new ones wait a moment), and the log starts over at the
 *   beginning of its file. Past {@link #WAL_HARD_BYTES} after a commit, the writer does the same
 *   itself.</li>
 *   <li><b>Close.</b> Later calls fail CLOSED; queued writes that had not started fail CLOSED;
 *   a running commit finishes first.</li>
 * </ul>
 */
public final class SingleWriter implements Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(SingleWriter.class);

    /** Log content past this (since the log last restarted) is copied out by the checkpointer (see {@link WalCheckpointer}). */
    static final long WAL_TRUNCATE_BYTES = 8L << 20;
    /**
     * Log content past this after a commit is copied out by the writer itself before its next
     * transaction: the hard bound, which holds even when the checkpointer thread gets little CPU
     * (64 busy threads on 2 cores let the log reach 217 MB between its passes). It is also the
     * longest the log file is kept once its content restarts ({@code journal_size_limit}).
     */
    static final long WAL_HARD_BYTES = 32L << 20;

    private final SqliteEngine engine;
    private final StoreOptions options;
    /**
     * Idle read connections, most recently returned first: a lone reader keeps getting the same
     * connection, whose page cache (and the CPU caches over it) is warm. A FIFO pool rotated every
     * call through all connections and made small reads up to 2–3× slower than one plain
     * connection (ShapeBenchmarks).
     */
    private final LinkedBlockingDeque<Conn> readers;

    private final List<Conn> allReaders = new ArrayList<>();
    private final Conn writer;
    private final WalCheckpointer checkpointer;
    private final Setup setup;
    /**
     * Snapshots open now ({@link #snapshot}): while one is, nothing waits for readers to empty
     * the log (RESTART, TRUNCATE), which would wait for the snapshot's end; the log grows by what
     * is written meanwhile and is emptied after. Changed with the read gate held.
     */
    private final AtomicInteger snapshots = new AtomicInteger();

    private final ReentrantLock writeLock = new ReentrantLock();
    /** Held by every checkpoint (see {@link WalCheckpointer}); taken after the write lock. */
    private final ReentrantLock checkpointing = new ReentrantLock();

    private final long busyTimeoutNanos;
    /**
     * Every read holds this gate's read side; emptying the log takes its write side, which
     * lets the reads in flight finish and holds new ones back until the log is empty (a reader
     * in the log would keep a TRUNCATE checkpoint from completing). Non-fair, but a waiting
     * write side blocks new reads, so emptying the log is not starved by a crowd of readers.
     */
    private final ReentrantReadWriteLock readGate = new ReentrantReadWriteLock();
    /**
     * While the writer is busy (it holds the write lock or writes are queued), reads take one of
     * these slots, one per core: more reads than cores beside it only take CPU from the writer.
     * With the writer idle, reads use every pooled connection.
     */
    private final int readsBesideWriterLimit = Math.max(1, Runtime.getRuntime().availableProcessors());

    private final Semaphore readsBesideWriter = new Semaphore(readsBesideWriterLimit);
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    /** Set by close() once it stopped waiting for reads in flight: a read that ends later closes its connection. */
    private volatile boolean readersClosed;

    private final AtomicLong commits = new AtomicLong();

    private final StoreMetrics metrics;

    /** What {@code AgentStore.stats()} reports of the commits, or null when the options do not ask for it. */
    private final Statistics stats;

    /** Whether each commit's pages are counted (metrics or statistics installed). */
    private final boolean measurePages;

    /** Where the log ended when the writer's transaction began (with {@link #measurePages}); guarded by the write lock. */
    private long logMark = -1;

    /** Reads waiting for a read connection now (a gauge for the metrics; counted only when they are installed). */
    private final AtomicInteger readersWaiting = new AtomicInteger();

    /** Opens the writer, the readers and the checkpointer's connection, and starts the checkpointer. */
    SingleWriter(SqliteEngine engine, Setup setup) {
        this.engine = engine;
        this.setup = setup;
        this.options = setup.options();
        this.busyTimeoutNanos = options.busyTimeout().toNanos();
        this.metrics = options.metrics();
        this.stats = setup.statistics();
        this.measurePages = metrics != null || stats != null;
        this.readers = new LinkedBlockingDeque<>(options.readConnections());
        Conn w = null;
        Connection cp = null;
        try {
            cp = engine.open(false);
            w = new Conn(engine.open(true), setup.shapes(), true, engine.transactionSql(), setup.observer(), false);
            engine.limitLogFile(w.jdbc(), WAL_HARD_BYTES);
            for (int i = 0; i < options.readConnections(); i++) {
                Conn r = new Conn(
                        engine.open(false), setup.shapes(), false, engine.transactionSql(), setup.observer(), false);
                allReaders.add(r);
                readers.add(r);
            }
        } catch (SQLException e) {
            closeQuietly(w);
            allReaders.forEach(SingleWriter::closeQuietly);
            if (cp != null) {
                try {
                    cp.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw engine.translate(e, "opening " + engine.describe());
        }
        this.writer = w;
        this.checkpointer =
                new WalCheckpointer(engine, cp, WAL_TRUNCATE_BYTES, checkpointing, this::whileQuiet, metrics);
    }

    @Override
    public StoreMetrics.Gauges gauges() {
        return new StoreMetrics.Gauges() {
            @Override
            public long logBytes() {
                return engine.walBytes();
            }

            @Override
            public int readersInUse() {
                return options.readConnections() - readers.size();
            }

            @Override
            public int readersWaiting() {
                return readersWaiting.get();
            }
        };
    }

    @Override
    public OptionalLong logLimitBytes() {
        return OptionalLong.of(WAL_HARD_BYTES);
    }

    /** The read connections (the one writer is not counted: writes queue for it, not for a connection). */
    @Override
    public Optional<StoreHealth.Connections> connections() {
        int n = options.readConnections();
        int idle = readers.size();
        return Optional.of(new StoreHealth.Connections(n - idle, idle, n, n, readersWaiting.get()));
    }

    @Override
    public StoreStats.Commits commitStats() {
        long n = commits.get();
        long passes = checkpointer.checkpoints();
        return stats != null ? stats.commits(n, passes, true) : Statistics.unrecorded(n, passes);
    }

    /** Runs read work on a pooled reader connection. */
    @Override
    public <T> T read(String doing, Work<T> work) {
        checkOpen(doing);
        // The slot, the gate and the pool together wait at most the busy timeout.
        long timeout = busyTimeoutNanos;
        long start = System.nanoTime();
        Semaphore slot = null;
        if (writeLock.isLocked() || !queue.isEmpty()) {
            // The writer is busy: step aside once, and run at most one read per core beside it, so
            // that a crowd of readers does not keep the one writer off the CPU (2 cores, 64 readers,
            // MixedBenchmarks: the writer kept 8% of its solo rate with neither, ~40% with the
            // yield alone, 66% with both).
            Thread.yield();
            slot = readsBesideWriter;
            try {
                if (!slot.tryAcquire(timeout, TimeUnit.NANOSECONDS)) {
                    throw Failures.of(
                            ErrorCode.BUSY,
                            doing + ": the " + readsBesideWriterLimit
                                    + " reads allowed beside the busy writer stayed in flight for "
                                    + options.busyTimeout().toMillis() + " ms");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Failures.of(ErrorCode.BUSY, doing + ": interrupted while waiting to read", e);
            }
        }
        try {
            return readHoldingSlot(doing, work, timeout, start, slot != null);
        } finally {
            if (slot != null) {
                slot.release();
            }
        }
    }

    /** A read past its slot ({@code waited}: it had to take one, the writer being busy). */
    private <T> T readHoldingSlot(String doing, Work<T> work, long timeout, long start, boolean waited) {
        Lock gate = readGate.readLock();
        try {
            if (!gate.tryLock(timeout - (System.nanoTime() - start), TimeUnit.NANOSECONDS)) {
                throw Failures.of(
                        ErrorCode.BUSY,
                        doing + ": the write-ahead log was being emptied for "
                                + options.busyTimeout().toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.of(ErrorCode.BUSY, doing + ": interrupted while waiting to read", e);
        }
        try {
            Conn c = readers.pollFirst();
            if (c == null) {
                // None idle: wait for one (counted in the waiting gauge when metrics are installed).
                waited = true;
                if (metrics != null) {
                    readersWaiting.incrementAndGet();
                }
                try {
                    c = readers.pollFirst(timeout - (System.nanoTime() - start), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Failures.of(ErrorCode.BUSY, doing + ": interrupted while waiting for a read connection", e);
                } finally {
                    if (metrics != null) {
                        readersWaiting.decrementAndGet();
                    }
                }
            }
            if (metrics != null && waited && c != null) {
                metrics.readerWait(System.nanoTime() - start);
            }
            if (c == null) {
                throw Failures.of(
                        ErrorCode.BUSY,
                        doing + ": all " + options.readConnections() + " read connections stayed in use for "
                                + options.busyTimeout().toMillis() + " ms");
            }
            try {
                return work.run(c);
            } catch (SQLException e) {
                throw engine.translate(e, doing);
            } finally {
                // Back to the pool even after close(): close() is waiting for it there.
                readers.offerFirst(c);
                if (readersClosed) {
                    closeIdleReaders();
                }
            }
        } finally {
            gate.unlock();
        }
    }

    /**
     * Runs one write operation in the writer's transaction, possibly sharing the commit with
     * other callers' operations, and returns once that commit is durable (as far as
     * {@code synchronous=NORMAL} makes it).
     */
    @Override
    public <T> T write(String doing, Work<T> work) {
        checkOpen(doing);
        Pending<T> p = new Pending<>(doing, work, metrics == null ? 0 : System.nanoTime());
        queue.add(p);
        // Whoever gets the writer lock leads: it commits every queued operation, its own among
        // them, and wakes their callers. The others park instead of queueing on the lock, so a
        // caller whose write was committed by a leader returns without taking the lock at all
        // (no convoy of lock hand-offs between commits).
        while (!p.done) {
            if (writeLock.tryLock()) {
                try {
                    while (!p.done) {
                        runBatch();
                    }
                } finally {
                    writeLock.unlock();
                }
                Pending<?> next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.thread); // hand the lead to a waiting caller
                }
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        return p.result();
    }

    /** How long a waiting writer parks before it looks again (a missed wake-up costs at most this). */
    private static final long PARK_NANOS = 5_000_000;

    /**
     * Runs an action (restarting or emptying the log) while the writer is between transactions, no other
     * checkpoint runs and no library read is in flight: the commit and the reads in flight finish
     * first, new ones wait. The one way the log is emptied: the checkpointer calls it (its soft
     * bound), and so does the writer after a commit (the hard bound, {@link #boundLog}), already
     * holding the write lock, which is reentrant. Lock order: write lock, checkpoint, read gate.
     *
     * @return false, with nothing run, if reads stayed in flight for the busy timeout
     */
    boolean whileQuiet(WalCheckpointer.SqlAction action) throws SQLException {
        writeLock.lock();
        checkpointing.lock();
        try {
            Lock gate = readGate.writeLock();
            if (!gate.tryLock(busyTimeoutNanos, TimeUnit.NANOSECONDS)) {
                return false;
            }
            try {
                if (snapshots.get() > 0) {
                    return false; // it would wait for the snapshot's end
                }
                action.run();
                return true;
            } finally {
                gate.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            checkpointing.unlock();
            writeLock.unlock();
        }
    }

    /**
     * The hard bound on the log, checked by the writer after each commit while it still holds
     * the write lock: with more than {@link #WAL_HARD_BYTES} of log since it last restarted, it
     * copies the log into the database (RESTART) on its own connection before the next
     * transaction, which then writes the log from its beginning. The commit is already acknowledged; a failure here is
     * logged and the next commit tries again.
     */
    private void boundLog(long mark) {
        if (engine.logBytes(mark) <= WAL_HARD_BYTES || snapshots.get() > 0) {
            return;
        }
        try {
            if (!whileQuiet(() -> {
                long start = System.nanoTime();
                engine.checkpoint(writer.jdbc(), SqliteEngine.CheckpointMode.RESTART);
                if (metrics != null) {
                    metrics.checkpoint("restart", System.nanoTime() - start);
                }
            })) {
                LOG.warn(
                        "the write-ahead log is past {} bytes and reads stayed in flight for {} ms; "
                                + "emptying it is retried after the next commit",
                        WAL_HARD_BYTES,
                        options.busyTimeout().toMillis());
            }
        } catch (SQLException e) {
            LOG.warn("emptying the write-ahead log failed; retried after the next commit", e);
        }
    }

    /**
     * Runs read work in one read transaction on a connection of its own (not one of the pooled
     * readers, which it would hold for minutes): every statement sees the database as it was
     * when the work began, while the writer goes on.
     */
    @Override
    public <T> T snapshot(String doing, Work<T> work) {
        checkOpen(doing);
        Conn c;
        Lock gate = readGate.readLock();
        try {
            if (!gate.tryLock(busyTimeoutNanos, TimeUnit.NANOSECONDS)) {
                throw Failures.of(
                        ErrorCode.BUSY,
                        doing + ": the log stayed busy for "
                                + options.busyTimeout().toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.of(ErrorCode.BUSY, doing + ": interrupted while waiting to read", e);
        }
        try {
            c = new Conn(engine.open(false), setup.shapes(), false, engine.transactionSql(), setup.observer(), false);
            snapshots.incrementAndGet();
            try {
                engine.beginSnapshot(c.jdbc());
            } catch (SQLException | RuntimeException e) {
                snapshots.decrementAndGet();
                closeQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            throw engine.translate(e, doing + ": opening a snapshot");
        } finally {
            gate.unlock();
        }
        try {
            T result = work.run(c);
            c.jdbc().commit();
            return result;
        } catch (SQLException e) {
            throw engine.translate(e, doing);
        } finally {
            snapshots.decrementAndGet();
            closeQuietly(c);
        }
    }

    /**
     * Runs write work once, in a transaction of its own: the writer lock is taken for its whole
     * run (other writes queue meanwhile), and a failure is never answered by running it again.
     */
    @Override
    public <T> T writeAlone(String doing, Work<T> work) {
        checkOpen(doing);
        writeLock.lock();
        try {
            checkOpen(doing);
            try {
                writer.begin();
            } catch (SQLException e) {
                throw engine.translate(e, doing + ": starting the write transaction");
            }
            T result;
            try {
                result = work.run(writer);
                writer.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                resetWriterAfter(e);
                throw e instanceof SQLException se ? engine.translate(se, doing) : (RuntimeException) e;
            }
            commits.incrementAndGet();
            checkpointer.committed();
            boundLog(engine.logMark());
            return result;
        } finally {
            writeLock.unlock();
            Pending<?> next = queue.peek();
            if (next != null) {
                LockSupport.unpark(next.thread);
            }
        }
    }

    private void runBatch() {
        List<Pending<?>> batch = new ArrayList<>();
        Pending<?> next;
        while (batch.size() < options.maxGroupCommit() && (next = queue.poll()) != null) {
            batch.add(next);
        }
        if (!batch.isEmpty()) {
            runTransaction(batch);
        }
    }

    /**
     * After a shared batch had to be run again with savepoints, this many following batches
     * start with savepoints: a workload where some operation fails in most batches (contended
     * expected-version updates, say) then does not pay for every batch twice.
     */
    private static final int SAVEPOINT_BATCHES_AFTER_A_FAILURE = 16;
    /** Batches still to run with savepoints from the start; guarded by the write lock. */
    private int savepointBatches;

    /**
     * Runs a batch in one transaction. A shared batch first runs without savepoints (a savepoint
     * per operation cost ~50 of ~250 µs per memory add in a 14-operation commit: SQLite copies
     * each page an operation first touches into its sub-journal). If an operation fails, the
     * whole transaction is rolled back and the batch runs again with a savepoint per operation,
     * so the failing one is rolled back alone and the others are kept; its callers never see the
     * first attempt. Operations are functions of the database state, so running one again from
     * the same state gives the same outcome.
     */
    private void runTransaction(List<Pending<?>> batch) {
        if (metrics != null) {
            long now = System.nanoTime();
            for (Pending<?> p : batch) {
                metrics.queued(now - p.enqueued);
            }
        }
        if (closed) {
            for (Pending<?> p : batch) {
                p.fail(Failures.of(ErrorCode.CLOSED, p.doing + ": the store is closed"));
            }
            return;
        }
        boolean alone = batch.size() == 1;
        if (!alone && savepointBatches == 0) {
            if (runWithoutSavepoints(batch)) {
                return;
            }
            savepointBatches = SAVEPOINT_BATCHES_AFTER_A_FAILURE;
        } else if (!alone) {
            savepointBatches--;
        }
        if (!begin(batch)) {
            return;
        }
        int succeeded = 0;
        for (Pending<?> p : batch) {
            try {
                if (!alone) {
                    writer.savepoint();
                }
                p.execute(writer);
                if (!alone) {
                    writer.release();
                }
                succeeded++;
            } catch (RuntimeException | SQLException e) {
                // Told to its caller once the batch is settled: a refusal can depend on what an
                // earlier operation of this batch wrote (the same key taken a moment before), which
                // its caller must be able to read when it hears of it.
                p.refuse(e instanceof SQLException se ? engine.translate(se, p.doing) : (RuntimeException) e);
                resetWriterAfter(e);
                if (!alone) {
                    try {
                        writer.rollbackToSavepoint();
                        writer.release();
                    } catch (SQLException rollbackFailure) {
                        abort(batch, rollbackFailure);
                        return;
                    }
                }
            }
        }
        if (succeeded == 0) {
            rollbackQuietly();
            for (Pending<?> p : batch) {
                p.settle();
            }
            return;
        }
        commitAndAcknowledge(batch);
    }

    /**
     * The shared batch with no savepoints: true when it is settled (committed and acknowledged,
     * or failed as a whole), false when one operation failed and the transaction was rolled
     * back, for the caller to run the batch again with savepoints.
     */
    private boolean runWithoutSavepoints(List<Pending<?>> batch) {
        if (!begin(batch)) {
            return true;
        }
        for (Pending<?> p : batch) {
            try {
                p.execute(writer);
            } catch (RuntimeException | SQLException e) {
                rollbackQuietly();
                resetWriterAfter(e);
                return false;
            }
        }
        commitAndAcknowledge(batch);
        return true;
    }

    /** Begins the writer's transaction; if it cannot, fails every operation of the batch. */
    private boolean begin(List<Pending<?>> batch) {
        try {
            writer.begin();
            if (measurePages) {
                logMark = engine.logMark();
            }
            return true;
        } catch (SQLException e) {
            for (Pending<?> p : batch) {
                p.fail(engine.translate(e, p.doing + ": starting the write transaction"));
            }
            return false;
        }
    }

    private void rollbackQuietly() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            // The transaction may already be gone (SQLite ends it on some errors); nothing was to be kept.
        }
    }

    private void commitAndAcknowledge(List<Pending<?>> batch) {
        long start = metrics == null ? 0 : System.nanoTime();
        try {
            writer.commit();
        } catch (SQLException e) {
            abort(batch, e);
            return;
        }
        // One read of the log's index after the commit serves both its pages and the log's bound.
        long after = engine.logMark();
        if (measurePages) {
            long pages = engine.logPagesBetween(logMark, after);
            if (metrics != null) {
                metrics.groupCommit(batch.size(), System.nanoTime() - start, pages);
            }
            if (stats != null) {
                stats.commit(batch.size(), pages);
            }
        }
        commits.incrementAndGet();
        checkpointer.committed();
        for (Pending<?> p : batch) {
            p.acknowledge();
        }
        boundLog(after);
    }

    /**
     * After a storage failure (a full disk, an I/O error) SQLite may leave the statement that met
     * it unusable ("statement is not executing" ever after); the writer drops every cached
     * statement so that the next write prepares them afresh and succeeds as soon as the cause is
     * gone. Refusals by a constraint and lock timeouts leave the statements as they were.
     */
    private void resetWriterAfter(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException se) {
                if (engine.translate(se, "").code() == ErrorCode.STORAGE) {
                    writer.discardStatements();
                }
                return;
            }
        }
    }

    /** The transaction cannot be completed: roll it back and fail every operation in it. */
    private void abort(List<Pending<?>> batch, SQLException cause) {
        try {
            writer.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        resetWriterAfter(cause);
        for (Pending<?> p : batch) {
            p.failAfterExecute(engine.translate(cause, p.doing + ": the transaction was rolled back"));
        }
    }

    private void checkOpen(String doing) {
        if (closed) {
            throw Failures.of(ErrorCode.CLOSED, doing + ": the store is closed");
        }
    }

    @Override
    public boolean truncateLog() throws SQLException {
        return checkpointer.truncateNow();
    }

    @Override
    public long commits() {
        return commits.get();
    }

    /** The log's checkpointer (for the tests of this package). */
    WalCheckpointer walCheckpointer() {
        return checkpointer;
    }

    /** How many checkpoint passes have run (diagnostics). */
    public long checkpoints() {
        return checkpointer.checkpoints();
    }

    /** The size of the write-ahead log on disk, in bytes. */
    public long walBytes() {
        return engine.walBytes();
    }

    /** How many reads may run at once while the writer is busy (one per processor). */
    public int readsBesideWriterLimit() {
        return readsBesideWriterLimit;
    }

    /** How many submitted writes wait for the writer (diagnostics). */
    public int queuedWrites() {
        return queue.size();
    }

    @Override
    public void forEachConnection(ConnectionCheck check) throws SQLException {
        writeLock.lock();
        try {
            check.accept(writer.jdbc(), true);
        } finally {
            writeLock.unlock();
        }
        List<Conn> taken = new ArrayList<>();
        try {
            for (int i = 0; i < options.readConnections(); i++) {
                Conn c = readers.poll(options.busyTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (c == null) {
                    throw new SQLException("a read connection stayed in use");
                }
                taken.add(c);
                check.accept(c.jdbc(), false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            readers.addAll(taken);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writeLock.lock();
        try {
            Pending<?> p;
            while ((p = queue.poll()) != null) {
                p.fail(Failures.of(ErrorCode.CLOSED, p.doing + ": the store is closed"));
            }
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
        checkpointer.close();
        // Reads in flight finish and hand their connections back; each is closed as it comes.
        // One that outlasts the busy timeout closes its own when it ends (readersClosed).
        long deadline = System.nanoTime() + busyTimeoutNanos;
        int closedReaders = 0;
        try {
            while (closedReaders < allReaders.size()) {
                Conn c = readers.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (c == null) {
                    break;
                }
                closeQuietly(c);
                closedReaders++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readersClosed = true;
        closeIdleReaders();
    }

    /** Closes the read connections idle in the pool (after close()). */
    private void closeIdleReaders() {
        Conn c;
        while ((c = readers.pollFirst()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Conn c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing is best effort; the data is already committed or rolled back.
            }
        }
    }

    /** One submitted write operation and its outcome. */
    private static final class Pending<T> {
        final String doing;
        final Work<T> work;
        volatile boolean done;
        final Thread thread = Thread.currentThread();
        /** When it was queued (read only with metrics installed; 0 without). */
        final long enqueued;

        private T value;
        private RuntimeException error;
        private boolean executed;

        Pending(String doing, Work<T> work, long enqueued) {
            this.enqueued = enqueued;
            this.doing = doing;
            this.work = work;
        }

        void execute(Conn c) throws SQLException {
            value = work.run(c);
            executed = true;
        }

        /** After the commit: an executed operation succeeded; a refused one hears of its refusal now. */
        void acknowledge() {
            if (executed) {
                done = true;
                LockSupport.unpark(thread);
            } else {
                settle();
            }
        }

        /** Refused by the database (its savepoint rolled back); its caller is told when the batch is settled. */
        void refuse(RuntimeException e) {
            error = e;
            executed = false;
        }

        /** Tells a refused operation's caller, once the transaction it ran in has committed or rolled back. */
        void settle() {
            if (!done && error != null) {
                done = true;
                LockSupport.unpark(thread);
            }
        }

        void fail(RuntimeException e) {
            error = e;
            executed = false;
            done = true;
            LockSupport.unpark(thread);
        }

        /** The transaction failed as a whole: an operation refused on its own keeps its own error. */
        void failAfterExecute(RuntimeException e) {
            if (!done || executed) {
                if (executed || error == null) {
                    error = e;
                }
                executed = false;
                done = true;
                LockSupport.unpark(thread);
            }
        }

        T result() {
            if (error != null) {
                throw error;
            }
            return value;
        }
    }
}
