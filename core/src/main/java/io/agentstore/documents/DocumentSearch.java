package io.agentstore.documents;

import io.agentstore.internal.Failures;
import io.agentstore.search.MetadataFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A search of the document index by meaning: a query (text, embedded by the store's embedder,
 * or a vector) and the conditions a document must meet, applied before ranking.
 */
public final class DocumentSearch {

    /** The most results one search returns. */
    public static final int MAX_LIMIT = 1000;

    private final String text;
    private final float[] vector;
    private final int limit;
    private final Double minScore;
    private final DocumentType type;
    private final SyncStatus status;
    private final List<MetadataFilter> filters;

    private DocumentSearch(
            String text,
            float[] vector,
            int limit,
            Double minScore,
            DocumentType type,
            SyncStatus status,
            List<MetadataFilter> filters) {
        this.text = text;
        this.vector = vector;
        this.limit = limit;
        this.minScore = minScore;
        this.type = type;
        this.status = status;
        this.filters = filters;
    }

    /** A search for text, embedded by the store's embedder (INVALID_ARGUMENT if it has none). */
    public static DocumentSearch text(String query) {
        if (query == null || query.isBlank()) {
            throw Failures.invalid("the search query must be non-blank text: " + Failures.quote(query));
        }
        return new DocumentSearch(query, null, 10, null, null, null, List.of());
    }

    /** A search for a vector of the documents' model and dimension (copied). */
    public static DocumentSearch vector(float[] query) {
        if (query == null || query.length == 0) {
            throw Failures.invalid("the search vector must have at least one dimension");
        }
        return new DocumentSearch(null, query.clone(), 10, null, null, null, List.of());
    }

    /** At most this many results (1 to {@value #MAX_LIMIT}; 10 unless given). */
    public DocumentSearch withLimit(int value) {
        if (value < 1 || value > MAX_LIMIT) {
            throw Failures.invalid("the search limit must be 1.." + MAX_LIMIT + ": " + value);
        }
        return new DocumentSearch(text, vector, value, minScore, type, status, filters);
    }

    /** Only results whose score is at least this (-1 to 1). */
    public DocumentSearch withMinScore(double value) {
        if (!(value >= -1 && value <= 1)) {
            throw Failures.invalid("the minimum score must be -1..1: " + value);
        }
        return new DocumentSearch(text, vector, limit, value, type, status, filters);
    }

    /** Only documents of this type. */
    public DocumentSearch withType(DocumentType value) {
        return new DocumentSearch(
                text, vector, limit, minScore, Failures.required(value, "the document type"), status, filters);
    }

    /** Only documents in this sync status (e.g. SYNCED, to leave out stale ones). */
    public DocumentSearch withSyncStatus(SyncStatus value) {
        return new DocumentSearch(
                text, vector, limit, minScore, type, Failures.required(value, "the sync status"), filters);
    }

    /** Only documents whose metadata passes every one of these filters (added to any given before). */
    public DocumentSearch where(MetadataFilter... more) {
        Failures.required(more, "the metadata filters");
        List<MetadataFilter> all = new ArrayList<>(filters);
        for (MetadataFilter f : more) {
            all.add(Failures.required(f, "a metadata filter"));
        }
        return new DocumentSearch(text, vector, limit, minScore, type, status, List.copyOf(all));
    }

    public Optional<String> queryText() {
        return Optional.ofNullable(text);
    }

    public Optional<float[]> queryVector() {
        return vector == null ? Optional.empty() : Optional.of(vector.clone());
    }

    public int limit() {
        return limit;
    }

    public OptionalDouble minScore() {
        return minScore == null ? OptionalDouble.empty() : OptionalDouble.of(minScore);
    }

    public Optional<DocumentType> type() {
        return Optional.ofNullable(type);
    }

    public Optional<SyncStatus> syncStatus() {
        return Optional.ofNullable(status);
    }

    public List<MetadataFilter> filters() {
        return filters;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DocumentSearch o
                && Objects.equals(text, o.text)
                && Arrays.equals(vector, o.vector)
                && limit == o.limit
                && Objects.equals(minScore, o.minScore)
                && type == o.type
                && status == o.status
                && filters.equals(o.filters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, Arrays.hashCode(vector), limit, minScore, type, status, filters);
    }

    @Override
    public String toString() {
        return "DocumentSearch[" + (text != null ? "text=" + text : "vector of " + vector.length) + ", limit=" + limit
                + ", minScore=" + minScore + ", type=" + type + ", status=" + status + ", filters=" + filters + "]";
    }
}
