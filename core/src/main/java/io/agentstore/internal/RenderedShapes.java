package io.agentstore.internal;

import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** Every registered shape rendered once for one dialect: its SQL and its parameter names in bind order. */
public final class RenderedShapes {

    /** One shape's SQL for a dialect and the names of its parameters, in bind order. */
    public record Rendered(Shape shape, String sql, List<String> params, java.util.Map<String, Integer> positions) {

        Rendered(Shape shape, String sql, List<String> params) {
            this(shape, sql, params, positionsOf(params));
        }

        private static java.util.Map<String, Integer> positionsOf(List<String> params) {
            java.util.Map<String, Integer> m = new java.util.HashMap<>();
            for (int i = 0; i < params.size(); i++) {
                m.put(params.get(i), i + 1);
            }
            return java.util.Map.copyOf(m);
        }

        /** The 1-based JDBC index of a named parameter. */
        public int index(String param) {
            Integer i = positions.get(param);
            if (i == null) {
                throw new IllegalArgumentException("shape " + shape.name() + " has no parameter " + param + " " + params);
            }
            return i;
        }
    }

    private final Rendered[] rendered;

    public RenderedShapes(SQLDialect dialect) {
        DSLContext indexed = DSL.using(dialect, new Settings().withParamType(ParamType.INDEXED)
                .withRenderSchema(false));
        List<Shape> all = Shapes.all();
        rendered = new Rendered[all.size()];
        for (Shape shape : all) {
            Query q = shape.define(indexed);
            if (q instanceof org.jooq.InsertResultStep<?>) {
                throw new IllegalStateException("shape " + shape.name() + ": jOOQ drops RETURNING from a rendered "
                        + "INSERT; write it with Shape.insertReturning");
            }
            String sql = indexed.render(q);
            List<String> names = q.getParams().entrySet().stream()
                    .filter(e -> !e.getValue().isInline()).map(java.util.Map.Entry::getKey).toList();
            // The names, in bind order, are read from the query and cross-checked against a
            // rendering of the same dialect that spells them out.
            List<String> spelled = namedParams(indexed.renderNamedParams(shape.define(indexed)));
            if (!spelled.equals(names)) {
                throw new IllegalStateException("shape " + shape.name() + ": parameters " + names
                        + " but rendered in the order " + spelled);
            }
            int placeholders = countPlaceholders(sql);
            if (placeholders != names.size()) {
                throw new IllegalStateException("shape " + shape.name() + ": " + placeholders
                        + " placeholders but parameters " + names + " in " + sql);
            }
            for (String n : names) {
                if (names.indexOf(n) != names.lastIndexOf(n)) {
                    throw new IllegalStateException("shape " + shape.name() + " uses parameter " + n + " twice");
                }
            }
            rendered[shape.id()] = new Rendered(shape, sql, List.copyOf(names));
        }
    }

    public Rendered get(Shape shape) {
        return rendered[shape.id()];
    }

    public int size() {
        return rendered.length;
    }

    /** Names of ":name" placeholders in order, outside quoted text. */
    private static List<String> namedParams(String sql) {
        List<String> out = new ArrayList<>();
        scanUnquoted(sql, (text, i) -> {
            if (text.charAt(i) == ':' && i + 1 < text.length() && Character.isJavaIdentifierStart(text.charAt(i + 1))) {
                int j = i + 1;
                while (j < text.length() && Character.isJavaIdentifierPart(text.charAt(j))) {
                    j++;
                }
                out.add(text.substring(i + 1, j));
                return j;
            }
            return i + 1;
        });
        return out;
    }

    private static int countPlaceholders(String sql) {
        int[] n = {0};
        scanUnquoted(sql, (text, i) -> {
            if (text.charAt(i) == '?') {
                n[0]++;
            }
            return i + 1;
        });
        return n[0];
    }

    /** Visits each character outside quotes; the visitor returns where to continue. */
    private interface Visitor {
        int visit(String text, int i);
    }

    private static void scanUnquoted(String sql, Visitor visitor) {
        char quote = 0;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                i++;
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                i++;
            } else {
                i = visitor.visit(sql, i);
            }
        }
    }
}
