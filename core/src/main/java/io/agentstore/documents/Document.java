package io.agentstore.documents;

import io.agentstore.Json;
import java.time.Instant;

/**
 * An indexed markdown file. The embedding bytes are not part of this record (they can be
 * large); read them with {@link DocumentStore#embedding(String)}.
 *
 *
 * <p>The library makes these; an application reads them and does not implement this interface
 * (a later release may add methods).
 */
public interface Document {

    long id();

    String filePath();

    String title();

    DocumentType type();

    String contentHash();

    int chunkCount();

    String embeddingModel();

    Json metadata();

    Instant lastSyncedAt();

    SyncStatus syncStatus();

    /** The reason of the last failed sync, else null */
    String syncError();

    Instant createdAt();

    Instant updatedAt();
}
