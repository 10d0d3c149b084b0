package io.agentstore.internal;

import static io.agentstore.db.Tables.MEMORY_ENTRIES;
import static io.agentstore.db.Tables.MEMORY_RECENCY;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.row;

import io.agentstore.db.tables.MemoryEntries;
import io.agentstore.db.tables.MemoryRecency;
import java.util.List;
import org.jooq.Condition;
import org.jooq.SelectField;

/**
 * The query shapes of memory. {@code is_current = 1} is always a literal: it is the WHERE of
 * the partial indexes the shapes rely on. Namespace subtrees are index ranges on whole
 * segments ({@code namespace = P} and {@code P: <= namespace < P;}), never LIKE.
 */
final class MemoryShapes {

    private MemoryShapes() {
    }

    private static final MemoryEntries M = MEMORY_ENTRIES;
    private static final MemoryRecency R = MEMORY_RECENCY;

    /** The columns of a memory row, in mapper order. */
    static final List<SelectField<?>> ENTRY = List.of(M.ID, M.NAMESPACE, M.KEY, M.VALUE, M.MEMORY_TYPE, M.VERSION,
            M.IS_CURRENT, M.IS_DELETED, M.METADATA, M.CREATED_BY, M.UPDATED_BY, M.CREATED_AT, M.UPDATED_AT,
            M.EXPIRES_AT);

    private static Condition current() {
        return M.IS_CURRENT.eq(inline(true));
    }

    /** Matches every type when the parameter is null, else one type. */
    private static Condition ofType(org.jooq.Field<String> column) {
        return column.eq(coalesce(param("type", String.class), column));
    }

    static final Shape MEMORY_CURRENT = Shape.read("memoryCurrent", dsl -> dsl
            .select(ENTRY).from(M)
            .where(M.NAMESPACE.eq(param("namespace", M.NAMESPACE))).and(M.KEY.eq(param("key", M.KEY))).and(current()));

    static final Shape MEMORY_CURRENT_FOR_WRITE = Shape.write("memoryCurrentForWrite", dsl -> dsl
            .select(ENTRY).from(M)
            .where(M.NAMESPACE.eq(param("namespace", M.NAMESPACE))).and(M.KEY.eq(param("key", M.KEY))).and(current()));

    static final Shape MEMORY_MAX_VERSION = Shape.write("memoryMaxVersion", dsl -> dsl
            .select(max(M.VERSION)).from(M)
            .where(M.NAMESPACE.eq(param("namespace", M.NAMESPACE))).and(M.KEY.eq(param("key", M.KEY))));

    static final Shape MEMORY_VERSION = Shape.read("memoryVersion", dsl -> dsl
            .select(ENTRY).from(M)
            .where(M.NAMESPACE.eq(param("namespace", M.NAMESPACE))).and(M.KEY.eq(param("key", M.KEY)))
            .and(M.VERSION.eq(param("version", M.VERSION))));

    static final Shape MEMORY_HISTORY = Shape.read("memoryHistory", dsl -> dsl
            .select(ENTRY).from(M)
            .where(M.NAMESPACE.eq(param("namespace", M.NAMESPACE))).and(M.KEY.eq(param("key", M.KEY)))
            .orderBy(M.VERSION));

    /** The newest live version below a given one: what a rollback makes current. */
    static final Shape MEMORY_PREVIOUS_LIVE = Shape.write("memoryPreviousLive", dsl -> dsl
            .select(ENTRY).from(M)
            .where(M.NAMESPACE.eq(param("namespace", M.NAMESPACE))).and(M.KEY.eq(param("key", M.KEY)))
            .and(M.VERSION.lt(param("version", M.VERSION))).and(M.IS_DELETED.eq(inline(false)))
            .orderBy(M.VERSION.desc()).limit(inline(1)));

