package io.agentstore.internal.shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertResultStep;
import org.jooq.Query;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Every registered shape rendered once for one dialect: its SQL, where each of its typed
 * parameters is bound (one handle may stand at several places), and its result columns with
 * their readers. After this, a call does no jOOQ work at all.
 */
public final class RenderedShapes {

    /** One shape as rendered for a dialect. */
    public static final class Rendered {

        private final Shape shape;
        private final String sql;
        private final Param<?>[] params;
        private final int[][] positions;
        private final int placeholders;
        private final int base;
        private final int[] slotById;
        private final Field<?>[] columns;
        private final JdbcValues.Reader[] readers;
        private final JdbcValues.Binder[] binders;
        private final String table;

        Rendered(Shape shape, SQLDialect dialect, String sql, List<String> order, Field<?>[] columns) {
            this.shape = shape;
            this.sql = sql;
            this.table = tableOf(sql);
            this.placeholders = order.size();
            Map<Param<?>, List<Integer>> at = new LinkedHashMap<>();
            for (int i = 0; i < order.size(); i++) {
                Param<?> p = Param.byJooqName(order.get(i));
                if (p == null) {
                    throw new IllegalStateException("shape " + shape.name() + ": bind parameter " + order.get(i)
                            + " is not a Param handle (declare it with Param.of and use its field())");
                }
                at.computeIfAbsent(p, k -> new ArrayList<>()).add(i + 1);
            }
            this.params = at.keySet().toArray(new Param<?>[0]);
            this.positions = new int[params.length][];
            int lo = Integer.MAX_VALUE;
            int hi = -1;
            for (int s = 0; s < params.length; s++) {
                positions[s] =
                        at.get(params[s]).stream().mapToInt(Integer::intValue).toArray();
                lo = Math.min(lo, params[s].id());
                hi = Math.max(hi, params[s].id());
            }
            for (int s = 0; s < params.length; s++) {
                for (int t = s + 1; t < params.length; t++) {
                    if (params[s].name().equals(params[t].name())) {
                        throw new IllegalStateException(
                                "shape " + shape.name() + ": two parameter handles are named " + params[s].name());
                    }
                }
            }
            this.binders = new JdbcValues.Binder[params.length];
            for (int s = 0; s < params.length; s++) {
                binders[s] = params[s].writer().binder(dialect);
            }
            this.base = params.length == 0 ? 0 : lo;
            this.slotById = new int[params.length == 0 ? 0 : hi - lo + 1];
            for (int s = 0; s < params.length; s++) {
                slotById[params[s].id() - base] = s + 1;
            }
            this.columns = columns;
            this.readers = new JdbcValues.Reader[columns.length];
            for (int i = 0; i < columns.length; i++) {
                readers[i] = JdbcValues.reader(
                        columns[i].getDataType(), "shape " + shape.name() + " column " + columns[i].getName(), dialect);
            }
        }

        public Shape shape() {
            return shape;
        }

        public String sql() {
            return sql;
        }

        /** The table the statement works on: the first after FROM, INTO or UPDATE (for metrics' db.collection.name). */
        public String table() {
            return table;
        }

        /** How many distinct parameters the shape has. */
        public int paramCount() {
            return params.length;
        }

        /** How many placeholders the SQL has (a parameter used twice counts twice). */
        public int placeholders() {
            return placeholders;
        }

        public Param<?> param(int slot) {
            return params[slot];
        }

        /** How a parameter slot's values are bound on this dialect. */
        public JdbcValues.Binder binder(int slot) {
            return binders[slot];
        }

        /** The 1-based JDBC indexes where a parameter slot is bound. */
        public int[] positions(int slot) {
            return positions[slot];
        }

        /** The slot of a parameter of this shape; a handle the shape does not use is refused by name. */
        public int slot(Param<?> p) {
            int i = p.id() - base;
            if (i >= 0 && i < slotById.length && slotById[i] != 0) {
                return slotById[i] - 1;
            }
            throw new IllegalArgumentException("shape " + shape.name() + " has no parameter " + p.name() + "; it has "
                    + Arrays.stream(params).map(Param::name).toList());
        }

        /**
         * The 1-based JDBC indexes of the parameter with this name: for code outside the library
         * that binds the rendered SQL by hand (the raw-JDBC twins of the benchmarks).
         */
        public int[] positionsOf(String name) {
            for (int s = 0; s < params.length; s++) {
                if (params[s].name().equals(name)) {
                    return positions[s];
                }
            }
            throw new IllegalArgumentException("shape " + shape.name() + " has no parameter " + name + "; it has "
                    + Arrays.stream(params).map(Param::name).toList());
        }

