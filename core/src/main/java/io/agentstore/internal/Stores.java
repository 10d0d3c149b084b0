package io.agentstore.internal;

import io.agentstore.memory.MemoryStore;
import io.agentstore.sessions.SessionStore;

/** Builds the store of each aggregate on a database. Library use only. */
public final class Stores {

    private final SessionStore sessions;
    private final MemoryStore memory;

    public Stores(Database db) {
        this.sessions = new SessionStoreImpl(db);
        this.memory = new MemoryStoreImpl(db);
    }

    public SessionStore sessions() {
        return sessions;
    }

    public MemoryStore memory() {
        return memory;
    }
}
