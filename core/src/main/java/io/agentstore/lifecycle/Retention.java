package io.agentstore.lifecycle;

import java.time.Duration;

/**
 * Runs retention policies over a store: online, in small batches, each its own short
 * transaction, walking index ranges so that writers and readers go on meanwhile. Every run that
 * deletes writes one audit row ({@code action_type} {@code retention}, actor
 * {@code system:retention}) with its counts. A run stops between batches when its thread is
 * interrupted (the interrupt flag is kept) or its time budget is spent, and the next run goes on
 * from where it stopped, in this process or another. Runs from two processes at once are safe:
 * each batch deletes only what the policy still selects when the batch runs, and each row is
 * counted by the run that deleted it. Thread-safe.
 *
 * <p>On SQLite, the pages of deleted rows are reused by later writes, and a run gives them back
 * to the file system at its end where the file allows it (files created by this version do; see
 * the operations guide for older files). On PostgreSQL the server's autovacuum reclaims them.
 */
public interface Retention {

    /** The store's policy ({@code StoreOptions.withRetention}). */
    RetentionPolicy policy();

    /** Runs the store's policy to its end (or until stopped). */
    RetentionReport run();

    /** Runs this policy to its end (or until stopped). */
    RetentionReport run(RetentionPolicy policy);

    /**
     * Runs this policy for about {@code budget} at most, then stops between batches (the batch in
     * progress finishes; the first batch always runs, so that every run makes progress).
     */
    RetentionReport run(RetentionPolicy policy, Duration budget);

    /**
     * The rows a run of the store's policy would delete now, per table, deleting nothing: each
     * batch is run and rolled back, so the counts are exactly a run's (as of when each batch ran).
     */
    RetentionReport dryRun();

    /** As {@link #dryRun()}, for this policy. */
    RetentionReport dryRun(RetentionPolicy policy);
}
