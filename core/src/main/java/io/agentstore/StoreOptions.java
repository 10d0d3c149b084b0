package io.agentstore;

import io.agentstore.internal.Failures;
import io.agentstore.search.Embedder;
import java.time.Clock;
import java.time.Duration;

/**
 * How a store opens its database. Immutable; start from {@link #defaults()} and change what you
 * need with the {@code with…} methods.
 *
 * @param busyTimeout     how long a call waits for a lock held by another connection or
 *                        process, for a free connection, and on PostgreSQL for a server that does not
 *                        answer, before failing with {@link ErrorCode#BUSY} having written nothing
 *                        (default 5 s); a statement that is running is not cut off
 * @param readConnections how many read connections the store keeps (default: two per
 *                        processor, at least 4); reads beyond that wait for a free one, up to
 *                        {@code busyTimeout}. While the writer is busy, at most one read per
 *                        processor runs (reads of a cached file are CPU-bound, and more would
 *                        take CPU from the one writer).
 * @param maxGroupCommit  how many concurrent callers' writes may share one commit (default 256)
 * @param episodicTtl     how long an episodic memory lives after its last write (default 30 days)
 * @param clock           the time source for every timestamp the library writes
 * @param statementListener told of every statement executed, or null for none (the default)
 * @param poolSize        PostgreSQL opened by JDBC URL: the size of the connection pool the store
 *                        makes (default 10, at least 2: Flyway holds two connections at once
 *                        while it migrates; every operation borrows one connection for its
 *                        duration). A {@code DataSource} the caller passes is sized by the caller,
 *                        and needs two connections as well to migrate a database.
 * @param metrics         told of statements, operations, commits, checkpoints and read waits
 *                        (e.g. {@code MicrometerMetrics.of(registry)}), or null for none (the default)
 * @param slowStatementThreshold a statement that takes at least this long is logged (SLF4J logger
 *                        {@code io.agentstore.slow}, WARN: shape, time, rows), or null for never (the default)
 * @param slowStatementValues whether a slow statement's log line also carries its bound values
 *                        (default false: they may be personal data)
 * @param statistics      whether the store records each shape's calls, failures and latency and
 *                        each commit's size for {@code AgentStore.stats()} (default false)
 * @param embedder        the model that embeds written memories and text queries for semantic
 *                        search, or null for none (the default: callers give vectors themselves)
 * @param embeddedFields  what of a memory's value the embedder embeds by default: these fields
 *                        (top-level names or JSON pointers), or empty for the value's whole text
 * @param retention       the policy {@code AgentStore.retention().run()} applies (default: keep
 *                        everything but retire expired episodic memory)
 * @param secureDelete    SQLite: overwrite deleted content with zeros (default false)
 * @param readOnly        open the store for reading only (default false): nothing is migrated or written
 * @param memoryMap       SQLite: how many bytes of the file each read connection reads through a memory map
 *                        (default 2 GiB; 0: none)
 */
public final class StoreOptions {

    private final Duration busyTimeout;
    private final int readConnections;
    private final int maxGroupCommit;
    private final Duration episodicTtl;
    private final Clock clock;
    private final StatementListener statementListener;
    private final int poolSize;
    private final StoreMetrics metrics;
    private final Duration slowStatementThreshold;
    private final boolean slowStatementValues;
    private final boolean statistics;
    private final Embedder embedder;
    private final java.util.List<String> embeddedFields;
    private final io.agentstore.lifecycle.RetentionPolicy retention;
    private final boolean secureDelete;
    private final boolean readOnly;
    private final long memoryMap;

