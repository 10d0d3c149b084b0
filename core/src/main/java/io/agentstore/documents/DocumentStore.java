package io.agentstore.documents;

import io.agentstore.Page;
import io.agentstore.PageRequest;
import java.util.List;
import java.util.Optional;

/** The document index: files, their content hashes and their embedding sync state. */
public interface DocumentStore {

    /**
     * Inserts or updates a document by path. A new document is pending; a changed content hash
     * makes a synced or failed document stale; an unchanged hash leaves the sync state alone.
     * The hash is a SHA-256 in lowercase hex.
     */
    Document upsert(NewDocument document);

    Optional<Document> get(String filePath);

    /** The embedding bytes stored by the last successful sync. */
    Optional<byte[]> embedding(String filePath);

    /** Documents of one type, most recently updated first. */
    Page<Document> byType(DocumentType type, PageRequest page);

    /** Pending and stale documents, least recently updated first: what to embed next. */
    List<Document> syncQueue(int limit);

    /** Records a successful sync; the content hash must still be the one that was embedded. */
    Document markSynced(DocumentSync sync);

    Document markFailed(String filePath, String reason);

    /** Documents with this content hash (duplicates under different paths). */
    Page<Document> byContentHash(String contentHash, PageRequest page);
}
