package io.agentstore;

import io.agentstore.agents.AgentRegistry;
import io.agentstore.audit.AuditTrail;
import io.agentstore.documents.DocumentStore;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.sqlite.SqliteEngine;
import io.agentstore.internal.store.AllShapes;
import io.agentstore.internal.store.Stores;
import io.agentstore.memory.MemoryStore;
import io.agentstore.metrics.MetricStore;
import io.agentstore.sessions.SessionStore;
import io.agentstore.tasks.CheckpointStore;
import io.agentstore.tasks.TaskStore;
import java.nio.file.Path;

/**
 * The entry point: a store on one embedded SQLite file. Opening it creates the file if needed
 * and applies the schema migrations before first use. Thread-safe; close it when done.
 *
 * <pre>{@code
 * try (AgentStore store = AgentStore.open(Path.of("agents.db"))) {
 *     Session s = store.sessions().create(NewSession.of("support-bot", "alice"));
 *     store.memory().add(NewMemory.of("user:alice:preferences", "language", "en"));
 * }
 * }</pre>
 */
public final class AgentStore implements AutoCloseable {

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
            throw AgentStoreException.invalid("the database file must not be null");
        }
        if (options == null) {
            throw AgentStoreException.invalid("the store options must not be null (use StoreOptions.defaults())");
        }
        return new AgentStore(new Database(new SqliteEngine(file, options.busyTimeout()), options, AllShapes.all()));
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

    /** Closes the store: later calls fail with {@link ErrorCode#CLOSED}. Idempotent. */
    @Override
    public void close() {
        db.close();
    }
}
