package io.agentstore.internal.store;

import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Database;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The batches of one lifecycle operation (a retention run, an erasure): each batch is its own
 * short write transaction; its counts are kept once it has committed. In a dry run each batch
 * runs and is then rolled back, so that what it counts is exactly what it would have deleted;
 * a dry run's deletes are therefore never capped (a capped delete rolled back would be counted
 * again by the next batch). The operation stops between batches when its thread is interrupted
 * (the flag is kept) or its deadline has passed.
 */
final class Batches {

    /** Rows deleted, or cleared, per table within one batch. */
    static final class Tally {
        private final Map<String, Long> counts = new HashMap<>();
        private final Map<String, Long> scrubbed = new HashMap<>();

        /** Adds {@code n} deleted rows of {@code table}; returns {@code n}. */
        int add(String table, int n) {
            if (n > 0) {
                counts.merge(table, (long) n, Long::sum);
            }
            return n;
        }

        /** Adds {@code n} rows of {@code table} kept with a person's traces cleared; returns {@code n}. */
        int scrub(String table, int n) {
            if (n > 0) {
                scrubbed.merge(table, (long) n, Long::sum);
            }
            return n;
        }
    }

    /** The work of one batch. */
    @FunctionalInterface
    interface Work<T> {
        T run(Conn c, Tally tally) throws SQLException;
    }

    /** Carries a dry batch's result out of its transaction, which it rolls back. */
    private static final class RolledBack extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Object result;
        final transient Tally tally;

        RolledBack(Object result, Tally tally) {
            super("a dry run's batch, rolled back", null, false, false);
            this.result = result;
            this.tally = tally;
        }
    }

    final Database db;
    final boolean dry;
    final int batchSize;
    private final long deadline;
    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<String, Long> scrubbed = new TreeMap<>();
    private boolean stopped;
    private boolean secure;
    private long batches;

    /** The share of time the batches may take: after each, a pause of its own length × (1 − share) / share. */
    private double share = 1.0;

    Batches(Database db, boolean dry, int batchSize, long deadlineNanos) {
        this.db = db;
        this.dry = dry;
        this.batchSize = batchSize;
        this.deadline = deadlineNanos;
    }

    /**
     * Whether the next batch may start: false (for good) once interrupted, or past the deadline
     * after at least one batch (so that a run with any budget makes progress).
     */
    boolean go() {
        if (!stopped && (Thread.currentThread().isInterrupted() || (batches > 0 && System.nanoTime() - deadline > 0))) {
            stopped = true;
        }
        return !stopped;
    }

    boolean stopped() {
        return stopped;
    }

    /** A delete's row cap in this operation: {@code remaining} in a run, none in a dry run. */
    int cap(int remaining) {
        return dry ? Integer.MAX_VALUE : remaining;
    }

    /** Paces the batches to take at most {@code share} of the time (1: no pause). */
    Batches paced(double share) {
        this.share = share;
        return this;
    }

    /** From now on each batch overwrites what it deletes with zeros (SQLite's secure_delete). */
    Batches secure() {
        this.secure = true;
        return this;
    }

    /** Runs one batch in its own transaction (rolled back in a dry run) and keeps its counts; then pauses, if paced. */
    <T> T run(String doing, Work<T> work) {
        long start = System.nanoTime();
        T result = runSecure(doing, work);
        if (share < 1.0) {
            long pause = (long) ((System.nanoTime() - start) * (1 - share) / share);
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the next go() stops the operation
            }
        }
        return result;
    }

    private <T> T runSecure(String doing, Work<T> work) {
        if (!secure) {
            return runPlain(doing, work);
        }
        return runPlain(doing, (c, t) -> {
            db.engine().secureDelete(c.jdbc(), true);
            try {
                return work.run(c, t);
            } finally {
                db.engine().secureDelete(c.jdbc(), false);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private <T> T runPlain(String doing, Work<T> work) {
        T result;
        Tally kept;
        if (!dry) {
            Tally[] last = new Tally[1];
            result = db.write(doing, c -> {
                Tally t = new Tally(); // a transaction run again (a retried race) counts afresh
                T r = work.run(c, t);
                last[0] = t;
                return r;
            });
            kept = last[0];
        } else {
            try {
                db.write(doing, c -> {
                    Tally t = new Tally();
                    throw new RolledBack(work.run(c, t), t);
                });
                throw new IllegalStateException("a dry batch was committed: " + doing);
            } catch (RolledBack r) {
                result = (T) r.result;
                kept = r.tally;
            }
        }
        batches++;
        kept.counts.forEach((table, n) -> counts.merge(table, n, Long::sum));
        kept.scrubbed.forEach((table, n) -> scrubbed.merge(table, n, Long::sum));
        return result;
    }

    /** Rows deleted so far, per table. */
    Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }

    /** Rows scrubbed so far, per table. */
    Map<String, Long> scrubbed() {
        return new TreeMap<>(scrubbed);
    }

    /** Rows deleted or scrubbed so far, in all. */
    long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum()
                + scrubbed.values().stream().mapToLong(Long::longValue).sum();
    }
}
