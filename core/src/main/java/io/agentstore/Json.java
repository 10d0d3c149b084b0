package io.agentstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;

/**
 * A JSON value going into or coming out of the store: event content, state, memory values,
 * metadata. Make one from any object Jackson can serialise ({@link #of(Object)}) or from a tree;
 * read it back as a tree ({@link #tree()}) or as your own type ({@link #as(Class)}). Values read
 * from the database are parsed only when first asked for, then kept. Immutable and thread-safe;
 * equality is by JSON value, not by text.
 */
public final class Json {

    private static final ObjectMapper DEFAULT = new ObjectMapper();

    private final String text;
    private volatile JsonNode tree;

    private Json(String text, JsonNode tree) {
        this.text = text;
        this.tree = tree;
    }

    /** Serialises any value with the library's default Jackson mapper. */
    public static Json of(Object value) {
        return of(value, DEFAULT);
    }

    /** Serialises any value with your own Jackson mapper (for your modules and settings). */
    public static Json of(Object value, ObjectMapper mapper) {
        if (value instanceof Json j) {
            return j;
        }
        Objects.requireNonNull(mapper, "mapper");
        try {
            if (value instanceof JsonNode node) {
                return new Json(mapper.writeValueAsString(node), node.deepCopy());
            }
            return new Json(mapper.writeValueAsString(value), null);
        } catch (JsonProcessingException e) {
            throw AgentStoreException.invalid("value of type "
                    + (value == null ? "null" : value.getClass().getName()) + " cannot be serialised to JSON: "
                    + e.getOriginalMessage());
        }
    }

    /** Parses JSON text, refusing text that is not JSON with an error that quotes it. */
    public static Json parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            JsonNode node = DEFAULT.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw AgentStoreException.invalid("not JSON: '" + abbreviate(text) + "'");
            }
            return new Json(text, node);
        } catch (JsonProcessingException e) {
            throw AgentStoreException.invalid("not JSON: '" + abbreviate(text) + "' (" + e.getOriginalMessage() + ")");
        }
    }

    /** An empty JSON object. */
    public static Json emptyObject() {
        return new Json("{}", null);
    }

    /**
     * Wraps JSON text without parsing it now: it is parsed when first read. The store reads
     * values this way; use it yourself only for text you know is JSON (writing text that is not
     * fails with {@link ErrorCode#CONSTRAINT}).
     */
    public static Json lazy(String text) {
        return new Json(Objects.requireNonNull(text, "text"), null);
    }

    /** The value as a Jackson tree (a copy: changing it does not change this value). */
    public JsonNode tree() {
        return parsed().deepCopy();
    }

    /** The value bound to your type with the default mapper. */
    public <T> T as(Class<T> type) {
        return as(type, DEFAULT);
    }

    /** The value bound to your type with your own mapper. */
    public <T> T as(Class<T> type, ObjectMapper mapper) {
        try {
            return mapper.treeToValue(parsed(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw AgentStoreException.invalid(
                    "JSON " + abbreviate(text) + " does not bind to " + type.getName() + ": " + e.getMessage());
        }
    }

    /** The value bound to a generic type, e.g. {@code new TypeReference<Map<String, Integer>>() {}}. */
    public <T> T as(TypeReference<T> type) {
        try {
            return DEFAULT.readerFor(type).readValue(parsed());
        } catch (IOException | IllegalArgumentException e) {
            throw AgentStoreException.invalid(
                    "JSON " + abbreviate(text) + " does not bind to " + type.getType() + ": " + e.getMessage());
        }
    }

    /** Whether the value is a JSON object. */
    public boolean isObject() {
        return parsed().isObject();
    }

    /** The JSON text, compact. */
    public String text() {
        return text;
    }

    JsonNode parsed() {
        JsonNode t = tree;
        if (t == null) {
            try {
                t = DEFAULT.readTree(text);
            } catch (JsonProcessingException e) {
                throw new AgentStoreException(ErrorCode.STORAGE, "stored JSON does not parse: " + abbreviate(text), e);
            }
            tree = t;
        }
        return t;
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "… (" + s.length() + " chars)";
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Json other && parsed().equals(other.parsed()));
    }

    @Override
    public int hashCode() {
        return parsed().hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