    /** Inserts a version and returns its id. */
    static final Shape MEMORY_INSERT = Shape.write("memoryInsert", dsl -> Shape.insertReturning(dsl,
            dsl.insertInto(M, M.NAMESPACE, M.KEY, M.VALUE, M.MEMORY_TYPE, M.VERSION, M.IS_CURRENT, M.IS_DELETED,
                    M.METADATA, M.CREATED_BY, M.UPDATED_BY, M.CREATED_AT, M.UPDATED_AT, M.EXPIRES_AT)
            .values(param("namespace", M.NAMESPACE), param("key", M.KEY), param("value", M.VALUE),
                    param("type", M.MEMORY_TYPE), param("version", M.VERSION), inline(true), inline(false),
                    param("metadata", M.METADATA), param("createdBy", M.CREATED_BY), param("updatedBy", M.UPDATED_BY),
                    param("createdAt", M.CREATED_AT), param("updatedAt", M.UPDATED_AT), param("expiresAt", M.EXPIRES_AT)),
            List.of(M.ID)));

    /** Takes a version out of service: superseded by an update (deleted = 0) or retired (deleted = 1). */
    static final Shape MEMORY_RETIRE = Shape.write("memoryRetire", dsl -> dsl
            .update(M).set(M.IS_CURRENT, inline(false)).set(M.IS_DELETED, param("deleted", M.IS_DELETED))
            .where(M.ID.eq(param("id", M.ID))).and(current()));

    /** Makes an earlier live version current again (rollback). */
    static final Shape MEMORY_RESTORE = Shape.write("memoryRestore", dsl -> dsl
            .update(M).set(M.IS_CURRENT, inline(true))
            .where(M.ID.eq(param("id", M.ID))).and(M.IS_DELETED.eq(inline(false))));

    static final Shape RECENCY_INSERT = Shape.write("recencyInsert", dsl -> dsl
            .insertInto(R, R.PREFIX, R.UPDATED_AT, R.ENTRY_ID, R.MEMORY_TYPE)
            .values(param("prefix", R.PREFIX), param("updatedAt", R.UPDATED_AT), param("entryId", R.ENTRY_ID),
                    param("type", R.MEMORY_TYPE)));

    static final Shape RECENCY_DELETE = Shape.write("recencyDelete", dsl -> dsl
            .deleteFrom(R).where(R.PREFIX.eq(param("prefix", R.PREFIX)))
            .and(R.UPDATED_AT.eq(param("updatedAt", R.UPDATED_AT))).and(R.ENTRY_ID.eq(param("entryId", R.ENTRY_ID))));

    /** The subtree's root namespace itself, in key order (one range of memory_current). */
    static final Shape MEMORY_SUBTREE_EXACT = Shape.read("memorySubtreeExact", dsl -> dsl
            .select(ENTRY).from(M)
            .where(M.NAMESPACE.eq(param("namespace", M.NAMESPACE))).and(current())
            .and(M.KEY.gt(param("afterKey", M.KEY))).and(ofType(M.MEMORY_TYPE))
            .orderBy(M.KEY).limit(param("limit", Integer.class)));

    /**
     * Everything strictly below the subtree's root, in (namespace, key) order: the range
     * ({@code (namespace, key) > (after…)}, {@code namespace < P;}). The row value is the range's
     * start, so a deep page costs the same as the first; the first page starts after ('P:', '').
     */
    static final Shape MEMORY_SUBTREE_BELOW = Shape.read("memorySubtreeBelow", dsl -> dsl
            .select(ENTRY).from(M)
            .where(row(M.NAMESPACE, M.KEY).gt(param("afterNamespace", M.NAMESPACE), param("afterKey", M.KEY)))
            .and(M.NAMESPACE.lt(param("high", M.NAMESPACE)))
            .and(current())
            .and(ofType(M.MEMORY_TYPE))
            .orderBy(M.NAMESPACE, M.KEY).limit(param("limit", Integer.class)));

