package io.agentstore.internal.store;

import io.agentstore.Json;
import io.agentstore.documents.Document;
import io.agentstore.documents.DocumentType;
import io.agentstore.documents.SyncStatus;
import java.time.Instant;

/** The library's Document: a row as read or written. */
record DocumentRow(
        long id,
        String filePath,
        String title,
        DocumentType type,
        String contentHash,
        int chunkCount,
        String embeddingModel,
        Json metadata,
        Instant lastSyncedAt,
        SyncStatus syncStatus,
        String syncError,
        Instant createdAt,
        Instant updatedAt)
        implements Document {}
