package io.agentstore.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the write-ahead log short, off the writer's path. A daemon thread with its own
 * connection runs a PASSIVE checkpoint (which never blocks the writer or readers) after every
 * {@value #COMMITS_PER_CHECKPOINT} commits or {@value #INTERVAL_MS} ms with commits, and a
 * TRUNCATE checkpoint when the log file has grown past {@code truncateBytes} so that its disk
 * space is given back. Commits therefore never pay for copying pages or for the checkpoint's
 * fsync.
 */
final class Checkpointer implements AutoCloseable {

    static final int COMMITS_PER_CHECKPOINT = 200;
    static final long INTERVAL_MS = 100;

    private final Engine engine;
    private final Connection connection;
    private final long truncateBytes;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private long commitsSinceCheckpoint;
    private volatile boolean stopped;
    private volatile long checkpoints;
    private volatile SQLException lastError;

    Checkpointer(Engine engine, Connection connection, long truncateBytes) {
        this.engine = engine;
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

    SQLException lastError() {
        return lastError;
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
                return;
            } finally {
                lock.unlock();
            }
            checkpointOnce();
        }
    }

    /** One checkpoint pass; errors are kept for diagnostics and retried on the next pass. */
    void checkpointOnce() {
        try {
            Engine.CheckpointResult r = engine.checkpoint(connection, false);
            if (!r.busy() && r.logFrames() == r.checkpointedFrames() && engine.walBytes() > truncateBytes) {
                engine.checkpoint(connection, true);
            }
            checkpoints++;
            lastError = null;
        } catch (SQLException e) {
            lastError = e;
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
        checkpointOnce();
        try {
            connection.close();
        } catch (SQLException e) {
            lastError = e;
        }
    }
}
