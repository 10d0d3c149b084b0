package io.agentstore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A snapshot of a store for its operators, from {@code AgentStore.stats()}: how each query
 * shape has run, how large the database and its log are, how writes were committed, and which
 * indexes the shapes use — so that indexes nothing uses show. The figures of calls (per shape,
 * per commit, per index) are recorded only when the store was opened with
 * {@link StoreOptions#withStatistics(boolean)}; without it {@link #recording()} is false, those
 * lists and figures are empty, and the rest (storage, indexes and the shapes whose plans
 * use them) is still read from the database.
 *
 * @param engine    {@code sqlite} or {@code postgresql}
 * @param at        when the snapshot was taken (the store's clock)
 * @param since     when recording began (the store's opening), or null when not recording
 * @param shapes    per query shape that has run at least once since then, in registry order
 * @param storage   the database's size and its log
 * @param commits   how writes were committed
 * @param indexes   every index on the store's tables, with the shapes that use it
 */
public record StoreStats(
        String engine,
        Instant at,
        Optional<Instant> since,
        List<ShapeStats> shapes,
        Storage storage,
        Commits commits,
        List<IndexStats> indexes) {

    public StoreStats {
        Objects.requireNonNull(since, "since");
        shapes = List.copyOf(shapes);
        indexes = List.copyOf(indexes);
    }

    /** Whether calls are being recorded ({@link StoreOptions#withStatistics(boolean)}): since when is known. */
    public boolean recording() {
        return since.isPresent();
    }

    /** The figures of one shape, by name (e.g. {@code memoryCurrent}), if it has run. */
    public Optional<ShapeStats> shape(String name) {
        return shapes.stream().filter(s -> s.shape().equals(name)).findFirst();
    }

    /** The indexes that nothing uses: see {@link IndexStats#unused()}. */
    public List<IndexStats> unusedIndexes() {
        return indexes.stream().filter(IndexStats::unused).toList();
    }

    /**
     * One query shape's calls since recording began. The percentiles are of every call, failed
     * ones included, with two significant digits.
     *
     * @param shape  the shape's name, as in the meters and the slow-statement log
     * @param table  the table it works on
     * @param calls  statements run
     * @param errors of them, statements the engine refused
     */
    public record ShapeStats(
            String shape,
            String table,
            long calls,
            long errors,
            Duration p50,
            Duration p95,
            Duration p99,
            Duration max) {}

    /**
     * The database's size. On PostgreSQL {@code databaseBytes} is the whole database's
     * ({@code pg_database_size}), {@code pages} that size in blocks, and {@code freePages} and
     * {@code logBytes} are empty (the server keeps its own log).
     *
     * @param databaseBytes the database file's size (SQLite), without its log
     * @param pageSize      bytes per page
     * @param pages         pages in the database
     * @param freePages     of them, pages on the free list (space a VACUUM would give back)
     * @param logBytes      the write-ahead log's size on disk
     */
    public record Storage(
            long databaseBytes, int pageSize, long pages, OptionalLong freePages, OptionalLong logBytes) {}

    /**
     * How writes were committed since the store opened. On SQLite one commit carries every write
     * queued meanwhile (group commit); on PostgreSQL every write is its own transaction. Figures
     * that are not recorded (statistics off, or not known on the engine) are empty.
     *
     * @param commits            write transactions committed
     * @param operations         callers' writes they carried (recorded)
     * @param operationsP50      median writes per commit (recorded, SQLite)
     * @param operationsMax      most writes in one commit (recorded, SQLite)
     * @param logPagesPerCommit  mean pages one commit wrote to the write-ahead log (recorded, SQLite)
     * @param logPagesMax        most pages one commit wrote to the log (recorded, SQLite)
     * @param checkpoints        checkpoint passes over the log (SQLite)
     */
    public record Commits(
            long commits,
            OptionalLong operations,
            OptionalLong operationsP50,
            OptionalLong operationsMax,
            OptionalDouble logPagesPerCommit,
            OptionalLong logPagesMax,
            long checkpoints) {}

    /**
     * One index and what uses it. {@code shapes} are the registered shapes whose query plan
     * reads it, as the store's plan check sees them now (on PostgreSQL: the generic plan, with
     * sequential scans a last resort, so that a small table does not hide the index a large one
     * would use). Writes that only maintain an index do not use it.
     *
     * @param name   the index's name ({@code <table> (rowid)} for a SQLite table's own rowid key)
     * @param table  its table
     * @param unique whether it enforces uniqueness (a primary key or UNIQUE constraint): such an
     *               index is kept for its constraint even when no shape reads through it
     * @param foreignKey whether it leads with a foreign key's column: the engine reads it to check
     *               the key when a referenced row is deleted, which no shape's plan shows
     * @param shapes the shapes that read through it
     * @param calls  the calls of those shapes since recording began, or empty when not recording
     * @param scans  the engine's own count of scans of it (PostgreSQL's {@code idx_scan}, every
     *               client's since the server's statistics were reset), or empty (SQLite keeps none)
     */
    public record IndexStats(
            String name,
            String table,
            boolean unique,
            boolean foreignKey,
            List<String> shapes,
            OptionalLong calls,
            OptionalLong scans) {

        public IndexStats {
            shapes = List.copyOf(shapes);
        }

        /**
         * Whether nothing uses this index: it enforces no uniqueness, serves no foreign key, and no
         * registered shape reads through it or (when recording) none of those shapes has been
         * called. Every write still pays to maintain it.
         */
        public boolean unused() {
            return !unique && !foreignKey && (shapes.isEmpty() || calls.orElse(-1) == 0);
        }
    }
}
