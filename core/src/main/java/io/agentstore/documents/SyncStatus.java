package io.agentstore.documents;

/**
 * Where a document is in embedding sync: new documents are {@code pending}; a changed content
 * hash makes a synced (or failed) one {@code stale}; both wait in the sync queue.
 */
public enum SyncStatus {
    PENDING,
    SYNCED,
    FAILED,
    STALE;
}
