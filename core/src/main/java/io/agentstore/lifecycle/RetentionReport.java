package io.agentstore.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a retention run deleted, or (a dry run) would delete: rows per table, by the schema's
 * table names ({@code session_events}, {@code memory_entries}, {@code memory_vectors},
 * {@code memory_recency}, {@code audit}, {@code metrics}, {@code checkpoints}, {@code sessions},
 * {@code tasks}, {@code state}, {@code agents}). Tables with nothing to delete are absent.
 *
 * @param dryRun    whether nothing was deleted (the counts are what a run would have deleted)
 * @param complete  whether every walk reached its end; false when the run was stopped (its
 *                  thread interrupted, or its time budget spent): the next run goes on from
 *                  where this one stopped
 * @param deleted   rows per table
 * @param startedAt the run's start on the store's clock, from which the policy's ages count back
 * @param took      how long the run took (wall time)
 */
public record RetentionReport(
        boolean dryRun, boolean complete, Map<String, Long> deleted, Instant startedAt, Duration took) {

    public RetentionReport {
        deleted = java.util.Collections.unmodifiableMap(new TreeMap<>(deleted));
    }

    /** The rows deleted from one table (0 if none). */
    public long deleted(String table) {
        return deleted.getOrDefault(table, 0L);
    }

    /** The rows deleted from every table. */
    public long total() {
        return deleted.values().stream().mapToLong(Long::longValue).sum();
    }
}
