package io.agentstore.memory;

import io.agentstore.Json;
import io.agentstore.internal.Failures;
import io.agentstore.search.Embedding;

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
    private final Embedding embedding;

    private NewMemory(
            String namespace,
            String key,
            Json value,
            MemoryType type,
            Json metadata,
            String actor,
            Embedding embedding) {
        this.namespace = namespace;
        this.key = key;
        this.value = value;
        this.type = type;
        this.metadata = metadata;
        this.actor = actor;
        this.embedding = embedding;
    }

    public static NewMemory of(String namespace, String key, Object value) {
        return new NewMemory(namespace, key, Json.of(value), null, null, null, Embedding.byDefault());
    }

    public NewMemory withType(MemoryType value) {
        return new NewMemory(namespace, key, this.value, Failures.required(value, "type"), metadata, actor, embedding);
    }

    public NewMemory withMetadata(Object value) {
        return new NewMemory(namespace, key, this.value, type, Json.of(value), actor, embedding);
    }

    public NewMemory by(String value) {
        return new NewMemory(namespace, key, this.value, type, metadata, value, embedding);
    }

    /**
     * What this memory is searched by (see {@link Embedding}); the store's default unless given.
     */
    public NewMemory withEmbedding(Embedding value) {
        return new NewMemory(namespace, key, this.value, type, metadata, actor, Failures.required(value, "embedding"));
    }

    /** {@code withEmbedding(Embedding.vector(vector))}: the caller's vector, of the store's model and dimension. */
    public NewMemory withEmbedding(float[] vector) {
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
                && java.util.Objects.equals(actor, o.actor)
                && embedding.equals(o.embedding);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(namespace, key, value, type, metadata, actor, embedding);
    }

    @Override
    public String toString() {
        return "NewMemory[namespace=" + namespace + ", key=" + key + ", value=" + value + ", type=" + type
                + ", metadata=" + metadata + ", actor=" + actor + ", embedding=" + embedding + "]";
    }
}
