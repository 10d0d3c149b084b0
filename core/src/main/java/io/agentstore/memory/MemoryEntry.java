package io.agentstore.memory;

import io.agentstore.Json;
import java.time.Instant;

/**
 * One version of one memory, as stored.
 *
 *
 * <p>The library makes these; an application reads them and does not implement this interface
 * (a later release may add methods).
 */
public interface MemoryEntry {

    long id();

    String namespace();

    String key();

    Json value();

    MemoryType type();

    int version();

    /** Whether this is the version reads return */
    boolean current();

    /** Whether this version was retired by a delete, a rollback or the TTL sweep */
    boolean deleted();

    Json metadata();

    /** Who first wrote the key (kept across versions unless an update changes it), or null */
    String createdBy();

    /** Who wrote this version, or null */
    String updatedBy();

    /** When the key was first written (kept across versions) */
    Instant createdAt();

    /** When this version was written */
    Instant updatedAt();

    /** When an episodic memory expires, else null */
    Instant expiresAt();

    /** Whether this version has a vector: only such versions are found by {@link MemoryStore#search}. */
    boolean embedded();
}