    private StoreOptions(
            Duration busyTimeout,
            int readConnections,
            int maxGroupCommit,
            Duration episodicTtl,
            Clock clock,
            StatementListener statementListener,
            int poolSize,
            StoreMetrics metrics,
            Duration slowStatementThreshold,
            boolean slowStatementValues,
            boolean statistics,
            Embedder embedder,
            java.util.List<String> embeddedFields,
            io.agentstore.lifecycle.RetentionPolicy retention,
            boolean secureDelete,
            boolean readOnly,
            long memoryMap) {
        if (busyTimeout == null) {
            throw Failures.invalid("busyTimeout must not be null");
        }
        if (episodicTtl == null) {
            throw Failures.invalid("episodicTtl must not be null");
        }
        if (clock == null) {
            throw Failures.invalid("clock must not be null");
        }
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw Failures.invalid("busyTimeout must be between 0 and " + Integer.MAX_VALUE + " ms: " + busyTimeout);
        }
        if (readConnections < 1 || readConnections > 256) {
            throw Failures.invalid("readConnections must be between 1 and 256: " + readConnections);
        }
        if (maxGroupCommit < 1 || maxGroupCommit > 10_000) {
            throw Failures.invalid("maxGroupCommit must be between 1 and 10000: " + maxGroupCommit);
        }
        if (poolSize < 2 || poolSize > 1_000) {
            throw Failures.invalid(
                    "poolSize must be between 2 and 1000 (migrating takes two connections at once): " + poolSize);
        }
        if (episodicTtl.isNegative() || episodicTtl.isZero()) {
            throw Failures.invalid("episodicTtl must be positive: " + episodicTtl);
        }
        if (slowStatementThreshold != null && slowStatementThreshold.isNegative()) {
            throw Failures.invalid("slowStatementThreshold must not be negative: " + slowStatementThreshold);
        }
        this.busyTimeout = busyTimeout;
        this.readConnections = readConnections;
        this.maxGroupCommit = maxGroupCommit;
        this.episodicTtl = episodicTtl;
        this.clock = clock;
        this.statementListener = statementListener;
        this.poolSize = poolSize;
        this.metrics = metrics;
        this.slowStatementThreshold = slowStatementThreshold;
        this.slowStatementValues = slowStatementValues;
        if (embedder != null) {
            String model = embedder.model();
            if (model == null || model.isEmpty() || model.length() > 256) {
                throw Failures.invalid("the embedder's model name must be 1..256 characters: " + Failures.quote(model));
            }
            if (embedder.dimensions() < 1 || embedder.dimensions() > 4096) {
                throw Failures.invalid("the embedder's dimension must be 1..4096: " + embedder.dimensions());
            }
        }
        if (embeddedFields == null) {
            throw Failures.invalid("embeddedFields must not be null (empty for the value's whole text)");
        }
        if (!embeddedFields.isEmpty()) {
            io.agentstore.search.Embedding.fields(embeddedFields); // validates them
        }
        this.statistics = statistics;
        this.embedder = embedder;
        this.embeddedFields = java.util.List.copyOf(embeddedFields);
        if (retention == null) {
            throw Failures.invalid("retention must not be null (RetentionPolicy.keepEverything() keeps everything)");
        }
        this.retention = retention;
        this.secureDelete = secureDelete;
        this.readOnly = readOnly;
        if (memoryMap < 0) {
            throw Failures.invalid("memoryMap must not be negative (0 turns it off): " + memoryMap);
        }
        this.memoryMap = memoryMap;
    }

    public static StoreOptions defaults() {
        return new StoreOptions(
                Duration.ofSeconds(5),
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                256,
                Duration.ofDays(30),
                Clock.systemUTC(),
                null,
                10,
                null,
                null,
                false,
                false,
                null,
                java.util.List.of(),
                io.agentstore.lifecycle.RetentionPolicy.keepEverything(),
                false,
                false,
                DEFAULT_MEMORY_MAP);
    }

    /** {@link #withMemoryMap}'s default: 2 GiB (more than that is capped by SQLite's build). */
    static final long DEFAULT_MEMORY_MAP = 2L << 30;

    public StoreOptions withBusyTimeout(Duration value) {
        Copy c = new Copy(this);
        c.busyTimeout = value;
        return c.build();
    }

    public StoreOptions withReadConnections(int value) {
        Copy c = new Copy(this);
        c.readConnections = value;
        return c.build();
    }

    public StoreOptions withMaxGroupCommit(int value) {
        Copy c = new Copy(this);
        c.maxGroupCommit = value;
        return c.build();
    }

    public StoreOptions withEpisodicTtl(Duration value) {
        Copy c = new Copy(this);
        c.episodicTtl = value;
        return c.build();
    }

    public StoreOptions withClock(Clock value) {
        Copy c = new Copy(this);
        c.clock = value;
        return c.build();
    }

    /** The size of the pool the store makes for a PostgreSQL JDBC URL (see {@code AgentStore.open(String, …)}). */
    public StoreOptions withPoolSize(int value) {
        Copy c = new Copy(this);
        c.poolSize = value;
        return c.build();
    }

    /** Installs a listener told of every statement the store executes (null removes it). */
    public StoreOptions withStatementListener(StatementListener value) {
        Copy c = new Copy(this);
        c.statementListener = value;
        return c.build();
    }

    /** Installs metrics (e.g. {@code MicrometerMetrics.of(registry)}; null removes them). */
    public StoreOptions withMetrics(StoreMetrics value) {
        Copy c = new Copy(this);
        c.metrics = value;
        return c.build();
    }

    /**
     * Logs every statement that takes at least {@code threshold} (null: none) to the SLF4J logger
     * {@code io.agentstore.slow} at WARN: its shape, time and rows; with {@code withValues} also
     * the values it was run with (they may be personal data: off unless asked for).
     */
    public StoreOptions withSlowStatementLog(Duration threshold, boolean withValues) {
        Copy c = new Copy(this);
        c.slowStatementThreshold = threshold;
        c.slowStatementValues = withValues;
        return c.build();
    }

    /**
     * Records, from the store's opening, each shape's calls, failures and latency percentiles and
     * each commit's size and pages for {@code AgentStore.stats()} (which without it still reports
     * storage and index use, but no calls). Costs a clock read and a histogram update per statement.
     */
    public StoreOptions withStatistics(boolean value) {
        Copy c = new Copy(this);
        c.statistics = value;
        return c.build();
    }

    /**
     * The model that embeds memories as they are written and text queries as they are searched
     * (see {@link Embedder}); null for none. A store's vectors are all of one model and dimension:
     * opening a store whose vectors are of another model with this embedder makes its searches and
     * embedded writes fail with INVALID_ARGUMENT.
     */
    public StoreOptions withEmbedder(Embedder value) {
        Copy c = new Copy(this);
        c.embedder = value;
        return c.build();
    }

    /**
     * What of a memory's value the embedder embeds when a write does not say
     * ({@link io.agentstore.search.Embedding#fields}): these fields, or (empty, the default) the
     * value's whole text.
     */
    public StoreOptions withEmbeddedFields(java.util.List<String> value) {
        Copy c = new Copy(this);
        c.embeddedFields = value;
        return c.build();
    }

    /**
     * The retention policy that {@code AgentStore.retention().run()} applies (default
     * {@link io.agentstore.lifecycle.RetentionPolicy#keepEverything()}: only expired episodic
     * memory is retired). Nothing runs by itself: call {@code run()} from your scheduler.
     */
    public StoreOptions withRetention(io.agentstore.lifecycle.RetentionPolicy value) {
        Copy c = new Copy(this);
        c.retention = value;
        return c.build();
    }

    /**
     * SQLite: whether deleted and overwritten content is overwritten with zeros in the file
     * ({@code PRAGMA secure_delete}), so that no earlier value of any row survives in free space
     * (default false: it costs extra writes on every update and delete). Erasing a user does so for
     * its own deletes whatever this says. Ignored on PostgreSQL (see the operations guide).
     */
    public StoreOptions withSecureDelete(boolean value) {
        Copy c = new Copy(this);
        c.secureDelete = value;
        return c.build();
    }

    /**
     * SQLite: how many bytes of the database file (from its start) each read connection reads through
     * a memory map ({@code PRAGMA mmap_size}) instead of copying each page in with a system call
     * (default 2 GiB; 0 turns it off; SQLite caps larger values at its build's ceiling).
     * Reads that land anywhere in a large file cost less with it (a point read at a million
     * memories: 10–38% at the median, see the benchmarks' results); the mapping is address space,
     * not memory, and the pages it reads are the operating system's file cache either way. The
     * price: an I/O error while reading a mapped page (a failing disk, a file truncated behind the
     * library's back) is a signal that ends the process instead of a {@code STORAGE} error. Turn it
     * off for files on network or removable storage. The writer never maps (it copies each page it
     * changes anyway). Ignored on PostgreSQL.
     */
    public StoreOptions withMemoryMap(long bytes) {
        Copy c = new Copy(this);
        c.memoryMap = bytes;
        return c.build();
    }

    /**
     * Whether the store is opened for reading only (default false), as an operator's tool does
     * to look into a store it must not change. An SQLite file is opened by SQLite read-only (it must
     * exist, at this library's schema version: nothing is migrated); a PostgreSQL pool the store
     * makes has read-only connections; on either engine every write, a retention run included, is
     * refused with {@link ErrorCode#UNSUPPORTED} before it reaches the database. A file whose
     * folder is not writable can be read only while its shared-memory file ({@code -shm}) exists.
     */
    public StoreOptions withReadOnly(boolean value) {
        Copy c = new Copy(this);
        c.readOnly = value;
        return c.build();
    }

    /** The options as fields, for the {@code with…} methods: each changes one and builds anew (validated again). */
    private static final class Copy {
        Duration busyTimeout;
        int readConnections;
        int maxGroupCommit;
        Duration episodicTtl;
        Clock clock;
        StatementListener statementListener;
        int poolSize;
        StoreMetrics metrics;
        Duration slowStatementThreshold;
        boolean slowStatementValues;
        boolean statistics;
        Embedder embedder;
        java.util.List<String> embeddedFields;
        io.agentstore.lifecycle.RetentionPolicy retention;
        boolean secureDelete;
        boolean readOnly;
        long memoryMap;

        Copy(StoreOptions o) {
            busyTimeout = o.busyTimeout;
            readConnections = o.readConnections;
            maxGroupCommit = o.maxGroupCommit;
            episodicTtl = o.episodicTtl;
            clock = o.clock;
            statementListener = o.statementListener;
            poolSize = o.poolSize;
            metrics = o.metrics;
            slowStatementThreshold = o.slowStatementThreshold;
            slowStatementValues = o.slowStatementValues;
            statistics = o.statistics;
            embedder = o.embedder;
            embeddedFields = o.embeddedFields;
            retention = o.retention;
            secureDelete = o.secureDelete;
            readOnly = o.readOnly;
            memoryMap = o.memoryMap;
        }

        StoreOptions build() {
            return new StoreOptions(
                    busyTimeout,
                    readConnections,
                    maxGroupCommit,
                    episodicTtl,
                    clock,
                    statementListener,
                    poolSize,
                    metrics,
                    slowStatementThreshold,
                    slowStatementValues,
                    statistics,
                    embedder,
                    embeddedFields,
                    retention,
                    secureDelete,
                    readOnly,
                    memoryMap);
        }
    }

    public Duration busyTimeout() {
        return busyTimeout;
    }

    public int readConnections() {
        return readConnections;
    }

    public int maxGroupCommit() {
        return maxGroupCommit;
    }

    public Duration episodicTtl() {
        return episodicTtl;
    }

    public Clock clock() {
        return clock;
    }

    public StatementListener statementListener() {
        return statementListener;
    }

    public int poolSize() {
        return poolSize;
    }

    public StoreMetrics metrics() {
        return metrics;
    }

    public Duration slowStatementThreshold() {
        return slowStatementThreshold;
    }

    public boolean slowStatementValues() {
        return slowStatementValues;
    }

    public boolean statistics() {
        return statistics;
    }

    public java.util.Optional<Embedder> embedder() {
        return java.util.Optional.ofNullable(embedder);
    }

    public java.util.List<String> embeddedFields() {
        return embeddedFields;
    }

    public io.agentstore.lifecycle.RetentionPolicy retention() {
        return retention;
    }

    public boolean secureDelete() {
        return secureDelete;
    }

    public long memoryMap() {
        return memoryMap;
    }

    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoreOptions o
                && java.util.Objects.equals(busyTimeout, o.busyTimeout)
                && readConnections == o.readConnections
                && maxGroupCommit == o.maxGroupCommit
                && java.util.Objects.equals(episodicTtl, o.episodicTtl)
                && java.util.Objects.equals(clock, o.clock)
                && java.util.Objects.equals(statementListener, o.statementListener)
                && poolSize == o.poolSize
                && java.util.Objects.equals(metrics, o.metrics)
                && java.util.Objects.equals(slowStatementThreshold, o.slowStatementThreshold)
                && slowStatementValues == o.slowStatementValues
                && statistics == o.statistics
                && java.util.Objects.equals(embedder, o.embedder)
                && embeddedFields.equals(o.embeddedFields)
                && retention.equals(o.retention)
                && secureDelete == o.secureDelete
                && readOnly == o.readOnly
                && memoryMap == o.memoryMap;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
                busyTimeout,
                readConnections,
                maxGroupCommit,
                episodicTtl,
                clock,
                statementListener,
                poolSize,
                metrics,
                slowStatementThreshold,
                slowStatementValues,
                statistics,
                embedder,
                embeddedFields,
                retention,
                secureDelete,
                readOnly,
                memoryMap);
    }

    @Override
    public String toString() {
        return "StoreOptions[busyTimeout=" + busyTimeout + ", readConnections=" + readConnections + ", maxGroupCommit="
                + maxGroupCommit + ", episodicTtl=" + episodicTtl + ", clock=" + clock + ", statementListener="
                + statementListener + ", poolSize=" + poolSize + ", metrics=" + metrics + ", slowStatementThreshold="
                + slowStatementThreshold + ", slowStatementValues=" + slowStatementValues + ", statistics=" + statistics
                + ", embedder=" + (embedder == null ? null : embedder.model()) + ", embeddedFields=" + embeddedFields
                + ", retention=" + retention + ", secureDelete=" + secureDelete
                + ", readOnly=" + readOnly + ", memoryMap=" + memoryMap + "]";
    }
}
