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
public final class NewDocument {

    private final String filePath;
    private final String title;
    private final DocumentType type;
    private final String contentHash;
    private final int chunkCount;
    private final Json metadata;

    private NewDocument(
            String filePath, String title, DocumentType type, String contentHash, int chunkCount, Json metadata) {
        this.filePath = filePath;
        this.title = title;
        this.type = type;
        this.contentHash = contentHash;
        this.chunkCount = chunkCount;
        this.metadata = metadata;
    }

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

    public String filePath() {
        return filePath;
    }

    public String title() {
        return title;
    }

    public DocumentType type() {
        return type;
    }

    public String contentHash() {
        return contentHash;
    }

    public int chunkCount() {
        return chunkCount;
    }

    public Json metadata() {
        return metadata;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewDocument o
                && java.util.Objects.equals(filePath, o.filePath)
                && java.util.Objects.equals(title, o.title)
                && java.util.Objects.equals(type, o.type)
                && java.util.Objects.equals(contentHash, o.contentHash)
                && chunkCount == o.chunkCount
                && java.util.Objects.equals(metadata, o.metadata);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(filePath, title, type, contentHash, chunkCount, metadata);
    }

    @Override
    public String toString() {
        return "NewDocument[filePath=" + filePath + ", title=" + title + ", type=" + type + ", contentHash="
                + contentHash + ", chunkCount=" + chunkCount + ", metadata=" + metadata + "]";
    }
}
