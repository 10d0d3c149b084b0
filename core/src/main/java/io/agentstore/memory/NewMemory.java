package io.agentstore.memory;

import io.agentstore.Json;
import io.agentstore.internal.Failures;

/**
 * A memory to add or put. Start from {@link #of(String, String, Object)} (no type and no
 * metadata given) and change what you need.
 *
 * @param type     the memory's type, or null when not given: a new key is then
 *                 {@link MemoryType#SEMANTIC}, and {@code put} over an existing key keeps that key's type
 * @param metadata a JSON object, or null when not given: {@code {}} for a new key, and {@code put}
 *                 over an existing key keeps that key's metadata
 * @param actor    who writes it (recorded as created_by/updated_by and in the audit row), or null
 */
public final class NewMemory {

    private final String namespace;
    private final String key;
    private final Json value;
    private final MemoryType type;
    private final Json metadata;
    private final String actor;

    private NewMemory(String namespace, String key, Json value, MemoryType type, Json metadata, String actor) {
        this.namespace = namespace;
        this.key = key;
        this.value = value;
        this.type = type;
        this.metadata = metadata;
        this.actor = actor;
    }

    public static NewMemory of(String namespace, String key, Object value) {
        return new NewMemory(namespace, key, Json.of(value), null, null, null);
    }

    public NewMemory withType(MemoryType value) {
        return new NewMemory(namespace, key, this.value, Failures.required(value, "type"), metadata, actor);
    }

    public NewMemory withMetadata(Object value) {
        return new NewMemory(namespace, key, this.value, type, Json.of(value), actor);
    }

    public NewMemory by(String value) {
        return new NewMemory(namespace, key, this.value, type, metadata, value);
    }

    public String namespace() {
        return namespace;
    }

    public String key() {
        return key;
    }

    public Json value() {
        return value;
    }

    public MemoryType type() {
        return type;
    }

    public Json metadata() {
        return metadata;
    }

    public String actor() {
        return actor;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewMemory o
                && java.util.Objects.equals(namespace, o.namespace)
                && java.util.Objects.equals(key, o.key)
                && java.util.Objects.equals(value, o.value)
                && java.util.Objects.equals(type, o.type)
                && java.util.Objects.equals(metadata, o.metadata)
                && java.util.Objects.equals(actor, o.actor);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(namespace, key, value, type, metadata, actor);
    }

    @Override
    public String toString() {
        return "NewMemory[namespace=" + namespace + ", key=" + key + ", value=" + value + ", type=" + type
                + ", metadata=" + metadata + ", actor=" + actor + "]";
    }
}
