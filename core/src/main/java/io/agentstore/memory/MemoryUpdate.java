package io.agentstore.memory;

import io.agentstore.Json;
import io.agentstore.internal.Failures;
import io.agentstore.search.Embedding;

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
public final class MemoryUpdate {

    private final String namespace;
    private final String key;
    private final Json value;
    private final Json metadata;
    private final MemoryType type;
    private final String actor;
    private final Integer expectedVersion;
    private final Embedding embedding;

    private MemoryUpdate(
            String namespace,
            String key,
            Json value,
            Json metadata,
            MemoryType type,
            String actor,
            Integer expectedVersion,
            Embedding embedding) {
        this.namespace = namespace;
        this.key = key;
        this.value = value;
        this.metadata = metadata;
        this.type = type;
        this.actor = actor;
        this.expectedVersion = expectedVersion;
        this.embedding = embedding;
    }

    public static MemoryUpdate of(String namespace, String key, Object value) {
        return new MemoryUpdate(namespace, key, Json.of(value), null, null, null, null, Embedding.byDefault());
    }

    public MemoryUpdate withMetadata(Object value) {
        return new MemoryUpdate(namespace, key, this.value, Json.of(value), type, actor, expectedVersion, embedding);
    }

    public MemoryUpdate withType(MemoryType value) {
        return new MemoryUpdate(namespace, key, this.value, metadata, value, actor, expectedVersion, embedding);
    }

    public MemoryUpdate by(String value) {
        return new MemoryUpdate(namespace, key, this.value, metadata, type, value, expectedVersion, embedding);
    }

    public MemoryUpdate expecting(int version) {
        return new MemoryUpdate(namespace, key, this.value, metadata, type, actor, version, embedding);
    }

    /** What the new version is searched by (see {@link Embedding}); the store's default unless given. */
    public MemoryUpdate withEmbedding(Embedding value) {
        return new MemoryUpdate(
                namespace,
                key,
                this.value,
                metadata,
                type,
                actor,
                expectedVersion,
                Failures.required(value, "embedding"));
    }

    /** {@code withEmbedding(Embedding.vector(vector))}. */
    public MemoryUpdate withEmbedding(float[] vector) {
        return withEmbedding(Embedding.vector(vector));
    }

    public Embedding embedding() {
        return embedding;
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

    public Json metadata() {
        return metadata;
    }

    public MemoryType type() {
        return type;
    }

    public String actor() {
        return actor;
    }

    public Integer expectedVersion() {
        return expectedVersion;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MemoryUpdate o
                && java.util.Objects.equals(namespace, o.namespace)
                && java.util.Objects.equals(key, o.key)
                && java.util.Objects.equals(value, o.value)
                && java.util.Objects.equals(metadata, o.metadata)
                && java.util.Objects.equals(type, o.type)
                && java.util.Objects.equals(actor, o.actor)
                && java.util.Objects.equals(expectedVersion, o.expectedVersion)
                && embedding.equals(o.embedding);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(namespace, key, value, metadata, type, actor, expectedVersion, embedding);
    }

    @Override
    public String toString() {
        return "MemoryUpdate[namespace=" + namespace + ", key=" + key + ", value=" + value + ", metadata=" + metadata
                + ", type=" + type + ", actor=" + actor + ", expectedVersion=" + expectedVersion + ", embedding="
                + embedding + "]";
    }
}
