package io.agentstore.memory;

import io.agentstore.internal.Failures;
import io.agentstore.search.MetadataFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A search of memory by meaning: a query (text, which the store's embedder turns into a vector,
 * or a vector), where to look, which entries qualify, and how many to return. Every condition
 * narrows the candidates before they are ranked, so a search returns {@code limit} entries
 * whenever that many qualify. Results are exact: the same entries, in the same order, as
 * scoring every qualifying entry's stored vector by cosine similarity.
 *
 * <pre>{@code
 * store.memory().search(MemorySearch.text("what does alice like to eat?")
 *         .within("user:alice")
 *         .withType(MemoryType.SEMANTIC)
 *         .where(MetadataFilter.eq("source", "chat"))
 *         .withLimit(5));
 * }</pre>
 */
public final class MemorySearch {

    /** The most results one search returns. */
    public static final int MAX_LIMIT = 1000;

    private static final int DEFAULT_LIMIT = 10;

    private final String text;
    private final float[] vector;
    private final String prefix;
    private final int limit;
    private final Double minScore;
    private final MemoryType type;
    private final String createdBy;
    private final Instant updatedFrom;
    private final Instant updatedTo;
    private final List<MetadataFilter> filters;

    private MemorySearch(
            String text,
            float[] vector,
            String prefix,
            int limit,
            Double minScore,
            MemoryType type,
            String createdBy,
            Instant updatedFrom,
            Instant updatedTo,
            List<MetadataFilter> filters) {
        this.text = text;
        this.vector = vector;
        this.prefix = prefix;
        this.limit = limit;
        this.minScore = minScore;
        this.type = type;
        this.createdBy = createdBy;
        this.updatedFrom = updatedFrom;
        this.updatedTo = updatedTo;
        this.filters = filters;
    }

    /** A search for text, embedded by the store's embedder (INVALID_ARGUMENT if it has none). */
    public static MemorySearch text(String query) {
        if (query == null || query.isBlank()) {
            throw Failures.invalid("the search query must be non-blank text: " + Failures.quote(query));
        }
        return new MemorySearch(query, null, null, DEFAULT_LIMIT, null, null, null, null, null, List.of());
    }

    /** A search for a vector of the store's model and dimension (copied). */
    public static MemorySearch vector(float[] query) {
        if (query == null || query.length == 0) {
            throw Failures.invalid("the search vector must have at least one dimension");
        }
        return new MemorySearch(null, query.clone(), null, DEFAULT_LIMIT, null, null, null, null, null, List.of());
    }

    private MemorySearch with(
            String prefix,
            int limit,
            Double minScore,
            MemoryType type,
            String createdBy,
            Instant from,
            Instant to,
            List<MetadataFilter> filters) {
        return new MemorySearch(text, vector, prefix, limit, minScore, type, createdBy, from, to, filters);
    }

    /**
     * Only the subtree of this namespace (the namespace and everything below it, on whole
     * segments, as {@link MemoryStore#byPrefix} reads it). On a {@link ScopedMemory} handle, a
     * sub-namespace of each scope's root instead.
     */
    public MemorySearch within(String prefix) {
        return with(
                Failures.required(prefix, "the search prefix"),
                limit,
                minScore,
                type,
                createdBy,
                updatedFrom,
                updatedTo,
                filters);
    }

    /** At most this many results (1 to {@value #MAX_LIMIT}; 10 unless given). */
    public MemorySearch withLimit(int value) {
        if (value < 1 || value > MAX_LIMIT) {
            throw Failures.invalid("the search limit must be 1.." + MAX_LIMIT + ": " + value);
        }
        return with(prefix, value, minScore, type, createdBy, updatedFrom, updatedTo, filters);
    }

    /** Only results whose score is at least this (-1 to 1). */
    public MemorySearch withMinScore(double value) {
        if (!(value >= -1 && value <= 1)) {
            throw Failures.invalid("the minimum score must be -1..1: " + value);
        }
        return with(prefix, limit, value, type, createdBy, updatedFrom, updatedTo, filters);
    }

    /** Only entries of this type. */
    public MemorySearch withType(MemoryType value) {
        return with(
                prefix,
                limit,
                minScore,
                Failures.required(value, "the memory type"),
                createdBy,
                updatedFrom,
                updatedTo,
                filters);
    }

    /** Only entries first written by this creator. */
    public MemorySearch withCreator(String value) {
        return with(
                prefix,
                limit,
                minScore,
                type,
                Failures.required(value, "the creator"),
                updatedFrom,
                updatedTo,
                filters);
    }

    /** Only entries whose current version was written in [from, to). */
    public MemorySearch updatedBetween(Instant from, Instant to) {
        Failures.required(from, "the start of the time range");
        Failures.required(to, "the end of the time range");
        if (!from.isBefore(to)) {
            throw Failures.invalid("the time range must start before it ends: " + from + " .. " + to);
        }
        return with(prefix, limit, minScore, type, createdBy, from, to, filters);
    }

    /** Only entries whose metadata passes every one of these filters (added to any given before). */
    public MemorySearch where(MetadataFilter... more) {
        Failures.required(more, "the metadata filters");
        List<MetadataFilter> all = new ArrayList<>(filters);
        for (MetadataFilter f : more) {
            all.add(Failures.required(f, "a metadata filter"));
        }
        return with(prefix, limit, minScore, type, createdBy, updatedFrom, updatedTo, List.copyOf(all));
    }

    public Optional<String> queryText() {
        return Optional.ofNullable(text);
    }

    /** The query vector (a copy), if the search was made with one. */
    public Optional<float[]> queryVector() {
        return vector == null ? Optional.empty() : Optional.of(vector.clone());
    }

    public Optional<String> prefix() {
        return Optional.ofNullable(prefix);
    }

    public int limit() {
        return limit;
    }

    public OptionalDouble minScore() {
        return minScore == null ? OptionalDouble.empty() : OptionalDouble.of(minScore);
    }

    public Optional<MemoryType> type() {
        return Optional.ofNullable(type);
    }

    public Optional<String> createdBy() {
        return Optional.ofNullable(createdBy);
    }

    public Optional<Instant> updatedFrom() {
        return Optional.ofNullable(updatedFrom);
    }

    public Optional<Instant> updatedTo() {
        return Optional.ofNullable(updatedTo);
    }

    public List<MetadataFilter> filters() {
        return filters;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MemorySearch o
                && Objects.equals(text, o.text)
                && Arrays.equals(vector, o.vector)
                && Objects.equals(prefix, o.prefix)
                && limit == o.limit
                && Objects.equals(minScore, o.minScore)
                && type == o.type
                && Objects.equals(createdBy, o.createdBy)
                && Objects.equals(updatedFrom, o.updatedFrom)
                && Objects.equals(updatedTo, o.updatedTo)
                && filters.equals(o.filters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                text,
                Arrays.hashCode(vector),
                prefix,
                limit,
                minScore,
                type,
                createdBy,
                updatedFrom,
                updatedTo,
                filters);
    }

    @Override
    public String toString() {
        return "MemorySearch[" + (text != null ? "text=" + text : "vector of " + vector.length) + ", prefix=" + prefix
                + ", limit=" + limit + ", minScore=" + minScore + ", type=" + type + ", createdBy=" + createdBy
                + ", updated=" + updatedFrom + ".." + updatedTo + ", filters=" + filters + "]";
    }
}