    /** The newest current entries of a subtree: one backward range of memory_recency's primary key. */
    static final Shape MEMORY_RECENT = Shape.read("memoryRecent", dsl -> dsl
            .select(ENTRY).from(R).join(M).on(M.ID.eq(R.ENTRY_ID))
            .where(R.PREFIX.eq(param("prefix", R.PREFIX)))
            .and(row(R.UPDATED_AT.coerce(String.class), R.ENTRY_ID)
                    .lt(param("beforeAt", String.class), param("beforeId", R.ENTRY_ID)))
            .and(ofType(R.MEMORY_TYPE))
            .orderBy(R.UPDATED_AT.desc(), R.ENTRY_ID.desc()).limit(param("limit", Integer.class)));

    static final Shape MEMORY_BY_TYPE = Shape.read("memoryByType", dsl -> dsl
            .select(ENTRY).from(M)
            .where(M.MEMORY_TYPE.eq(param("type", M.MEMORY_TYPE))).and(current())
            .and(row(M.UPDATED_AT.coerce(String.class), M.ID).lt(param("beforeAt", String.class), param("beforeId", M.ID)))
            .orderBy(M.UPDATED_AT.desc(), M.ID.desc()).limit(param("limit", Integer.class)));

    static final Shape MEMORY_BY_CREATOR = Shape.read("memoryByCreator", dsl -> dsl
            .select(ENTRY).from(M)
            .where(M.CREATED_BY.eq(param("createdBy", M.CREATED_BY))).and(current()).and(M.CREATED_BY.isNotNull())
            .and(row(M.UPDATED_AT.coerce(String.class), M.ID).lt(param("beforeAt", String.class), param("beforeId", M.ID)))
            .orderBy(M.UPDATED_AT.desc(), M.ID.desc()).limit(param("limit", Integer.class)));

    /** The first current namespace after a given one, below a bound: one seek of memory_current. */
    static final Shape MEMORY_NEXT_NAMESPACE = Shape.read("memoryNextNamespace", dsl -> dsl
            .select(M.NAMESPACE).from(M)
            .where(M.NAMESPACE.gt(param("after", M.NAMESPACE))).and(M.NAMESPACE.lt(param("high", M.NAMESPACE)))
            .and(current())
            .orderBy(M.NAMESPACE).limit(inline(1)));

    static final Shape MEMORY_EXPIRED = Shape.read("memoryExpired", dsl -> dsl
            .select(ENTRY).from(M)
            .where(M.EXPIRES_AT.le(param("now", M.EXPIRES_AT))).and(current()).and(M.EXPIRES_AT.isNotNull())
            .orderBy(M.EXPIRES_AT).limit(param("limit", Integer.class)));

    static final Shape MEMORY_EXPIRED_FOR_WRITE = Shape.write("memoryExpiredForWrite", dsl -> dsl
            .select(ENTRY).from(M)
            .where(M.EXPIRES_AT.le(param("now", M.EXPIRES_AT))).and(current()).and(M.EXPIRES_AT.isNotNull())
            .orderBy(M.EXPIRES_AT).limit(param("limit", Integer.class)));

    /** One key across a session's scope namespaces, in one statement (precedence is applied by the caller). */
    static final Shape MEMORY_RESOLVE = Shape.read("memoryResolve", dsl -> dsl
            .select(ENTRY).from(M)
            .where(M.NAMESPACE.in(param("session", M.NAMESPACE), param("user", M.NAMESPACE),
                    param("app", M.NAMESPACE), param("project", M.NAMESPACE)))
            .and(M.KEY.eq(param("key", M.KEY))).and(current()));

    /** Rows per bulk statement (a batch's remainder goes row by row). */
    static final int BULK = 64;

    /** Parameter names of bulk row i: {@code name + i}, computed once. */
    static String[] bulkNames(String name) {
        String[] out = new String[BULK];
        for (int i = 0; i < BULK; i++) {
            out[i] = name + i;
        }
        return out;
    }

