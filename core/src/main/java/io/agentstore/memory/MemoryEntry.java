package io.agentstore.memory;

import io.agentstore.Json;
import java.time.Instant;

/**
 * One version of one memory, as stored.
 *
 * @param current   whether this is the version reads return
 * @param deleted   whether this version was retired by a delete, a rollback or the TTL sweep
 * @param createdBy who first wrote the key (kept across versions unless an update changes it), or null
 * @param updatedBy who wrote this version, or null
 * @param createdAt when the key was first written (kept across versions)
 * @param updatedAt when this version was written
 * @param expiresAt when an episodic memory expires, else null
 */
public record MemoryEntry(
        long id,
        String namespace,
        String key,
        Json value,
        MemoryType type,
        int version,
        boolean current,
        boolean deleted,
        Json metadata,
        String createdBy,
        String updatedBy,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt) {}
