package io.agentstore.documents;

import io.agentstore.Json;
import java.time.Instant;

/**
 * An indexed markdown file. The embedding bytes are not part of this record (they can be
 * large); read them with {@link DocumentStore#embedding(String)}.
 *
 * @param syncError the reason of the last failed sync, else null
 */
public record Document(
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
        Instant updatedAt) {}
