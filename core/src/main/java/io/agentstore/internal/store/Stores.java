package io.agentstore.internal.store;

import io.agentstore.StoreMetrics;
import io.agentstore.agents.AgentRegistry;
import io.agentstore.audit.AuditTrail;
import io.agentstore.documents.DocumentStore;
import io.agentstore.internal.database.Database;
import io.agentstore.memory.MemoryStore;
import io.agentstore.metrics.MetricStore;
import io.agentstore.sessions.SessionStore;
import io.agentstore.tasks.CheckpointStore;
import io.agentstore.tasks.TaskStore;

/** Builds the store of each aggregate on a database. Library use only. */
public final class Stores {

    private final SessionStore sessions;
    private final MemoryStore memory;
    private final TaskStore tasks;
    private final AgentRegistry agents;
    private final CheckpointStore checkpoints;
    private final MetricStore metrics;
    private final DocumentStore documents;
    private final AuditTrail audit;
    private final io.agentstore.lifecycle.Retention retention;
    private final Erasure erasure;
    private final Transfer transfer;

    /** The stores; with metrics installed, each call of each is timed ({@link Instrumented}). */
    public Stores(Database db) {
        StoreMetrics m = db.metrics();
        this.sessions = Instrumented.wrap(SessionStore.class, new SessionStoreImpl(db), "sessions", m);
        MemoryStoreImpl memoryImpl = new MemoryStoreImpl(db);
        this.memory = Instrumented.wrap(MemoryStore.class, memoryImpl, "memory", m);
        this.retention = Instrumented.wrap(
                io.agentstore.lifecycle.Retention.class, new RetentionImpl(db, memoryImpl), "retention", m);
        this.erasure = new Erasure(db);
        this.transfer = new Transfer(db);
        this.tasks = Instrumented.wrap(TaskStore.class, new TaskStoreImpl(db), "tasks", m);
        this.agents = Instrumented.wrap(AgentRegistry.class, new AgentRegistryImpl(db), "agents", m);
        this.checkpoints = Instrumented.wrap(CheckpointStore.class, new CheckpointStoreImpl(db), "checkpoints", m);
        this.metrics = Instrumented.wrap(MetricStore.class, new MetricStoreImpl(db), "metrics", m);
        this.documents = Instrumented.wrap(DocumentStore.class, new DocumentStoreImpl(db), "documents", m);
        this.audit = Instrumented.wrap(AuditTrail.class, new AuditTrailImpl(db), "audit", m);
    }

    public TaskStore tasks() {
        return tasks;
    }

    public AgentRegistry agents() {
        return agents;
    }

    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    public MetricStore metrics() {
        return metrics;
    }

    public DocumentStore documents() {
        return documents;
    }

    public AuditTrail audit() {
        return audit;
    }

    public SessionStore sessions() {
        return sessions;
    }

    public MemoryStore memory() {
        return memory;
    }

    public io.agentstore.lifecycle.Retention retention() {
        return retention;
    }

    /** Export and import. */
    public Transfer transfer() {
        return transfer;
    }

    /** Erases a user in one app (or, {@code app} null, in every app). */
    public io.agentstore.lifecycle.ErasureReport erase(String app, String user) {
        return erasure.erase(app, user);
    }
}
