package io.agentstore.internal.store;

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

    public Stores(Database db) {
        this.sessions = new SessionStoreImpl(db);
        this.memory = new MemoryStoreImpl(db);
        this.tasks = new TaskStoreImpl(db);
        this.agents = new AgentRegistryImpl(db);
        this.checkpoints = new CheckpointStoreImpl(db);
        this.metrics = new MetricStoreImpl(db);
        this.documents = new DocumentStoreImpl(db);
        this.audit = new AuditTrailImpl(db);
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
}
