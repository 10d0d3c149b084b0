package io.agentstore.internal.shape;

import static org.jooq.impl.DSL.concat;
import static org.jooq.impl.DSL.inline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertReturningStep;
import org.jooq.JSON;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.SelectField;
import org.jooq.SelectForUpdateStep;
import org.jooq.Table;
import org.jooq.UpdateReturningStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * What the engines spell differently, written once: JSON merge, set and remove, {@code
 * RETURNING}, and the row locks a server needs. Shapes call these with their DSL context, and
 * the dialect decides the SQL. This is the only class that may use jOOQ's plain-SQL and
 * named-function entry points (the architecture test holds that). SQLite and PostgreSQL are
 * written; a shape that needs a construct this class does not have for a dialect fails when
 * rendered, naming the construct and the dialect.
 *
 * <p>PostgreSQL's JSON columns are {@code jsonb}: jOOQ binds a JSON value as {@code json}, so
 * the value is cast to {@code jsonb} before a jsonb function takes it. RFC 7396 merge is the
 * schema's function {@code agentstore_json_merge_patch} (jsonb's {@code ||} merges one level
 * and keeps nulls).
 */
public final class EngineSql {

    private EngineSql() {}

    /** {@code target} with {@code patch} merged in (RFC 7396: a null member removes the key). */
    public static Field<JSON> jsonMergePatch(DSLContext dsl, Field<JSON> target, Field<JSON> patch) {
        return switch (family(dsl)) {
            case SQLITE -> DSL.function("json_patch", target.getDataType(), target, patch);
            case POSTGRES -> DSL.function("agentstore_json_merge_patch", target.getDataType(), target, jsonb(patch));
            default -> throw unsupported(dsl, "JSON merge patch");
        };
    }

    /** The empty JSON object {@code {}}, typed as the engine stores JSON (text on SQLite, jsonb on PostgreSQL). */
    public static Field<JSON> emptyJsonObject(DSLContext dsl) {
        return switch (family(dsl)) {
            case SQLITE -> DSL.field("'{}'", SQLDataType.JSON);
            case POSTGRES -> DSL.field("'{}'::jsonb", SQLDataType.JSON);
            default -> throw unsupported(dsl, "JSON object literal");
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
            case POSTGRES ->
                DSL.function(
                        "jsonb_set",
                        target.getDataType(),
                        target,
                        DSL.array(key.cast(SQLDataType.VARCHAR)),
                        jsonb(value));
            default -> throw unsupported(dsl, "JSON set");
        };
    }

    /** {@code target} without top-level member {@code key}. */
    public static Field<JSON> jsonRemoveKey(DSLContext dsl, Field<JSON> target, Field<String> key) {
        return switch (family(dsl)) {
            case SQLITE -> DSL.function("json_remove", target.getDataType(), target, sqlitePath(key));
            case POSTGRES -> DSL.field("({0} - {1})", target.getDataType(), target, key.cast(SQLDataType.VARCHAR));
            default -> throw unsupported(dsl, "JSON remove");
        };
    }

    /**
     * A column that only filters the rows an index range already found, never chooses the
     * index: on SQLite {@code +column} (a unary plus keeps its planner from driving the query by
     * this term, which with no statistics it took for selective); PostgreSQL's planner weighs
     * the term by its statistics, so the column is used as it is.
     */
    public static <T> Field<T> filterOnly(DSLContext dsl, Field<T> column) {
        return family(dsl) == SQLDialect.SQLITE ? DSL.field("+{0}", column.getDataType(), column) : column;
    }

    /**
     * {@code column} is one of the rows a claiming select takes: on PostgreSQL {@code column =
     * any(array(select … for update skip locked))}, which runs the select once (a plain {@code IN
     * (select … limit n for update skip locked)} may be run again by the plan that joins it, and
     * each run skips what the last one locked: more than n rows change); on SQLite {@code column
     * in (select …)}.
     */
    public static <T> Condition claimed(
            DSLContext dsl, Field<T> column, SelectForUpdateStep<? extends Record1<T>> select) {
        if (family(dsl) == SQLDialect.POSTGRES) {
            return column.eq(DSL.any(DSL.array(select.forUpdate().skipLocked())));
        }
        return column.in(select);
    }

    /**
     * A time plus a whole number of seconds, both from the statement: PostgreSQL adds an
     * interval to a {@code timestamptz}; on SQLite, {@code strftime} adds the seconds to the
     * stored text's whole seconds (its first 19 characters) and the text's own fraction follows
     * unchanged, so the result keeps the microseconds ({@code %f} has three digits, and would
     * round into the next second).
     */
    public static Field<Instant> plusSeconds(DSLContext dsl, Field<Instant> at, Field<Integer> seconds) {
        return switch (family(dsl)) {
            case POSTGRES ->
                DSL.field("(cast({0} as timestamptz) + make_interval(secs => {1}))", at.getDataType(), at, seconds);
            case SQLITE ->
                DSL.field(
                        "(strftime('%Y-%m-%dT%H:%M:%S', substr({0}, 1, 19), '+' || {1} || ' seconds') || substr({0}, 20))",
                        at.getDataType(), at, seconds);
            default -> throw unsupported(dsl, "time plus seconds");
        };
    }

