package io.agentstore.documents;

import java.util.Arrays;
import java.util.Objects;

/**
 * A successful embedding of a document, to record with {@link DocumentStore#markSynced}: which
 * content was embedded (its hash, which must still be the document's), by which model, and the
 * vector, which makes the document found by {@link DocumentStore#search}. Start from
 * {@link #of(String, String)} and add {@link #withEmbedding}.
 */
public final class DocumentSync {

    private final String filePath;
    private final String contentHash;
    private final String embeddingModel;
    private final float[] embedding;

    private DocumentSync(String filePath, String contentHash, String embeddingModel, float[] embedding) {
        this.filePath = filePath;
        this.contentHash = contentHash;
        this.embeddingModel = embeddingModel;
        this.embedding = embedding;
    }

    /** The sync of the document at {@code filePath}, whose content hashed to {@code contentHash} when it was embedded. */
    public static DocumentSync of(String filePath, String contentHash) {
        return new DocumentSync(filePath, contentHash, null, null);
    }

    /**
     * The vector the model made (required; copied). A store's documents hold vectors of one model
     * and dimension: the first synced vector fixes them, another is refused.
     */
    public DocumentSync withEmbedding(String embeddingModel, float[] embedding) {
        return new DocumentSync(filePath, contentHash, embeddingModel, embedding == null ? null : embedding.clone());
    }

    public String filePath() {
        return filePath;
    }

    public String contentHash() {
        return contentHash;
    }

    /** The model's name, or null before {@link #withEmbedding} (refused by {@code markSynced}). */
    public String embeddingModel() {
        return embeddingModel;
    }

    /** A copy of the vector, or null before {@link #withEmbedding} (refused by {@code markSynced}). */
    public float[] embedding() {
        return embedding == null ? null : embedding.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DocumentSync o
                && Objects.equals(filePath, o.filePath)
                && Objects.equals(contentHash, o.contentHash)
                && Objects.equals(embeddingModel, o.embeddingModel)
                && Arrays.equals(embedding, o.embedding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(filePath, contentHash, embeddingModel) * 31 + Arrays.hashCode(embedding);
    }

    @Override
    public String toString() {
        return "DocumentSync[" + filePath + " " + contentHash + " by " + embeddingModel + ", "
                + (embedding == null ? "no" : embedding.length) + " dimensions]";
    }
}
