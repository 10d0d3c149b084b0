package io.agentstore.memory;

import io.agentstore.Json;
import java.util.Objects;

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
public record NewMemory(String namespace, String key, Json value, MemoryType type, Json metadata, String actor) {

    public static NewMemory of(String namespace, String key, Object value) {
        return new NewMemory(namespace, key, Json.of(value), null, null, null);
    }

    public NewMemory withType(MemoryType value) {
        return new NewMemory(namespace, key, this.value, Objects.requireNonNull(value, "type"), metadata, actor);
    }

    public NewMemory withMetadata(Object value) {
        return new NewMemory(namespace, key, this.value, type, Json.of(value), actor);
    }

    public NewMemory by(String value) {
        return new NewMemory(namespace, key, this.value, type, metadata, value);
    }
}