    /** A JSON value as {@code jsonb} (PostgreSQL). */
    private static Field<?> jsonb(Field<JSON> value) {
        return DSL.field("cast({0} as jsonb)", value.getDataType(), value);
    }

    /**
     * A read inside a write transaction that locks the rows it returns until the transaction
     * ends ({@code FOR UPDATE}), on a server where other transactions write at the same time;
     * SQLite's one writer needs no row lock (and has no such clause). A query that is not a
     * plain select (an aggregate, a union) is returned unchanged.
     */
    public static Query lockingRows(DSLContext dsl, Query read) {
        if (family(dsl) == SQLDialect.POSTGRES && read instanceof SelectForUpdateStep<?> select) {
            return select.forUpdate();
        }
        return read;
    }

    /**
     * As {@link #lockingRows(DSLContext, Query)}, locking only the rows of {@code table}: a select
     * that outer-joins other tables ({@code FOR UPDATE OF table}; PostgreSQL cannot lock the
     * nullable side of an outer join).
     */
    public static Query lockingRowsOf(DSLContext dsl, SelectForUpdateStep<?> read, Table<?> table) {
        return family(dsl) == SQLDialect.POSTGRES ? read.forUpdate().of(table) : read;
    }

    /**
     * A select of rows to claim that passes over rows another transaction has locked
     * ({@code FOR UPDATE SKIP LOCKED}: concurrent claimers each take different rows, none waits);
     * on SQLite (one writer) the select as it is.
     */
    public static Select<?> claimingRows(DSLContext dsl, SelectForUpdateStep<?> select) {
        return family(dsl) == SQLDialect.POSTGRES ? select.forUpdate().skipLocked() : select;
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

    /**
     * Where the next read of a change feed starts, read before this one (see V7): on SQLite the
     * feed's next sequence number (one writer at a time: every committed change is below it); on
     * PostgreSQL the oldest transaction still running (every change of an older one is committed
     * or undone, and visible to the read that follows).
     */
    public static Select<Record1<Long>> feedHorizon(DSLContext dsl, Table<?> feed, Field<Long> seq, Field<Long> as) {
        return switch (family(dsl)) {
            case SQLITE ->
                dsl.select(DSL.coalesce(DSL.max(seq), inline(0L))
                                .plus(inline(1L))
                                .as(as))
                        .from(feed);
            case POSTGRES ->
                dsl.select(DSL.field("pg_snapshot_xmin(pg_current_snapshot())::text::bigint", SQLDataType.BIGINT)
                        .as(as));
            default -> throw unsupported(dsl, "a change feed's horizon");
        };
    }

    /**
     * The feed rows a reader has not applied since a horizon: on SQLite those of a sequence
     * number at or past it; on PostgreSQL those written by a transaction at or past it (its
     * {@code tx xid8} column), some of which it may have applied already.
     */
    public static Condition feedSince(DSLContext dsl, Table<?> feed, Field<Long> seq, Field<Long> from) {
        return switch (family(dsl)) {
            case SQLITE -> seq.ge(from);
            case POSTGRES -> DSL.condition("{0} >= ({1})::text::xid8", DSL.field(DSL.name(feed.getName(), "tx")), from);
            default -> throw unsupported(dsl, "a change feed");
        };
    }

    /**
     * The floor of a change feed once its rows up to sequence number {@code cut} are deleted, as
     * readers compare it with their horizon ({@link #feedHorizon}): on SQLite the next sequence
     * number; on PostgreSQL one past the newest transaction among the deleted rows.
     */
    public static Select<Record1<Long>> feedFloor(
            DSLContext dsl, Table<?> feed, Field<Long> seq, Field<Long> cut, Field<Long> as) {
        return switch (family(dsl)) {
            case SQLITE -> dsl.select(cut.plus(inline(1L)).as(as));
            case POSTGRES ->
                dsl.select(DSL.field(
                                        "max({0})::text::bigint + 1",
                                        SQLDataType.BIGINT, DSL.field(DSL.name(feed.getName(), "tx")))
                                .as(as))
                        .from(feed)
                        .where(seq.le(cut));
            default -> throw unsupported(dsl, "a change feed's floor");
        };
    }

    private static SQLDialect family(DSLContext dsl) {
        return dsl.dialect().family();
    }

    private static UnsupportedOperationException unsupported(DSLContext dsl, String what) {
        return new UnsupportedOperationException(what + " is not written for dialect " + dsl.dialect());
    }
}
