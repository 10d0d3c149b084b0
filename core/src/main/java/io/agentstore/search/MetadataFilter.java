package io.agentstore.search;

import io.agentstore.internal.Failures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A condition on one top-level field of an item's metadata object, applied to every candidate
 * before ranking (so a search returns its limit of matching items whenever that many exist).
 *
 * <p>Values are strings, numbers or booleans. A number matches a number of the same value
 * ({@code 2020} matches {@code 2020.0}); ordering ({@link #gt} …) compares numbers with numbers and
 * strings with strings (by their UTF-16 code units); a field of another type, or absent, never
 * matches a comparison. {@link #ne} and {@link #notIn} match an absent field, as in Spring AI's
 * and LangChain4j's in-memory stores.
 */
public final class MetadataFilter {

    /** The comparison a filter makes. */
    public enum Op {
        EQ,
        NE,
        GT,
        GTE,
        LT,
        LTE,
        IN,
        NOT_IN,
        EXISTS,
        MISSING
    }

    private final String field;
    private final Op op;
    private final List<Object> values;

    private MetadataFilter(String field, Op op, List<Object> values) {
        this.field = checkField(field);
        this.op = op;
        this.values = values;
    }

    private static String checkField(String field) {
        if (field == null || field.isEmpty() || field.length() > 256) {
            throw Failures.invalid("metadata field name must be 1..256 characters: " + Failures.quote(field));
        }
        return field;
    }

    /** The value as the filter keeps it: a String, a BigDecimal or a Boolean. */
    private static Object scalar(String field, Object value) {
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof BigDecimal b) {
            return b;
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())
                || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            throw Failures.invalid("metadata filter on " + Failures.quote(field) + ": not a finite number: " + value);
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        throw Failures.invalid("metadata filter on " + Failures.quote(field)
                + ": a value must be a string, a number or a boolean, not "
                + (value == null ? "null" : value.getClass().getName() + " " + value));
    }

    private static MetadataFilter one(String field, Op op, Object value) {
        return new MetadataFilter(field, op, List.of(scalar(field, value)));
    }

    private static MetadataFilter ordered(String field, Op op, Object value) {
        Object v = scalar(field, value);
        if (v instanceof Boolean) {
            throw Failures.invalid("metadata filter on " + Failures.quote(field) + ": " + op
                    + " needs a number or a string, not a boolean");
        }
        return new MetadataFilter(field, op, List.of(v));
    }

    private static MetadataFilter many(String field, Op op, List<?> values) {
        if (values == null || values.isEmpty()) {
            throw Failures.invalid(
                    "metadata filter on " + Failures.quote(field) + ": " + op + " needs at least one value");
        }
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(scalar(field, v));
        }
        return new MetadataFilter(field, op, List.copyOf(out));
    }

    public static MetadataFilter eq(String field, Object value) {
        return one(field, Op.EQ, value);
    }

    public static MetadataFilter ne(String field, Object value) {
        return one(field, Op.NE, value);
    }

    public static MetadataFilter gt(String field, Object value) {
        return ordered(field, Op.GT, value);
    }

    public static MetadataFilter gte(String field, Object value) {
        return ordered(field, Op.GTE, value);
    }

    public static MetadataFilter lt(String field, Object value) {
        return ordered(field, Op.LT, value);
    }

    public static MetadataFilter lte(String field, Object value) {
        return ordered(field, Op.LTE, value);
    }

    public static MetadataFilter in(String field, List<?> values) {
        return many(field, Op.IN, values);
    }

    public static MetadataFilter notIn(String field, List<?> values) {
        return many(field, Op.NOT_IN, values);
    }

    /** The field is present (with any value, null included). */
    public static MetadataFilter exists(String field) {
        return new MetadataFilter(field, Op.EXISTS, List.of());
    }

    /** The field is absent. */
    public static MetadataFilter missing(String field) {
        return new MetadataFilter(field, Op.MISSING, List.of());
    }

    public String field() {
        return field;
    }

    public Op op() {
        return op;
    }

    /** The values compared with: Strings, BigDecimals and Booleans. */
    public List<Object> values() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetadataFilter o && field.equals(o.field) && op == o.op && values.equals(o.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, op, values);
    }

    @Override
    public String toString() {
        return field + " " + op + " " + values;
    }
}
