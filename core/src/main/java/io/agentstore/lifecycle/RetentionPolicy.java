package io.agentstore.lifecycle;

import io.agentstore.internal.Failures;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a retention run deletes, per kind of data. Immutable; start from {@link #keepEverything()}
 * and add rules with the {@code with…} methods. Ages are measured back from the run's start, on
 * the store's clock. A kind without a rule is kept whole. A rule never touches:
 * <ul>
 *   <li>a session's state (pruning its events changes nothing of it, nor of shared state);
 *   <li>a memory key's current version (history and rollback go on over what is left);
 *   <li>a live session (only terminated or archived ones are removed whole);
 *   <li>the audit row a run writes of itself.
 * </ul>
 * Episodic memory past its TTL is retired by every run unless {@link #withExpiredMemory(boolean)
 * withExpiredMemory(false)}, as {@code MemoryStore.sweepExpired} does.
 */
public final class RetentionPolicy {

    private static final int DEFAULT_BATCH = 50;
    private static final int MAX_BATCH = 10_000;
    private static final double DEFAULT_PACE = 0.15;
    private static final int DEFAULT_FEED = 100_000;

    private final Duration eventsOlderThan;
    private final Integer eventsKeepLast;
    private final Duration memoryVersionsOlderThan;
    private final Integer memoryVersionsKeepLast;
    private final Duration auditOlderThan;
    private final Duration metricsOlderThan;
    private final Integer checkpointsKeepLast;
    private final Duration endedSessionsOlderThan;
    private final boolean expiredMemory;
    private final int batchSize;
    private final double pace;
    private final int searchFeedKeepLast;

    private RetentionPolicy(
            Duration eventsOlderThan,
            Integer eventsKeepLast,
            Duration memoryVersionsOlderThan,
            Integer memoryVersionsKeepLast,
            Duration auditOlderThan,
            Duration metricsOlderThan,
            Integer checkpointsKeepLast,
            Duration endedSessionsOlderThan,
            boolean expiredMemory,
            int batchSize,
            double pace,
            int searchFeedKeepLast) {
        this.eventsOlderThan = eventsOlderThan;
        this.eventsKeepLast = eventsKeepLast;
        this.memoryVersionsOlderThan = memoryVersionsOlderThan;
        this.memoryVersionsKeepLast = memoryVersionsKeepLast;
        this.auditOlderThan = auditOlderThan;
        this.metricsOlderThan = metricsOlderThan;
        this.checkpointsKeepLast = checkpointsKeepLast;
        this.endedSessionsOlderThan = endedSessionsOlderThan;
        this.expiredMemory = expiredMemory;
        this.batchSize = batchSize;
        this.pace = pace;
        this.searchFeedKeepLast = searchFeedKeepLast;
    }

    /**
     * No rule: a run only retires expired episodic memory and trims the search feeds (internal
     * bookkeeping, see {@link #withSearchFeedKeepLast}). The store's default.
     */
    public static RetentionPolicy keepEverything() {
        return new RetentionPolicy(
                null, null, null, null, null, null, null, null, true, DEFAULT_BATCH, DEFAULT_PACE, DEFAULT_FEED);
    }

    private static Duration age(Duration value, String what) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw Failures.invalid(what + " must be a positive age (or null for no rule): " + value);
        }
        return value;
    }

    private static Integer count(Integer value, String what) {
        if (value != null && value < 1) {
            throw Failures.invalid(what + " must be at least 1 (or null for no rule): " + value);
        }
        return value;
    }

    /** The policy as fields, for the {@code with…} methods: each changes one and builds anew. */
    private static final class Copy {
        Duration eventsOlderThan;
        Integer eventsKeepLast;
        Duration memoryVersionsOlderThan;
        Integer memoryVersionsKeepLast;
        Duration auditOlderThan;
        Duration metricsOlderThan;
        Integer checkpointsKeepLast;
        Duration endedSessionsOlderThan;
        boolean expiredMemory;
        int batchSize;
        double pace;
        int searchFeedKeepLast;

        Copy(RetentionPolicy p) {
            eventsOlderThan = p.eventsOlderThan;
            eventsKeepLast = p.eventsKeepLast;
            memoryVersionsOlderThan = p.memoryVersionsOlderThan;
            memoryVersionsKeepLast = p.memoryVersionsKeepLast;
            auditOlderThan = p.auditOlderThan;
            metricsOlderThan = p.metricsOlderThan;
            checkpointsKeepLast = p.checkpointsKeepLast;
            endedSessionsOlderThan = p.endedSessionsOlderThan;
            expiredMemory = p.expiredMemory;
            batchSize = p.batchSize;
            pace = p.pace;
            searchFeedKeepLast = p.searchFeedKeepLast;
        }

        RetentionPolicy build() {
            return new RetentionPolicy(
                    eventsOlderThan,
                    eventsKeepLast,
                    memoryVersionsOlderThan,
                    memoryVersionsKeepLast,
                    auditOlderThan,
                    metricsOlderThan,
                    checkpointsKeepLast,
                    endedSessionsOlderThan,
                    expiredMemory,
                    batchSize,
                    pace,
                    searchFeedKeepLast);
        }
    }

    /** Deletes events created longer ago than this (null: no age rule). */
    public RetentionPolicy withEventsOlderThan(Duration age) {
        Copy c = new Copy(this);
        c.eventsOlderThan = age(age, "eventsOlderThan");
        return c.build();
    }

    /** Keeps the last {@code n} events of each session (by seq) and deletes those before them (null: no count rule). */
    public RetentionPolicy withEventsKeepLast(Integer n) {
        Copy c = new Copy(this);
        c.eventsKeepLast = count(n, "eventsKeepLast");
        return c.build();
    }

    /** Deletes memory versions that are not current and were written longer ago than this (null: no age rule). */
    public RetentionPolicy withMemoryVersionsOlderThan(Duration age) {
        Copy c = new Copy(this);
        c.memoryVersionsOlderThan = age(age, "memoryVersionsOlderThan");
        return c.build();
    }

    /**
     * Keeps the {@code n} newest versions of each key (by version number; the current one is kept
     * whatever its number) and deletes the older ones (null: no count rule).
     */
    public RetentionPolicy withMemoryVersionsKeepLast(Integer n) {
        Copy c = new Copy(this);
        c.memoryVersionsKeepLast = count(n, "memoryVersionsKeepLast");
        return c.build();
    }

    /** Deletes audit rows older than this (null: no rule). */
    public RetentionPolicy withAuditOlderThan(Duration age) {
        Copy c = new Copy(this);
        c.auditOlderThan = age(age, "auditOlderThan");
        return c.build();
    }

    /** Deletes metric points older than this (null: no rule). */
    public RetentionPolicy withMetricsOlderThan(Duration age) {
        Copy c = new Copy(this);
        c.metricsOlderThan = age(age, "metricsOlderThan");
        return c.build();
    }

    /** Keeps the {@code n} highest iterations of each task's checkpoints and deletes the others (null: no rule). */
    public RetentionPolicy withCheckpointsKeepLast(Integer n) {
        Copy c = new Copy(this);
        c.checkpointsKeepLast = count(n, "checkpointsKeepLast");
        return c.build();
    }

    /**
     * Deletes sessions terminated (or archived) longer ago than this, with everything that belongs
     * to them: their events and state history, their {@code session:<id>} memory (every version),
     * their tasks (with their checkpoints and task state), their agents and the checkpoints saved
     * in them; the audit rows of what is deleted keep only their id, time, action type and memory
     * operation (null: no rule).
     */
    public RetentionPolicy withEndedSessionsOlderThan(Duration age) {
        Copy c = new Copy(this);
        c.endedSessionsOlderThan = age(age, "endedSessionsOlderThan");
        return c.build();
    }

    /** Whether a run retires expired episodic memory (default true). */
    public RetentionPolicy withExpiredMemory(boolean value) {
        Copy c = new Copy(this);
        c.expiredMemory = value;
        return c.build();
    }

    /**
     * How many rows one batch (one short transaction) reads or deletes at most, 1–{@value #MAX_BATCH}
     * (default {@value #DEFAULT_BATCH}): smaller keeps each write lock shorter, larger runs faster.
     */
    public RetentionPolicy withBatchSize(int rows) {
        if (rows < 1 || rows > MAX_BATCH) {
            throw Failures.invalid("batchSize must be between 1 and " + MAX_BATCH + ": " + rows);
        }
        Copy c = new Copy(this);
        c.batchSize = rows;
        return c.build();
    }

    /**
     * The share of time a run's batches may take, above 0 and at most 1 (default
     * {@value #DEFAULT_PACE}): after each batch the run pauses for the batch's own time ×
     * (1 − share) / share, so that the writes and reads that go on meanwhile find the database
     * free most of the time. 1 runs batch after batch with no pause (fastest; for a quiet hour).
     */
    public RetentionPolicy withPace(double share) {
        if (!(share > 0 && share <= 1)) {
            throw Failures.invalid("pace must be a share of time above 0 and at most 1: " + share);
        }
        Copy c = new Copy(this);
        c.pace = share;
        return c.build();
    }

    /**
     * How many of the newest rows each search feed keeps (default {@value #DEFAULT_FEED}; at least
     * 1). The feeds tell every process's search index what changed; every run trims them, whatever
     * the other rules. A process whose index is further behind than that builds it again at its
     * next search (as at its first).
     */
    public RetentionPolicy withSearchFeedKeepLast(int rows) {
        if (rows < 1) {
            throw Failures.invalid("searchFeedKeepLast must be at least 1: " + rows);
        }
        Copy c = new Copy(this);
        c.searchFeedKeepLast = rows;
        return c.build();
    }

    public int searchFeedKeepLast() {
        return searchFeedKeepLast;
    }

    public double pace() {
        return pace;
    }

    public Optional<Duration> eventsOlderThan() {
        return Optional.ofNullable(eventsOlderThan);
    }

    public OptionalInt eventsKeepLast() {
        return eventsKeepLast == null ? OptionalInt.empty() : OptionalInt.of(eventsKeepLast);
    }

    public Optional<Duration> memoryVersionsOlderThan() {
        return Optional.ofNullable(memoryVersionsOlderThan);
    }

    public OptionalInt memoryVersionsKeepLast() {
        return memoryVersionsKeepLast == null ? OptionalInt.empty() : OptionalInt.of(memoryVersionsKeepLast);
    }

    public Optional<Duration> auditOlderThan() {
        return Optional.ofNullable(auditOlderThan);
    }

    public Optional<Duration> metricsOlderThan() {
        return Optional.ofNullable(metricsOlderThan);
    }

    public OptionalInt checkpointsKeepLast() {
        return checkpointsKeepLast == null ? OptionalInt.empty() : OptionalInt.of(checkpointsKeepLast);
    }

    public Optional<Duration> endedSessionsOlderThan() {
        return Optional.ofNullable(endedSessionsOlderThan);
    }

    public boolean expiredMemory() {
        return expiredMemory;
    }

    public int batchSize() {
        return batchSize;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RetentionPolicy o
                && Objects.equals(eventsOlderThan, o.eventsOlderThan)
                && Objects.equals(eventsKeepLast, o.eventsKeepLast)
                && Objects.equals(memoryVersionsOlderThan, o.memoryVersionsOlderThan)
                && Objects.equals(memoryVersionsKeepLast, o.memoryVersionsKeepLast)
                && Objects.equals(auditOlderThan, o.auditOlderThan)
                && Objects.equals(metricsOlderThan, o.metricsOlderThan)
                && Objects.equals(checkpointsKeepLast, o.checkpointsKeepLast)
                && Objects.equals(endedSessionsOlderThan, o.endedSessionsOlderThan)
                && expiredMemory == o.expiredMemory
                && batchSize == o.batchSize
                && pace == o.pace
                && searchFeedKeepLast == o.searchFeedKeepLast;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                eventsOlderThan,
                eventsKeepLast,
                memoryVersionsOlderThan,
                memoryVersionsKeepLast,
                auditOlderThan,
                metricsOlderThan,
                checkpointsKeepLast,
                endedSessionsOlderThan,
                expiredMemory,
                batchSize,
                pace,
                searchFeedKeepLast);
    }

    @Override
    public String toString() {
        return "RetentionPolicy[eventsOlderThan=" + eventsOlderThan + ", eventsKeepLast=" + eventsKeepLast
                + ", memoryVersionsOlderThan=" + memoryVersionsOlderThan + ", memoryVersionsKeepLast="
                + memoryVersionsKeepLast + ", auditOlderThan=" + auditOlderThan + ", metricsOlderThan="
                + metricsOlderThan + ", checkpointsKeepLast=" + checkpointsKeepLast + ", endedSessionsOlderThan="
                + endedSessionsOlderThan + ", expiredMemory=" + expiredMemory + ", batchSize=" + batchSize + ", pace="
                + pace + ", searchFeedKeepLast=" + searchFeedKeepLast + "]";
    }
}
