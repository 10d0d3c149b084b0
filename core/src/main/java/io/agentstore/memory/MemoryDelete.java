package io.agentstore.memory;

/**
 * A delete of a memory key: its current version is retired and the key becomes absent. Start from {@link #of(String, String)}; {@link #by(String)} names who makes the change
 * (the audit row's actor), {@link #expecting(int)} makes it conditional on the current version
 * (CONFLICT otherwise).
 */
public final class MemoryDelete extends KeyChange<MemoryDelete> {

    private MemoryDelete(String namespace, String key, String actor, Integer expectedVersion) {
        super(namespace, key, actor, expectedVersion);
    }

    public static MemoryDelete of(String namespace, String key) {
        return new MemoryDelete(namespace, key, null, null);
    }

    @Override
    MemoryDelete copy(String actor, Integer expectedVersion) {
        return new MemoryDelete(namespace(), key(), actor, expectedVersion);
    }
}
