package io.agentstore.internal.vector;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentstore.search.MetadataFilter;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata as the search index keeps it (the top-level fields of the object; strings,
 * BigDecimals, Booleans, {@link #NULL} for JSON null and {@link #OTHER} for arrays and objects)
 * and the evaluation of {@link MetadataFilter}s on it.
 */
public final class MetadataMatch {

    /** A field whose value is JSON null. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

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
        return Map.copyOf(out);
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
            return NULL;
        }
        return OTHER;
    }

    /** Whether the metadata passes every filter. */
    public static boolean all(List<MetadataFilter> filters, Map<String, Object> metadata) {
        for (MetadataFilter f : filters) {
            if (!matches(f, metadata)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(MetadataFilter f, Map<String, Object> metadata) {
        Object v = metadata.get(f.field());
        return switch (f.op()) {
            case EXISTS -> v != null;
            case MISSING -> v == null;
            case EQ -> v != null && same(v, f.values().get(0));
            case NE -> v == null || !same(v, f.values().get(0));
            case IN -> v != null && f.values().stream().anyMatch(x -> same(v, x));
            case NOT_IN -> v == null || f.values().stream().noneMatch(x -> same(v, x));
            case GT -> compare(v, f.values().get(0)) > 0;
            case GTE -> {
                int c = compare(v, f.values().get(0));
                yield c >= 0 && c != NOT_COMPARABLE;
            }
            case LT -> {
                int c = compare(v, f.values().get(0));
                yield c < 0 && c != NOT_COMPARABLE;
            }
            case LTE -> {
                int c = compare(v, f.values().get(0));
                yield c <= 0 && c != NOT_COMPARABLE;
            }
        };
    }

    private static boolean same(Object stored, Object wanted) {
        if (stored instanceof BigDecimal a && wanted instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        return stored.equals(wanted);
    }

    private static final int NOT_COMPARABLE = Integer.MIN_VALUE;

    /** The order of two values of one kind (numbers, or strings); NOT_COMPARABLE otherwise. */
    private static int compare(Object stored, Object wanted) {
        if (stored instanceof BigDecimal a && wanted instanceof BigDecimal b) {
            return Integer.signum(a.compareTo(b));
        }
        if (stored instanceof String a && wanted instanceof String b) {
            return Integer.signum(a.compareTo(b));
        }
        return NOT_COMPARABLE;
    }
}
