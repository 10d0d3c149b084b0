package io.agentstore.memory;

/**
 * A rollback of a memory key: its current version is retired and the version before it becomes current again (NOT_FOUND when there is none). Start from {@link #of(String, String)}; {@link #by(String)} names who makes the change
 * (the audit row's actor), {@link #expecting(int)} makes it conditional on the current version
 * (CONFLICT otherwise).
 */
public final class MemoryRollback extends KeyChange<MemoryRollback> {

    private MemoryRollback(String namespace, String key, String actor, Integer expectedVersion) {
        super(namespace, key, actor, expectedVersion);
    }

    public static MemoryRollback of(String namespace, String key) {
        return new MemoryRollback(namespace, key, null, null);
    }

    @Override
    MemoryRollback copy(String actor, Integer expectedVersion) {
        return new MemoryRollback(namespace(), key(), actor, expectedVersion);
    }
}
