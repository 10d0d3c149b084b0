package io.agentstore.memory;

import io.agentstore.Json;

/**
 * A new version of an existing memory. Metadata, type and created_by carry over from the
 * current version unless set here. With {@link #expecting(int)} the update writes only if the
 * current version is the one expected (optimistic concurrency), else fails with CONFLICT.
 *
 * @param metadata        new metadata (a JSON object), or null to keep the current one
 * @param type            a new memory type, or null to keep the current one
 * @param actor           who writes it, or null
 * @param expectedVersion the version the caller read, or null for "whatever is current"
 */
public record MemoryUpdate(
        String namespace,
        String key,
        Json value,
        Json metadata,
        MemoryType type,
        String actor,
        Integer expectedVersion) {

    public static MemoryUpdate of(String namespace, String key, Object value) {
        return new MemoryUpdate(namespace, key, Json.of(value), null, null, null, null);
    }

    public MemoryUpdate withMetadata(Object value) {
        return new MemoryUpdate(namespace, key, this.value, Json.of(value), type, actor, expectedVersion);
    }

    public MemoryUpdate withType(MemoryType value) {
        return new MemoryUpdate(namespace, key, this.value, metadata, value, actor, expectedVersion);
    }

    public MemoryUpdate by(String value) {
        return new MemoryUpdate(namespace, key, this.value, metadata, type, value, expectedVersion);
    }

    public MemoryUpdate expecting(int version) {
        return new MemoryUpdate(namespace, key, this.value, metadata, type, actor, version);
    }
}
