package io.agentstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.agentstore.internal.Failures;
import java.io.IOException;

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

    /**
     * Serialises any value with the library's default Jackson mapper. JSON has no NaN or
     * infinite numbers: a value holding one is refused ({@link ErrorCode#INVALID_ARGUMENT}),
     * not stored as the string {@code "NaN"} that Jackson would write by default.
     */
    public static Json of(Object value) {
        return of(value, DEFAULT);
    }

    /** Serialises any value with your own Jackson mapper (for your modules and settings); NaN and infinities are refused. */
    public static Json of(Object value, ObjectMapper mapper) {
        if (value instanceof Json j) {
            return j;
        }
        if (mapper == null) {
            throw Failures.invalid("the Jackson mapper must not be null");
        }
        // Non-finite numbers are written as bare NaN / Infinity tokens, which no JSON parser takes.
        ObjectWriter writer = mapper.writer().withoutFeatures(JsonWriteFeature.WRITE_NAN_AS_STRINGS);
        String text;
        try {
            text = writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw Failures.invalid("value of type "
                    + (value == null ? "null" : value.getClass().getName()) + " cannot be serialised to JSON: "
                    + e.getOriginalMessage());
        }
        if (text.contains("NaN") || text.contains("Infinity")) {
            try {
                DEFAULT.readTree(text);
            } catch (JsonProcessingException e) {
                throw Failures.invalid(
                        "JSON has no NaN or infinite numbers, and this value holds one: " + abbreviate(text));
            }
        }
        return new Json(text, value instanceof JsonNode node ? node.deepCopy() : null);
    }

    /** Parses JSON text, refusing text that is not JSON with an error that quotes it. */
    public static Json parse(String text) {
        Failures.required(text, "text");
        try {
            JsonNode node = DEFAULT.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw Failures.invalid("not JSON: '" + abbreviate(text) + "'");
            }
            return new Json(text, node);
        } catch (JsonProcessingException e) {
            throw Failures.invalid("not JSON: '" + abbreviate(text) + "' (" + e.getOriginalMessage() + ")");
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
        return new Json(Failures.required(text, "text"), null);
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
            throw Failures.invalid(
                    "JSON " + abbreviate(text) + " does not bind to " + type.getName() + ": " + e.getMessage());
        }
    }

    /** The value bound to a generic type, e.g. {@code new TypeReference<Map<String, Integer>>() {}}. */
    public <T> T as(TypeReference<T> type) {
        try {
            return DEFAULT.readerFor(type).readValue(parsed());
        } catch (IOException | IllegalArgumentException e) {
            throw Failures.invalid(
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
                throw Failures.of(ErrorCode.STORAGE, "stored JSON does not parse: " + abbreviate(text), e);
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
