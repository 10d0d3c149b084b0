package io.agentstore.internal.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the write-ahead log short, off the writer's path. A daemon thread with its own
 * connection runs a PASSIVE checkpoint (which never blocks the writer or readers) after every
 * {@value #COMMITS_PER_CHECKPOINT} commits or {@value #INTERVAL_MS} ms with commits. A complete
 * pass lets the next commit write the log from its beginning again, but only if no commit came
 * in during the pass, and busy readers can keep a pass from completing at all (each read holds
 * a snapshot). So when the log's content (since it last restarted) has passed {@code
 * truncateBytes} with a pass left incomplete, or four times that however the passes went, the
 * checkpointer pauses the library's writer and readers for a moment (it takes the writer lock
 * and closes the read gate; the commit and reads in flight finish first, new ones wait) and runs
 * a RESTART checkpoint: it copies what the passes left and the next commit writes the log from
 * its beginning, over the old frames of the same file (no cut and regrowth of the file, which cost
 * the writer more than the copy). A file left longer than four times the threshold (by a burst
 * the checkpointer could not keep up with) is cut back by a TRUNCATE. Commits never pay for
 * copying pages or for the checkpoint's fsync. This thread is the soft bound: when it gets too
 * little CPU to keep up, the writer enforces the hard one ({@code SingleWriter.WAL_HARD_BYTES}).
 */
final class WalCheckpointer implements AutoCloseable {

    static final int COMMITS_PER_CHECKPOINT = 200;
    static final long INTERVAL_MS = 50;

    /**
     * Runs an action while the library's writer is between transactions and no library reader
     * holds a snapshot; false if that could not be had within the busy timeout.
     */
    interface Quiet {
        boolean run(SqlAction action) throws SQLException;
    }

    /** An action on the checkpointer's connection. */
    interface SqlAction {
        void run() throws SQLException;
    }

    private final SqliteEngine engine;
    private final Quiet quiet;
    private final Connection connection;
    private final long truncateBytes;
    /** Told of each pass, or null. */
    private final io.agentstore.StoreMetrics metrics;

    private final Thread thread;
    private volatile long interruptions;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Held while a checkpoint runs: SQLite refuses a second checkpoint at once (BUSY, without
     * waiting), so the PASSIVE passes here and every TRUNCATE (the owner's, in {@link Quiet})
     * take it.
     */
    private final ReentrantLock checkpointing;

    private final Condition wake = lock.newCondition();
    private long commitsSinceCheckpoint;
    private volatile boolean stopped;
    private volatile long checkpoints;
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    WalCheckpointer(
            SqliteEngine engine,
            Connection connection,
            long truncateBytes,
            ReentrantLock checkpointing,
            Quiet quiet,
            io.agentstore.StoreMetrics metrics) {
        this.metrics = metrics;
        this.checkpointing = checkpointing;
        this.engine = engine;
        this.quiet = quiet;
        this.connection = connection;
        this.truncateBytes = truncateBytes;
        this.thread = new Thread(this::run, "agentstore-checkpointer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Called by the writer after each commit. */
    void committed() {
        lock.lock();
        try {
            if (++commitsSinceCheckpoint >= COMMITS_PER_CHECKPOINT) {
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    long checkpoints() {
        return checkpoints;
    }

    private void run() {
        while (!stopped) {
            lock.lock();
            try {
                if (commitsSinceCheckpoint < COMMITS_PER_CHECKPOINT) {
                    wake.await(INTERVAL_MS, TimeUnit.MILLISECONDS);
                }
                if (commitsSinceCheckpoint == 0) {
                    continue;
                }
                commitsSinceCheckpoint = 0;
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
                // Only close() may stop this thread: without it the log would grow without bound.
                interruptions++;
                LOG.warn(
                        "the write-ahead log checkpointer was interrupted by something other than the store's "
                                + "close(); it keeps running (interruption {})",
                        interruptions);
                continue;
            } finally {
                lock.unlock();
            }
            try {
                checkpointOnce();
            } catch (RuntimeException e) {
                // Never let one bad pass end the thread; the next pass tries again.
                LOG.warn("checkpoint of the write-ahead log failed; retrying on the next pass", e);
            }
        }
    }

    /**
     * Copies the whole log into the database and cuts the log file to nothing, now, with the
     * library's writer and readers paused; false if that pause could not be had within the busy
     * timeout (a reader of another process may still hold the log).
     */
    boolean truncateNow() throws SQLException {
        long start = System.nanoTime();
        boolean[] done = {false};
        boolean quietHad = quiet.run(() -> {
            SqliteEngine.CheckpointResult r = engine.checkpoint(connection, SqliteEngine.CheckpointMode.TRUNCATE);
            done[0] = !r.busy();
        });
        if (metrics != null) {
            metrics.checkpoint("truncate", System.nanoTime() - start);
        }
        return quietHad && done[0];
    }

    /** How often the thread was interrupted by anything but close(), and kept running. */
    long interruptions() {
        return interruptions;
    }

    /** The checkpointer's thread. */
    Thread thread() {
        return thread;
    }

    /** Whether the checkpointer thread is running (it stops only on close()). */
    boolean running() {
        return thread.isAlive();
    }

    /** One checkpoint pass; a failure is logged and retried on the next pass. */
    void checkpointOnce() {
        try {
            SqliteEngine.CheckpointResult passive;
            checkpointing.lock();
            long start = System.nanoTime();
            try {
                passive = engine.checkpoint(connection, SqliteEngine.CheckpointMode.PASSIVE);
            } finally {
                checkpointing.unlock();
            }
            if (metrics != null) {
                metrics.checkpoint("passive", System.nanoTime() - start);
            }
            boolean incomplete = passive.busy() || passive.checkpointedFrames() < passive.logFrames();
            long log = engine.logBytes(engine.logMark());
            if ((incomplete && log > truncateBytes) || log > 4 * truncateBytes) {
                pausedCheckpoint(SqliteEngine.CheckpointMode.RESTART);
            } else if (engine.walBytes() > 4 * truncateBytes) {
                pausedCheckpoint(SqliteEngine.CheckpointMode.TRUNCATE);
            }
            checkpoints++;
        } catch (SQLException e) {
            // Not fatal: commits go on, the log grows, and the next pass tries again. Said, not swallowed.
            LOG.warn("checkpoint of the write-ahead log failed; retrying on the next pass", e);
        }
    }

    /** A checkpoint with the library's writer and readers paused (RESTART and TRUNCATE wait for readers). */
    private void pausedCheckpoint(SqliteEngine.CheckpointMode mode) throws SQLException {
        long start = System.nanoTime();
        quiet.run(() -> engine.checkpoint(connection, mode));
        if (metrics != null) {
            metrics.checkpoint(mode.name().toLowerCase(Locale.ROOT), System.nanoTime() - start);
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!engine.readOnly()) {
            checkpointOnce(); // a read-only store has written nothing to copy, and may not
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the checkpointer's connection failed", e);
        }
    }
}