    /**
     * {@value #BULK} new keys' first versions in one statement. Each row's version is one more than
     * the key's newest earlier version (a deleted key comes back with the next number), read by a
     * scalar subquery on memory_versions; a key with a current version violates memory_current.
     */
    static final Shape MEMORY_INSERT_BULK = Shape.write("memoryInsertBulk", dsl -> insertNew(dsl, BULK));

    /** One new key's first version (as in {@link #MEMORY_INSERT_BULK}, one row): what {@code add} runs. */
    static final Shape MEMORY_INSERT_NEW = Shape.write("memoryInsertNew", dsl -> insertNew(dsl, 1));

    private static org.jooq.Query insertNew(org.jooq.DSLContext dsl, int n) {
        MemoryEntries prior = M.as("prior");
        org.jooq.InsertValuesStepN<?> rows = dsl.insertInto(M, List.of(M.NAMESPACE, M.KEY, M.VALUE, M.MEMORY_TYPE, M.VERSION,
                M.IS_CURRENT, M.IS_DELETED, M.METADATA, M.CREATED_BY, M.UPDATED_BY, M.CREATED_AT, M.UPDATED_AT, M.EXPIRES_AT));
        for (int i = 0; i < n; i++) {
            org.jooq.Field<Integer> version = org.jooq.impl.DSL.field(dsl.select(coalesce(max(prior.VERSION), inline(0)).plus(inline(1)))
                    .from(prior).where(prior.NAMESPACE.eq(param("priorNamespace" + i, M.NAMESPACE)))
                    .and(prior.KEY.eq(param("priorKey" + i, M.KEY))));
            rows = rows.values(param("namespace" + i, M.NAMESPACE), param("key" + i, M.KEY),
                    param("value" + i, M.VALUE), param("type" + i, M.MEMORY_TYPE), version, inline(true), inline(false),
                    param("metadata" + i, M.METADATA), param("createdBy" + i, M.CREATED_BY), param("updatedBy" + i, M.UPDATED_BY),
                    param("createdAt" + i, M.CREATED_AT), param("updatedAt" + i, M.UPDATED_AT), param("expiresAt" + i, M.EXPIRES_AT));
        }
        return Shape.insertReturning(dsl, rows, List.of(M.ID, M.NAMESPACE, M.KEY, M.VERSION));
    }

    /** {@value #BULK} recency rows in one statement. */
    static final Shape RECENCY_INSERT_BULK = Shape.write("recencyInsertBulk", dsl -> {
        org.jooq.InsertValuesStepN<?> rows = dsl.insertInto(R, List.of(R.PREFIX, R.UPDATED_AT, R.ENTRY_ID, R.MEMORY_TYPE));
        for (int i = 0; i < BULK; i++) {
            rows = rows.values(param("prefix" + i, R.PREFIX), param("updatedAt" + i, R.UPDATED_AT),
                    param("entryId" + i, R.ENTRY_ID), param("type" + i, R.MEMORY_TYPE));
        }
        return rows;
    });

    static final List<Shape> ALL = List.of(MEMORY_INSERT_BULK, MEMORY_INSERT_NEW, RECENCY_INSERT_BULK, MEMORY_CURRENT, MEMORY_CURRENT_FOR_WRITE, MEMORY_MAX_VERSION, MEMORY_VERSION,
            MEMORY_HISTORY, MEMORY_PREVIOUS_LIVE, MEMORY_INSERT, MEMORY_RETIRE, MEMORY_RESTORE, RECENCY_INSERT,
            RECENCY_DELETE, MEMORY_SUBTREE_EXACT, MEMORY_SUBTREE_BELOW, MEMORY_RECENT, MEMORY_BY_TYPE, MEMORY_BY_CREATOR,
            MEMORY_NEXT_NAMESPACE, MEMORY_EXPIRED, MEMORY_EXPIRED_FOR_WRITE, MEMORY_RESOLVE);
}
