package io.agentstore.internal.shape;

import static org.jooq.impl.DSL.concat;
import static org.jooq.impl.DSL.inline;

import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertReturningStep;
import org.jooq.JSON;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.SelectField;
import org.jooq.UpdateReturningStep;
import org.jooq.impl.DSL;

/**
 * What the engines spell differently, written once: JSON merge, set and remove, and
 * {@code RETURNING}. Shapes call these with their DSL context, and the dialect decides the SQL.
 * This is the only class that may use jOOQ's plain-SQL and named-function entry points (the
 * architecture test holds that). SQLite is the engine today; another engine is added here,
 * and a shape that needs a construct this class does not have for it fails when rendered,
 * naming the construct and the dialect.
 */
public final class EngineSql {

    private EngineSql() {}

    /** {@code target} with {@code patch} merged in (RFC 7396: a null member removes the key). */
    public static Field<JSON> jsonMergePatch(DSLContext dsl, Field<JSON> target, Field<JSON> patch) {
        return switch (family(dsl)) {
            case SQLITE -> DSL.function("json_patch", target.getDataType(), target, patch);
            default -> throw unsupported(dsl, "JSON merge patch");
        };
    }

    /** {@code target} with top-level member {@code key} set to the JSON {@code value}. */
    public static Field<JSON> jsonSetKey(DSLContext dsl, Field<JSON> target, Field<String> key, Field<JSON> value) {
        return switch (family(dsl)) {
            case SQLITE ->
                DSL.function(
                        "json_set",
                        target.getDataType(),
                        target,
                        sqlitePath(key),
                        DSL.function("json", target.getDataType(), value));
            default -> throw unsupported(dsl, "JSON set");
        };
    }

    /** {@code target} without top-level member {@code key}. */
    public static Field<JSON> jsonRemoveKey(DSLContext dsl, Field<JSON> target, Field<String> key) {
        return switch (family(dsl)) {
            case SQLITE -> DSL.function("json_remove", target.getDataType(), target, sqlitePath(key));
            default -> throw unsupported(dsl, "JSON remove");
        };
    }

    /** The path {@code $."key"} of a top-level member (keys never hold a quote or backslash: the stores refuse them). */
    private static Field<String> sqlitePath(Field<String> key) {
        return concat(inline("$.\""), key, inline("\""));
    }

    /**
     * An INSERT that returns columns of the inserted rows. jOOQ emulates an SQLite INSERT's
     * RETURNING at execution time with a second query (outside the cached statement), so for
     * SQLite the clause is stated here (SQLite 3.35+ has it); elsewhere it is jOOQ's own.
     */
    public static ResultQuery<Record> returning(
            DSLContext dsl, InsertReturningStep<?> insert, List<? extends Field<?>> columns) {
        if (family(dsl) == SQLDialect.SQLITE) {
            List<Field<?>> unqualified = new ArrayList<>();
            for (Field<?> f : columns) {
                unqualified.add(DSL.field(f.getUnqualifiedName(), f.getDataType()));
            }
            return dsl.resultQuery("{0} returning {1}", insert, DSL.list(unqualified))
                    .coerce(columns);
        }
        @SuppressWarnings("unchecked")
        ResultQuery<Record> q = (ResultQuery<Record>) (ResultQuery<?>) insert.returning(columns);
        return q;
    }

    /** An UPDATE that returns columns of the rows it changed (jOOQ renders the clause natively). */
    public static ResultQuery<?> returning(
            DSLContext dsl, UpdateReturningStep<?> update, List<? extends SelectField<?>> columns) {
        return update.returning(columns);
    }

    private static SQLDialect family(DSLContext dsl) {
        return dsl.dialect().family();
    }

    private static UnsupportedOperationException unsupported(DSLContext dsl, String what) {
        return new UnsupportedOperationException(what + " is not written for dialect " + dsl.dialect());
    }
}
