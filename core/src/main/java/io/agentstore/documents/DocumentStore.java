package io.agentstore.documents;

import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.search.SearchHit;
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

    /** The vector stored by the last successful sync, as stored: scaled to unit length. */
    Optional<float[]> embedding(String filePath);

    /** Documents of one type, most recently updated first. */
    Page<Document> byType(DocumentType type, PageRequest page);

    /** Pending and stale documents, least recently updated first: what to embed next. */
    List<Document> syncQueue(int limit);

    /** Records a successful sync; the content hash must still be the one that was embedded. */
    Document markSynced(DocumentSync sync);

    Document markFailed(String filePath, String reason);

    /** Documents with this content hash (duplicates under different paths). */
    Page<Document> byContentHash(String contentHash, PageRequest page);

    /**
     * The documents closest in meaning to the query, best first (ties in path order): exact cosine
     * similarity over every document synced with a vector that passes the search's conditions,
     * stale ones included unless the search asks for a status. Empty when no document has a
     * vector. INVALID_ARGUMENT for a text query without an embedder, or a query of another model
     * or dimension than the documents' vectors.
     */
    List<SearchHit<Document>> search(DocumentSearch search);
}
