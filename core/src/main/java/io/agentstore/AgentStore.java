package io.agentstore;

import io.agentstore.agents.AgentRegistry;
import io.agentstore.audit.AuditTrail;
import io.agentstore.documents.DocumentStore;
import io.agentstore.internal.Failures;
import io.agentstore.internal.PrivateFiles;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.postgres.Postgres;
import io.agentstore.internal.sqlite.SqliteEngine;
import io.agentstore.internal.sqlite.SqliteFiles;
import io.agentstore.internal.store.AllShapes;
import io.agentstore.internal.store.Stores;
import io.agentstore.memory.MemoryStore;
import io.agentstore.metrics.MetricStore;
import io.agentstore.sessions.SessionStore;
import io.agentstore.tasks.CheckpointStore;
import io.agentstore.tasks.TaskStore;
import io.agentstore.transfer.BackupReport;
import io.agentstore.transfer.ExportReport;
import io.agentstore.transfer.ImportOptions;
import io.agentstore.transfer.ImportReport;
import io.agentstore.transfer.Progress;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;

/**
 * The entry point: a store on one embedded SQLite file, or on a PostgreSQL database shared by
 * several processes. Opening it creates the file if needed and applies the schema migrations
 * before first use. Thread-safe; close it when done. The API and its behaviour are the same on
 * both engines.
 *
 * <pre>{@code
 * try (AgentStore store = AgentStore.open(Path.of("agents.db"))) {
 *     Session s = store.sessions().create(NewSession.of("support-bot", "alice"));
 *     store.memory().add(NewMemory.of("user:alice:preferences", "language", "en"));
 * }
 * // PostgreSQL: a JDBC URL (the store pools connections with HikariCP) or your own DataSource
 * try (AgentStore store = AgentStore.open("jdbc:postgresql://db/agents", "app", secret, StoreOptions.defaults())) {
 *     …
 * }
 * }</pre>
 */
public final class AgentStore implements AutoCloseable {

    static {
        Database.quietJooq(); // before anything of jOOQ's is loaded
    }

    private final Database db;
    private final Stores stores;

    private AgentStore(Database db) {
        this.db = db;
        this.stores = new Stores(db);
    }

    /** Sessions: lifecycle, events, state. */
    public SessionStore sessions() {
        return stores.sessions();
    }

    /** Long-term memory in hierarchical namespaces. */
    public MemoryStore memory() {
        return stores.memory();
    }

    /** Opens (creating and migrating if needed) the store on a SQLite file, with default options. */
    public static AgentStore open(Path file) {
        return open(file, StoreOptions.defaults());
    }

    /** Opens (creating and migrating if needed) the store on a SQLite file. */
    public static AgentStore open(Path file, StoreOptions options) {
        if (file == null) {
            throw Failures.invalid("the database file must not be null");
        }
        requireOptions(options);
        return new AgentStore(new Database(
                new SqliteEngine(
                        file, options.busyTimeout(), options.secureDelete(), options.readOnly(), options.memoryMap()),
                options,
                AllShapes.all()));
    }

    /**
     * Opens (migrating if needed) the store on a PostgreSQL database through the caller's
     * {@link DataSource}, which should pool connections (every operation borrows one for its
     * duration); the caller closes it after the store. The engine is read from the connection;
     * SQLite files are opened with {@link #open(Path, StoreOptions)}.
     */
    public static AgentStore open(DataSource dataSource, StoreOptions options) {
        if (dataSource == null) {
            throw Failures.invalid("the data source must not be null");
        }
        requireOptions(options);
        return new AgentStore(new Database(
                Postgres.engine(dataSource, null, options, " through the given data source"),
                options,
                AllShapes.all()));
    }

