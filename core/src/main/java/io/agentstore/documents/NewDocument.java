package io.agentstore.documents;

import io.agentstore.Json;

/**
 * A document to index. Start from {@link #of(String, DocumentType, String)} and add what you know.
 *
 * @param filePath    where the file is (1–4,096 characters); the document's key
 * @param title       its title, or null
 * @param type        what kind of document it is
 * @param contentHash the SHA-256 of its content, in lowercase hex
 * @param chunkCount  how many chunks it was split into for embedding (0 or more)
 * @param metadata    a JSON object, or null for {@code {}}
 */
public record NewDocument(
        String filePath, String title, DocumentType type, String contentHash, int chunkCount, Json metadata) {

    public static NewDocument of(String filePath, DocumentType type, String contentHash) {
        return new NewDocument(filePath, null, type, contentHash, 0, null);
    }

    public NewDocument withTitle(String value) {
        return new NewDocument(filePath, value, type, contentHash, chunkCount, metadata);
    }

    public NewDocument withChunks(int value) {
        return new NewDocument(filePath, title, type, contentHash, value, metadata);
    }

    /** Any value Jackson can serialise to a JSON object (or a {@link Json}). */
    public NewDocument withMetadata(Object value) {
        return new NewDocument(filePath, title, type, contentHash, chunkCount, Json.of(value));
    }
}
