package io.agentstore.search;

import io.agentstore.internal.Failures;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a written memory (or document) is searched by: the store's default, a vector the caller
 * computed, chosen fields of its value, or nothing.
 *
 * <p>The default: with an {@link Embedder}, the fields the store was opened with
 * ({@link io.agentstore.StoreOptions#withEmbeddedFields}) or else the value's text (a JSON string
 * as itself, anything else as its JSON text); without one, nothing, and the version is not found
 * by search. Blank text is never embedded.
 */
public final class Embedding {

    /** Where the vector comes from. */
    public enum Source {
        /** The store's default. */
        DEFAULT,
        /** The caller's vector. */
        VECTOR,
        /** The embedder, on chosen fields of the value. */
        FIELDS,
        /** No vector: the version is not found by search. */
        NONE
    }

    private static final Embedding DEFAULT = new Embedding(Source.DEFAULT, null, List.of());
    private static final Embedding NONE = new Embedding(Source.NONE, null, List.of());

    private final Source source;
    private final float[] vector;
    private final List<String> fields;

    private Embedding(Source source, float[] vector, List<String> fields) {
        this.source = source;
        this.vector = vector;
        this.fields = fields;
    }

    public static Embedding byDefault() {
        return DEFAULT;
    }

    /** The caller's vector (copied); it must be of the store's model and dimension. */
    public static Embedding vector(float[] vector) {
        if (vector == null || vector.length == 0) {
            throw Failures.invalid("an embedding vector must have at least one dimension");
        }
        return new Embedding(Source.VECTOR, vector.clone(), List.of());
    }

    /**
     * The embedder's vector of these fields of the value, joined by newlines in the order given:
     * each a top-level field name, or a JSON pointer ({@code /address/city}). A string field is
     * embedded as itself, any other as its JSON text; absent fields are skipped, and a value with
     * none of them is not embedded.
     */
    public static Embedding fields(List<String> fields) {
        if (fields == null || fields.isEmpty()) {
            throw Failures.invalid("embedded fields must name at least one field");
        }
        for (String f : fields) {
            if (f == null || f.isEmpty() || f.length() > 1024) {
                throw Failures.invalid("an embedded field must be 1..1024 characters: " + Failures.quote(f));
            }
        }
        return new Embedding(Source.FIELDS, null, List.copyOf(fields));
    }

    /** As {@link #fields(List)}. */
    public static Embedding fields(String... fields) {
        return fields(fields == null ? null : Arrays.asList(fields));
    }

    public static Embedding none() {
        return NONE;
    }

    public Source source() {
        return source;
    }

    /** The caller's vector (a copy), for {@link Source#VECTOR}. */
    public Optional<float[]> vector() {
        return vector == null ? Optional.empty() : Optional.of(vector.clone());
    }

    /** The embedded fields, for {@link Source#FIELDS}. */
    public List<String> fields() {
        return fields;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Embedding o
                && source == o.source
                && Arrays.equals(vector, o.vector)
                && fields.equals(o.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, Arrays.hashCode(vector), fields);
    }

    @Override
    public String toString() {
        return switch (source) {
            case DEFAULT -> "Embedding[default]";
            case VECTOR -> "Embedding[vector of " + vector.length + "]";
            case FIELDS -> "Embedding[fields " + fields + "]";
            case NONE -> "Embedding[none]";
        };
    }
}
