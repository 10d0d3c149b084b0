package io.agentstore;

import io.agentstore.agents.AgentRegistry;
import io.agentstore.audit.AuditTrail;
import io.agentstore.documents.DocumentStore;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.postgres.Postgres;
import io.agentstore.internal.sqlite.SqliteEngine;
import io.agentstore.internal.store.AllShapes;
import io.agentstore.internal.store.Stores;
import io.agentstore.memory.MemoryStore;
import io.agentstore.metrics.MetricStore;
import io.agentstore.sessions.SessionStore;
import io.agentstore.tasks.CheckpointStore;
import io.agentstore.tasks.TaskStore;
import java.nio.file.Path;
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
                new SqliteEngine(file, options.busyTimeout(), options.secureDelete()), options, AllShapes.all()));
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

    /** Closes the store: later calls fail with {@link ErrorCode#CLOSED}. Idempotent. */
    @Override
    public void close() {
        db.close();
    }
}
