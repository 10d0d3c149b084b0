package io.agentstore.internal.store;

import io.agentstore.Json;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemoryType;
import java.time.Instant;

/** The library's MemoryEntry: a row as read or written. */
record MemoryEntryRow(
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
        Instant expiresAt,
        boolean embedded)
        implements MemoryEntry {}
