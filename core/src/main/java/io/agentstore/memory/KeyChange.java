package io.agentstore.memory;

import java.util.Objects;
import java.util.Optional;

/**
 * What a delete and a rollback of a memory key both carry: the key, who changes it, and
 * optionally the version the change expects to retire. Each change is a type of its own
 * ({@link MemoryDelete}, {@link MemoryRollback}); this is their shared part.
 */
abstract class KeyChange<T extends KeyChange<T>> {

    private final String namespace;
    private final String key;
    private final String actor;
    private final Integer expectedVersion;

    KeyChange(String namespace, String key, String actor, Integer expectedVersion) {
        this.namespace = namespace;
        this.key = key;
        this.actor = actor;
        this.expectedVersion = expectedVersion;
    }

    /** A copy with these parts changed. */
    abstract T copy(String actor, Integer expectedVersion);

    /** Who makes the change (recorded in the audit row). */
    public T by(String actor) {
        return copy(actor, expectedVersion);
    }

    /** Only if the current version is {@code version}; CONFLICT otherwise. */
    public T expecting(int version) {
        return copy(actor, version);
    }

    public String namespace() {
        return namespace;
    }

    public String key() {
        return key;
    }

    public Optional<String> actor() {
        return Optional.ofNullable(actor);
    }

    public Optional<Integer> expectedVersion() {
        return Optional.ofNullable(expectedVersion);
    }

    @Override
    public boolean equals(Object other) {
        return other != null
                && other.getClass() == getClass()
                && Objects.equals(namespace, ((KeyChange<?>) other).namespace)
                && Objects.equals(key, ((KeyChange<?>) other).key)
                && Objects.equals(actor, ((KeyChange<?>) other).actor)
                && Objects.equals(expectedVersion, ((KeyChange<?>) other).expectedVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), namespace, key, actor, expectedVersion);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + namespace + " / " + key + (actor == null ? "" : " by " + actor)
                + (expectedVersion == null ? "" : " expecting " + expectedVersion) + "]";
    }
}
