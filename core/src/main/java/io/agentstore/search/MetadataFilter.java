package io.agentstore.search;

import io.agentstore.internal.Failures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A condition on one top-level field of an item's metadata object, applied to every candidate
 * before ranking (so a search returns its limit of matching items whenever that many exist).
 *
 * <p>Values are strings, numbers or booleans. A number matches a number of the same value
 * ({@code 2020} matches {@code 2020.0}); ordering ({@link #gt} …) compares numbers with numbers and
 * strings with strings (by their UTF-16 code units); a field of another type, or absent, never
 * matches a comparison. {@link #ne} and {@link #notIn} match an absent field, as in Spring AI's
 * and LangChain4j's in-memory stores. {@link #and}, {@link #or} and {@link #not} combine filters.
 */
public final class MetadataFilter {

    /** The comparison a filter makes, or how it combines others. */
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
        MISSING,
        /** Absent, or JSON null. */
        IS_NULL,
        /** Present with a value other than JSON null. */
        NOT_NULL,
        /** Every one of {@link #operands()}. */
        AND,
        /** At least one of {@link #operands()}. */
        OR,
        /** Not its one operand. */
        NOT
    }

    private final String field;
    private final Op op;
    private final List<Object> values;
    private final List<MetadataFilter> operands;

    private MetadataFilter(String field, Op op, List<Object> values) {
        this.field = checkField(field);
        this.op = op;
        this.values = values;
        this.operands = List.of();
    }

    private MetadataFilter(Op op, List<MetadataFilter> operands) {
        this.field = null;
        this.op = op;
        this.values = List.of();
        this.operands = operands;
    }

    /** AND, OR or NOT of the operands, each checked (a null one is a coded error, not a NullPointerException). */
    private static MetadataFilter combine(Op op, List<MetadataFilter> filters) {
        if (filters == null || filters.isEmpty()) {
            throw Failures.invalid("a metadata filter " + op + " needs at least one operand");
        }
        for (MetadataFilter f : filters) {
            Failures.required(f, "an operand of " + op);
        }
        return new MetadataFilter(op, List.copyOf(filters));
    }

    /** Every one of the filters holds. */
    public static MetadataFilter and(MetadataFilter... filters) {
        return combine(Op.AND, filters == null ? null : java.util.Arrays.asList(filters));
    }

    /** At least one of the filters holds. */
    public static MetadataFilter or(MetadataFilter... filters) {
        return combine(Op.OR, filters == null ? null : java.util.Arrays.asList(filters));
    }

    /** The filter does not hold. */
    public static MetadataFilter not(MetadataFilter filter) {
        return combine(Op.NOT, filter == null ? null : List.of(filter));
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

    /** The field is absent or JSON null. */
    public static MetadataFilter isNull(String field) {
        return new MetadataFilter(field, Op.IS_NULL, List.of());
    }

    /** The field has a value other than JSON null. */
    public static MetadataFilter notNull(String field) {
        return new MetadataFilter(field, Op.NOT_NULL, List.of());
    }

    /** The metadata field compared, or null for AND, OR and NOT. */
    public String field() {
        return field;
    }

    /** What AND, OR and NOT combine; empty for a comparison. */
    public List<MetadataFilter> operands() {
        return operands;
    }

    /**
     * Whether a metadata object passes this filter: its top-level fields as Java values (strings,
     * numbers of any type, booleans; null for a JSON null; anything else is present but equal to
     * no filter value).
     */
    public boolean test(Map<String, ?> metadata) {
        return switch (op) {
            case AND -> operands.stream().allMatch(f -> f.test(metadata));
            case OR -> operands.stream().anyMatch(f -> f.test(metadata));
            case NOT -> !operands.get(0).test(metadata);
            default -> compares(metadata);
        };
    }

    /** Whether a metadata object (a JSON object; anything else has no fields) passes this filter. */
    public boolean test(io.agentstore.Json metadata) {
        Map<String, Object> fields = new java.util.HashMap<>();
        com.fasterxml.jackson.databind.JsonNode tree = metadata == null ? null : metadata.tree();
        if (tree != null && tree.isObject()) {
            for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> f : tree.properties()) {
                com.fasterxml.jackson.databind.JsonNode v = f.getValue();
                fields.put(
                        f.getKey(),
                        v.isTextual()
                                ? v.textValue()
                                : v.isNumber()
                                        ? v.decimalValue()
                                        : v.isBoolean() ? v.booleanValue() : v.isNull() ? null : v);
            }
        }
        return test(fields);
    }

    private boolean compares(Map<String, ?> metadata) {
        boolean present = metadata.containsKey(field);
        Object v = metadata.get(field);
        return switch (op) {
            case EXISTS -> present;
            case MISSING -> !present;
            case IS_NULL -> v == null;
            case NOT_NULL -> v != null;
            case EQ -> present && same(v, values.get(0));
            case NE -> !present || !same(v, values.get(0));
            case IN -> present && values.stream().anyMatch(x -> same(v, x));
            case NOT_IN -> !present || values.stream().noneMatch(x -> same(v, x));
            case GT -> order(v, values.get(0)) == 1;
            case GTE -> order(v, values.get(0)) == 1 || order(v, values.get(0)) == 0;
            case LT -> order(v, values.get(0)) == -1;
            case LTE -> order(v, values.get(0)) == -1 || order(v, values.get(0)) == 0;
            default -> throw new IllegalStateException(op.toString());
        };
    }

    /** A stored value as the filter compares it: numbers as BigDecimal; anything else as it is. */
    private static Object comparable(Object stored) {
        if (stored instanceof BigDecimal || !(stored instanceof Number n)) {
            return stored;
        }
        if (n instanceof Double d && (d.isNaN() || d.isInfinite())
                || n instanceof Float f && (f.isNaN() || f.isInfinite())) {
            return null;
        }
        return new BigDecimal(n.toString());
    }

    private static boolean same(Object stored, Object wanted) {
        Object s = comparable(stored);
        if (s instanceof BigDecimal a && wanted instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        return s != null && s.equals(wanted);
    }

    /** -1, 0 or 1 for two numbers or two strings; 2 for values of other kinds, which never compare. */
    private static int order(Object stored, Object wanted) {
        Object s = comparable(stored);
        if (s instanceof BigDecimal a && wanted instanceof BigDecimal b) {
            return Integer.signum(a.compareTo(b));
        }
        if (s instanceof String a && wanted instanceof String b) {
            return Integer.signum(a.compareTo(b));
        }
        return 2;
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
        return other instanceof MetadataFilter o
                && Objects.equals(field, o.field)
                && op == o.op
                && values.equals(o.values)
                && operands.equals(o.operands);
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, op, values, operands);
    }

    @Override
    public String toString() {
        return field == null ? op + " " + operands : field + " " + op + " " + values;
    }
}