        /** The result columns, in select-list order. */
        public List<Field<?>> columns() {
            return List.of(columns);
        }

        /** The 0-based position of a selected field, trying {@code hint} first. */
        int column(Field<?> field, int hint) {
            if (hint < columns.length && columns[hint] == field) {
                return hint;
            }
            for (int i = 0; i < columns.length; i++) {
                if (columns[i] == field) {
                    return i;
                }
            }
            for (int i = 0; i < columns.length; i++) {
                if (columns[i].equals(field)) {
                    return i;
                }
            }
            throw new IllegalStateException(
                    "shape " + shape.name() + " does not select " + field + "; it selects " + Arrays.toString(columns));
        }

        JdbcValues.Reader reader(int i) {
            return readers[i];
        }
    }

    private final Rendered[] rendered;
    private final SQLDialect dialect;

    /** Renders the given shapes (every registered one: see {@code AllShapes}). */
    public RenderedShapes(SQLDialect dialect, List<Shape> shapes) {
        this.dialect = dialect;
        DSLContext indexed = DSL.using(
                dialect, new Settings().withParamType(ParamType.INDEXED).withRenderSchema(false));
        int size = 0;
        for (Shape s : shapes) {
            size = Math.max(size, s.id() + 1);
        }
        rendered = new Rendered[size];
        for (Shape shape : shapes) {
            rendered[shape.id()] = render(indexed, shape);
        }
    }

    /** One shape rendered for a dialect (a registered one, or one made by {@link Shape#unregistered}). */
    public static Rendered render(SQLDialect dialect, Shape shape) {
        return render(
                DSL.using(
                        dialect, new Settings().withParamType(ParamType.INDEXED).withRenderSchema(false)),
                shape);
    }

    private static Rendered render(DSLContext indexed, Shape shape) {
        Query q = shape.define(indexed);
        if (q instanceof InsertResultStep<?> && indexed.dialect().family() == SQLDialect.SQLITE) {
            throw new IllegalStateException("shape " + shape.name() + ": jOOQ drops RETURNING from a rendered "
                    + "SQLite INSERT; write it with EngineSql.returning");
        }
        String sql = indexed.render(q);
        List<String> order = namedParams(indexed.renderNamedParams(q));
        int marks = countPlaceholders(sql);
        if (marks != order.size()) {
            throw new IllegalStateException(
                    "shape " + shape.name() + ": " + marks + " placeholders but parameters " + order + " in " + sql);
        }
        // A select's own select list (its fields() would name them as columns of a derived table).
        Field<?>[] columns = q instanceof Select<?> select
                ? select.getSelect().toArray(new Field<?>[0])
                : q instanceof ResultQuery<?> rq ? rq.fields() : new Field<?>[0];
        return new Rendered(shape, indexed.dialect(), sql, order, columns);
    }

    /** The rendering of a shape; a shape defined after rendering (its class not in AllShapes) is named. */
    public Rendered get(Shape shape) {
        Rendered r = shape.id() < rendered.length ? rendered[shape.id()] : null;
        if (r == null) {
            throw new IllegalStateException("shape " + shape.name() + " (defined in "
                    + shape.definedIn().getName() + ") is not registered: list its class in AllShapes");
        }
        return r;
    }

    /** The size of a statement cache indexed by {@link Shape#id()}. */
    /** The rendered shape with this registry id. */
    public Rendered byId(int id) {
        return rendered[id];
    }

    public int size() {
        return rendered.length;
    }

    public SQLDialect dialect() {
        return dialect;
    }

    /** Every rendered shape, in registry order. */
    public List<Rendered> all() {
        List<Rendered> out = new ArrayList<>();
        for (Rendered r : rendered) {
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** Names of ":name" placeholders in order, outside quoted text. */
    private static List<String> namedParams(String sql) {
        List<String> out = new ArrayList<>();
        scanUnquoted(sql, (text, i) -> {
            if (text.startsWith("::", i)) {
                return i + 2; // a PostgreSQL cast, not a parameter
            }
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

    private static final java.util.regex.Pattern TABLE = java.util.regex.Pattern.compile(
            "\\b(?:from|into|update)\\s+\"?([a-z_][a-z0-9_]*)\"?(?:\\.\"?([a-z_][a-z0-9_]*)\"?)?",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The first table a statement names after FROM, INTO or UPDATE (schema-qualified or not), or "". */
    static String tableOf(String sql) {
        java.util.regex.Matcher m = TABLE.matcher(sql);
        if (!m.find()) {
            return "";
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }
}
