package io.agentstore.internal.vector;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentstore.search.MetadataFilter;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata as the search index keeps it: the top-level fields of the object, strings,
 * BigDecimals, Booleans, null for JSON null and {@link #OTHER} for arrays and objects — what
 * {@link MetadataFilter#test(Map)} evaluates, numbers converted once.
 */
public final class MetadataMatch {

    /** A field whose value is an array or an object: present, equal to no filter value. */
    public static final Object OTHER = new Object() {
        @Override
        public String toString() {
            return "(array or object)";
        }
    };

    private MetadataMatch() {}

    /** The index's form of a metadata object; the empty map for {} (shared). */
    public static Map<String, Object> of(JsonNode metadata) {
        if (metadata == null || !metadata.isObject() || metadata.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new HashMap<>(metadata.size() * 2);
        for (Map.Entry<String, JsonNode> f : metadata.properties()) {
            out.put(f.getKey(), scalar(f.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object scalar(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNull()) {
            return null;
        }
        return OTHER;
    }

    /** Whether the metadata passes every filter. */
    public static boolean all(List<MetadataFilter> filters, Map<String, Object> metadata) {
        for (MetadataFilter f : filters) {
            if (!f.test(metadata)) {
                return false;
            }
        }
        return true;
    }
}