    /**
     * Opens (migrating if needed) the store on a PostgreSQL database by JDBC URL, with a HikariCP
     * pool of {@link StoreOptions#poolSize()} connections that the store closes when it closes.
     */
    public static AgentStore open(String jdbcUrl, String user, String password, StoreOptions options) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw Failures.invalid("the JDBC URL must start with jdbc:postgresql: (SQLite files are opened "
                    + "by path): " + Failures.quote(jdbcUrl == null ? null : jdbcUrl.replaceAll("[?;].*", "?…")));
        }
        requireOptions(options);
        return new AgentStore(
                new Database(Postgres.pooled(jdbcUrl, user, password, options), options, AllShapes.all()));
    }

    private static void requireOptions(StoreOptions options) {
        if (options == null) {
            throw Failures.invalid("the store options must not be null (use StoreOptions.defaults())");
        }
    }

    /** The priority task queue (and the legacy per-task key/value state). */
    public TaskStore tasks() {
        return stores.tasks();
    }

    /** The agents spawned for tasks and sessions. */
    public AgentRegistry agents() {
        return stores.agents();
    }

    /** Checkpoints of task loops. */
    public CheckpointStore checkpoints() {
        return stores.checkpoints();
    }

    /** Measured values by name and time. */
    public MetricStore metrics() {
        return stores.metrics();
    }

    /** The document index and its embedding sync queue. */
    public DocumentStore documents() {
        return stores.documents();
    }

    /** The audit trail. */
    public AuditTrail audit() {
        return stores.audit();
    }

    /** Retention: deleting what the store's (or a given) policy no longer keeps, online and in batches. */
    public io.agentstore.lifecycle.Retention retention() {
        return stores.retention();
    }

    /**
     * Erases everything of a user in one app: their sessions of that app with their events, state,
     * {@code session:<id>} memory, tasks, agents and checkpoints; their shared {@code user:} state
     * in the app; their {@code user:<userId>} memory (every version, with its vectors) — which is
     * not per app, so it goes whichever app is named; the history of all of it (what was current
     * when). Where the user's id names them as the author of data that is kept (a memory written
     * elsewhere, a task), the id is cleared; the audit rows of erased data, and those the user
     * did, keep only their id, time, action type and memory operation (see docs/lifecycle.md).
     * Idempotent (a second call finds nothing); safe while the user is still writing: a session is
     * ended before it is erased (its scoped memory refuses writes), and passes repeat until one
     * finds nothing. Leaves one audit row with the counts and no trace of the user. On SQLite every
     * delete overwrites the freed content with zeros and the log is emptied at the end.
     */
    public io.agentstore.lifecycle.ErasureReport eraseUser(String appName, String userId) {
        if (appName == null) {
            throw Failures.invalid("the app name must not be null (eraseUserEverywhere erases in every app)");
        }
        return stores.erase(appName, userId);
    }

    /** As {@link #eraseUser(String, String)}, in every app. */
    public io.agentstore.lifecycle.ErasureReport eraseUserEverywhere(String userId) {
        return stores.erase(null, userId);
    }

    // ---------------------------------------------------------------- copies of the store

    /**
     * Copies this SQLite store, while it serves, to {@code target}: a consistent copy of the
     * database as it was when the backup began (writers go on meanwhile; what they write after
     * that is not in it), itself a store file that {@link #open(Path)} opens. Written beside the
     * target under a temporary name, readable by its owner only, and moved into place once
     * complete, replacing an earlier file of that name. On PostgreSQL it is
     * {@link ErrorCode#UNSUPPORTED}: back the server up with its own tools, or
     * {@link #exportTo(OutputStream) export}.
     */
    public BackupReport backup(Path target) {
        return backup(target, Progress.none());
    }

    /** As {@link #backup(Path)}, telling {@code progress} the pages copied of the database's pages. */
    public BackupReport backup(Path target, Progress progress) {
        Failures.required(target, "the backup file");
        Failures.required(progress, "the progress");
        return db.snapshot("backing up to " + target, c -> db.engine().backup(c.jdbc(), target, progress));
    }

    /**
     * Replaces the SQLite file {@code target} (or creates it) with the content of {@code backup},
     * a backup or any store file of this version or an older one. The backup is checked first
     * (SQLite's quick check, an agentstore schema no newer than this library's); the copy is one
     * SQLite transaction, so a crash midway leaves the target as it was. Refused with
     * {@link ErrorCode#BUSY} while any store or program, in this process or another, has the target
     * open. A backup needs no restore to be used: it can also be opened as it is.
     */
    public static BackupReport restore(Path backup, Path target) {
        return restore(backup, target, Progress.none());
    }

    /** As {@link #restore(Path, Path)}, telling {@code progress} the pages copied. */
    public static BackupReport restore(Path backup, Path target, Progress progress) {
        Failures.required(progress, "the progress");
        return SqliteFiles.restore(backup, target, progress);
    }

    /**
     * Writes everything in the store to {@code out} (which it does not close) in agentstore's
     * engine-neutral export format (docs/backup.md): sessions with their events and state
     * history, shared state, memory with every version, vector and change, tasks with their
     * dependencies, agents, checkpoints, the audit trail, metrics, documents. One consistent
     * snapshot of a live store (one read transaction on SQLite, REPEATABLE READ on PostgreSQL),
     * streamed: memory use does not grow with the store.
     */
    public ExportReport exportTo(OutputStream out) {
        return exportTo(out, Progress.none());
    }

    /** As {@link #exportTo(OutputStream)}, telling {@code progress} the rows written of all rows. */
    public ExportReport exportTo(OutputStream out, Progress progress) {
        return stores.transfer().export(out, progress);
    }

    /**
     * As {@link #exportTo(OutputStream, Progress)}, into a file created readable by its owner only,
     * written under a temporary name and moved into place once complete (replacing an earlier
     * file of that name); a name ending in {@code .gz} is compressed with gzip.
     */
    public ExportReport exportTo(Path file, Progress progress) {
        Failures.required(file, "the export file");
        Path tmp = PrivateFiles.temporaryBeside(file);
        try {
            ExportReport report;
            try (OutputStream out = Files.newOutputStream(tmp);
                    OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
                    OutputStream target = gzipped(file) ? new GZIPOutputStream(buffered, 1 << 16) : buffered) {
                report = exportTo(target, progress);
            }
            PrivateFiles.publish(tmp, file);
            return report;
        } catch (IOException e) {
            throw Failures.of(ErrorCode.STORAGE, "exporting to " + file + ": " + e.getMessage(), e);
        } finally {
            PrivateFiles.deleteQuietly(tmp);
        }
    }

    /**
     * Loads an export (of either engine) into this store, in one transaction: all of it, with
     * its ids, versions, sequence numbers and times, or nothing. Into an empty store unless
     * {@link ImportOptions#merging()}; a file that is cut short, altered (its checksum), of a
     * newer format or schema, or not an export is {@link ErrorCode#INVALID_ARGUMENT} naming the
     * line, and the store is left as it was. Other writes wait while it runs (SQLite) or go on
     * beside it (PostgreSQL). {@code in} is read to its end and not closed.
     */
    public ImportReport importFrom(InputStream in, ImportOptions options) {
        return stores.transfer().importFrom(in, options);
    }

    /** As {@link #importFrom(InputStream, ImportOptions)}, from a file (gzip-compressed if its name ends in {@code .gz}). */
    public ImportReport importFrom(Path file, ImportOptions options) {
        Failures.required(file, "the export file");
        if (!Files.isRegularFile(file)) {
            throw Failures.invalid("the export file " + file + " does not exist");
        }
        try (InputStream raw = Files.newInputStream(file);
                InputStream buffered = new BufferedInputStream(raw, 1 << 16);
                InputStream in = gzipped(file) ? new GZIPInputStream(buffered, 1 << 16) : buffered) {
            return importFrom(in, options);
        } catch (IOException e) {
            throw Failures.of(ErrorCode.STORAGE, "importing from " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean gzipped(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /**
     * A snapshot for operators: per query shape its calls, failures and latency percentiles
     * (recorded with {@link StoreOptions#withStatistics(boolean)}), the database's size and its
     * log, how writes were committed, and every index with the shapes that read it, so that
     * {@link StoreStats#unusedIndexes() unused indexes} show. Plans every shape once to find the
     * indexes (a few milliseconds on SQLite): meant for a dashboard or a diagnostic, not a hot path.
     */
    public StoreStats stats() {
        return db.stats();
    }

    /**
     * A quick look for a health check: one timed read of the schema version and the storage
     * figures (catalogue and file sizes; no table is read), the log's bound on SQLite, and the
     * connections in use now. Fails as any call does ({@code CLOSED}, {@code BUSY}, {@code
     * STORAGE}) when the store cannot answer.
     */
    public StoreHealth health() {
        return db.health();
    }

    /**
     * Checks the store as an operator would before trusting it: the schema version the database
     * records against this library's, the engine's integrity check of every page, index and
     * foreign key (SQLite; it reads the whole file, so it takes time in proportion to its size),
     * and every query shape's plan as the engine would run it now. Reads only: a store opened
     * {@link StoreOptions#withReadOnly(boolean) read-only} can be checked.
     */
    public StoreCheck check() {
        return db.check();
    }

    /** Closes the store: later calls fail with {@link ErrorCode#CLOSED}. Idempotent. */
    @Override
    public void close() {
        db.close();
    }
}
