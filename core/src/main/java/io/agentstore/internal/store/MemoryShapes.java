package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.MEMORY_ENTRIES;
import static io.agentstore.internal.db.Tables.MEMORY_RECENCY;
import static io.agentstore.internal.store.Pages.BEFORE_AT;
import static io.agentstore.internal.store.Pages.LIMIT;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.row;

import io.agentstore.internal.database.Call;
import io.agentstore.internal.db.tables.MemoryEntries;
import io.agentstore.internal.db.tables.MemoryRecency;
import io.agentstore.internal.db.tables.records.MemoryRecencyRecord;
import io.agentstore.internal.shape.Columns;
import io.agentstore.internal.shape.EngineSql;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemoryType;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep4;
import org.jooq.InsertValuesStepN;
import org.jooq.JSON;
import org.jooq.Query;

/**
 * The query shapes of memory. {@code is_current = 1} is always a literal: it is the WHERE of
 * the partial indexes the shapes rely on. Namespace subtrees are index ranges on whole
 * segments ({@code namespace = P} and {@code P: <= namespace < P;}), never LIKE.
 */
final class MemoryShapes {

    private MemoryShapes() {}

    private static final MemoryEntries M = MEMORY_ENTRIES;
    private static final MemoryRecency R = MEMORY_RECENCY;

    static final Param<Long> ID = Param.of("id", M.ID);
    static final Param<String> NAMESPACE = Param.of("namespace", M.NAMESPACE);
    static final Param<String> KEY = Param.of("key", M.KEY);
    static final Param<Integer> VERSION = Param.of("version", M.VERSION);
    static final Param<JSON> VALUE = Param.of("value", M.VALUE);
    /** A memory type, or null for every type (in listings). */
    static final Param<MemoryType> TYPE = Param.of("type", M.MEMORY_TYPE);

    static final Param<JSON> METADATA = Param.of("metadata", M.METADATA);
    static final Param<String> CREATED_BY = Param.of("createdBy", M.CREATED_BY);
    static final Param<String> UPDATED_BY = Param.of("updatedBy", M.UPDATED_BY);
    static final Param<Instant> CREATED_AT = Param.of("createdAt", M.CREATED_AT);
    static final Param<Instant> UPDATED_AT = Param.of("updatedAt", M.UPDATED_AT);
    static final Param<Instant> EXPIRES_AT = Param.of("expiresAt", M.EXPIRES_AT);
    static final Param<Boolean> EMBEDDED = Param.of("embedded", M.EMBEDDED);
    static final Param<Boolean> DELETED = Param.of("deleted", M.IS_DELETED);
    static final Param<Instant> NOW = Param.of("now", M.EXPIRES_AT);
    static final Param<String> AFTER_NAMESPACE = Param.of("afterNamespace", M.NAMESPACE);
    static final Param<String> AFTER_KEY = Param.of("afterKey", M.KEY);
    static final Param<String> HIGH = Param.of("high", M.NAMESPACE);
    static final Param<Long> BEFORE_ID = Param.of("beforeId", M.ID);
    static final Param<String> SESSION_NS = Param.of("session", M.NAMESPACE);
    static final Param<String> USER_NS = Param.of("user", M.NAMESPACE);
    static final Param<String> APP_NS = Param.of("app", M.NAMESPACE);
    static final Param<String> PROJECT_NS = Param.of("project", M.NAMESPACE);

    static final Param<String> PREFIX = Param.of("prefix", R.PREFIX);
    static final Param<Instant> RECENCY_AT = Param.of("updatedAt", R.UPDATED_AT);
    static final Param<Long> ENTRY_ID = Param.of("entryId", R.ENTRY_ID);
    static final Param<MemoryType> RECENCY_TYPE = Param.of("type", R.MEMORY_TYPE);

    /** A memory row. */
    static final Columns<MemoryEntry> ENTRY = Columns.of(
            List.of(
                    M.ID,
                    M.NAMESPACE,
                    M.KEY,
                    M.VALUE,
                    M.MEMORY_TYPE,
                    M.VERSION,
                    M.IS_CURRENT,
                    M.IS_DELETED,
                    M.METADATA,
                    M.CREATED_BY,
                    M.UPDATED_BY,
                    M.CREATED_AT,
                    M.UPDATED_AT,
                    M.EXPIRES_AT,
                    M.EMBEDDED),
            r -> new MemoryEntryRow(
                    r.get(M.ID),
                    r.get(M.NAMESPACE),
                    r.get(M.KEY),
                    Stored.json(r.get(M.VALUE)),
                    r.get(M.MEMORY_TYPE),
                    r.get(M.VERSION),
                    r.get(M.IS_CURRENT),
                    r.get(M.IS_DELETED),
                    Stored.json(r.get(M.METADATA)),
                    r.get(M.CREATED_BY),
                    r.get(M.UPDATED_BY),
                    r.get(M.CREATED_AT),
                    r.get(M.UPDATED_AT),
                    r.get(M.EXPIRES_AT),
                    r.get(M.EMBEDDED)));

    /** The columns an insert of a version sets (a memory row's but the id), in the order of its values. */
    private static final List<Field<?>> INSERT_COLUMNS =
            ENTRY.fields().stream().filter(f -> f != M.ID).toList();

    /** The columns an insert of a version returns. */
    static final List<Field<?>> INSERTED = List.of(M.ID, M.NAMESPACE, M.KEY, M.VERSION);

    private static Condition current() {
        return M.IS_CURRENT.eq(inline(true));
    }

    /**
     * The type filter of a listing: {@code column IN (?, ?, ?)}, bound with every type for "any
     * type" or with one type three times ({@link #bindTypes}). (It was {@code column =
     * coalesce(?, column)}, which no planner can estimate: PostgreSQL took it to match 0.5% of
     * the rows, and sorted a whole 10,000-entry subtree instead of reading it in index order.)
     */
    static Condition ofType(DSLContext dsl, Field<MemoryType> column, List<Param<MemoryType>> types) {
        return EngineSql.filterOnly(dsl, column)
                .in(types.stream().map(Param::field).toList());
    }

    /** Binds a type filter's parameters: every type when {@code type} is null, else that type at each. */
    static Call bindTypes(Call call, List<Param<MemoryType>> params, MemoryType type) throws SQLException {
        MemoryType[] all = MemoryType.values();
        for (int i = 0; i < params.size(); i++) {
            call.set(params.get(i), type == null ? all[i] : type);
        }
        return call;
    }

    /** The type filter of the listings of memory_entries, one handle per type. */
    static final List<Param<MemoryType>> TYPES = Param.series("type", MemoryType.values().length, M.MEMORY_TYPE);
    /** The type filter of the recency listing. */
    static final List<Param<MemoryType>> RECENCY_TYPES =
            Param.series("recencyType", MemoryType.values().length, R.MEMORY_TYPE);

    static final Shape MEMORY_CURRENT = Shape.read(
            "memoryCurrent",
            dsl -> dsl.select(ENTRY.fields())
                    .from(M)
                    .where(M.NAMESPACE.eq(NAMESPACE.field()))
                    .and(M.KEY.eq(KEY.field()))
                    .and(current()));

    static final Shape MEMORY_CURRENT_FOR_WRITE = MEMORY_CURRENT.forWriter();

    static final Shape MEMORY_VERSION = Shape.read(
            "memoryVersion",
            dsl -> dsl.select(ENTRY.fields())
                    .from(M)
                    .where(M.NAMESPACE.eq(NAMESPACE.field()))
                    .and(M.KEY.eq(KEY.field()))
                    .and(M.VERSION.eq(VERSION.field())));

    static final Shape MEMORY_HISTORY = Shape.read(
            "memoryHistory",
            dsl -> dsl.select(ENTRY.fields())
                    .from(M)
                    .where(M.NAMESPACE.eq(NAMESPACE.field()))
                    .and(M.KEY.eq(KEY.field()))
                    .orderBy(M.VERSION));

    /** The newest live version below a given one: what a rollback makes current. */
    static final Shape MEMORY_PREVIOUS_LIVE = Shape.write(
            "memoryPreviousLive",
            dsl -> dsl.select(ENTRY.fields())
                    .from(M)
                    .where(M.NAMESPACE.eq(NAMESPACE.field()))
                    .and(M.KEY.eq(KEY.field()))
                    .and(M.VERSION.lt(VERSION.field()))
                    .and(M.IS_DELETED.eq(inline(false)))
                    .orderBy(M.VERSION.desc())
                    .limit(inline(1)));

    /**
     * A key's next version, after an update retired the current one: one more than the key's
     * newest version (which a rollback may have left above the current one), read in the same
     * statement by a scalar subquery on memory_versions; returns the new row's id and version.
     */
    static final Shape MEMORY_INSERT_NEXT = Shape.write(
            "memoryInsertNext",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.insertInto(M, INSERT_COLUMNS)
                            .values(
                                    NAMESPACE.field(),
                                    KEY.field(),
                                    VALUE.field(),
                                    TYPE.field(),
                                    nextVersion(dsl, NAMESPACE, KEY),
                                    inline(true),
                                    inline(false),
                                    METADATA.field(),
                                    CREATED_BY.field(),
                                    UPDATED_BY.field(),
                                    CREATED_AT.field(),
                                    UPDATED_AT.field(),
                                    EXPIRES_AT.field(),
                                    EMBEDDED.field()),
                    INSERTED));

    /** One more than the newest version of a key, live or not (1 for a key never written): a scalar subquery. */
    private static Field<Integer> nextVersion(DSLContext dsl, Param<String> namespace, Param<String> key) {
        MemoryEntries prior = M.as("prior");
        return field(dsl.select(coalesce(max(prior.VERSION), inline(0)).plus(inline(1)))
                .from(prior)
                .where(prior.NAMESPACE.eq(namespace.field()))
                .and(prior.KEY.eq(key.field())));
    }

    /** The version a caller expects to be current, or null for whichever is. */
    static final Param<Integer> EXPECTED_VERSION = Param.of("expectedVersion", M.VERSION);

    /**
     * Takes a key's current version out of service — superseded by an update (deleted = 0) or
     * retired (deleted = 1) — and returns it as it now is, in one statement: the read of the
     * current row and its retirement are one search of memory_current. With an expected version
     * bound, a current row of any other version is left alone and nothing is returned (as when
     * the key has no current version; the caller tells the two apart).
     */
    static final Shape MEMORY_RETIRE_CURRENT = Shape.write(
            "memoryRetireCurrent",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.update(M)
                            .set(M.IS_CURRENT, inline(false))
                            .set(M.IS_DELETED, DELETED.field())
                            .where(M.NAMESPACE.eq(NAMESPACE.field()))
                            .and(M.KEY.eq(KEY.field()))
                            .and(current())
                            .and(M.VERSION.eq(coalesce(EXPECTED_VERSION.field(), M.VERSION))),
                    ENTRY.fields()));

    /** Takes a version out of service: superseded by an update (deleted = 0) or retired (deleted = 1). */
    static final Shape MEMORY_RETIRE = Shape.write(
            "memoryRetire",
            dsl -> dsl.update(M)
                    .set(M.IS_CURRENT, inline(false))
                    .set(M.IS_DELETED, DELETED.field())
                    .where(M.ID.eq(ID.field()))
                    .and(current()));

    /** Makes an earlier live version current again (rollback). */
    static final Shape MEMORY_RESTORE = Shape.write(
            "memoryRestore",
            dsl -> dsl.update(M)
                    .set(M.IS_CURRENT, inline(true))
                    .where(M.ID.eq(ID.field()))
                    .and(M.IS_DELETED.eq(inline(false))));

    static final Shape RECENCY_INSERT = Shape.write(
            "recencyInsert",
            dsl -> dsl.insertInto(R, R.PREFIX, R.UPDATED_AT, R.ENTRY_ID, R.MEMORY_TYPE)
                    .values(PREFIX.field(), RECENCY_AT.field(), ENTRY_ID.field(), RECENCY_TYPE.field()));

    static final Shape RECENCY_DELETE = Shape.write(
            "recencyDelete",
            dsl -> dsl.deleteFrom(R)
                    .where(R.PREFIX.eq(PREFIX.field()))
                    .and(R.UPDATED_AT.eq(RECENCY_AT.field()))
                    .and(R.ENTRY_ID.eq(ENTRY_ID.field())));

    /**
     * Namespaces up to this deep (nearly all) have their recency rows — one per ancestor prefix —
     * written by one statement and deleted by one; deeper ones a row at a time.
     */
    static final int PREFIX_SLOTS = 8;

    /** The ancestor prefixes of one entry's namespace, shallowest first. */
    static final List<Param<String>> PREFIXES = Param.series("prefix", PREFIX_SLOTS, R.PREFIX);

    /**
     * The recency rows of one entry whose namespace has k segments (k = 2 … {@value #PREFIX_SLOTS};
     * one segment is {@link #RECENCY_INSERT}): {@code recencyInsertDepth2} … at index k - 2.
     */
    static final List<Shape> RECENCY_INSERT_DEPTH;

    static {
        List<Shape> shapes = new ArrayList<>();
        for (int k = 2; k <= PREFIX_SLOTS; k++) {
            int depth = k;
            shapes.add(Shape.write("recencyInsertDepth" + k, dsl -> {
                InsertValuesStep4<MemoryRecencyRecord, String, Instant, Long, MemoryType> rows =
                        dsl.insertInto(R, R.PREFIX, R.UPDATED_AT, R.ENTRY_ID, R.MEMORY_TYPE);
                for (int i = 0; i < depth; i++) {
                    rows = rows.values(
                            PREFIXES.get(i).field(), RECENCY_AT.field(), ENTRY_ID.field(), RECENCY_TYPE.field());
                }
                return rows;
            }));
        }
        RECENCY_INSERT_DEPTH = List.copyOf(shapes);
    }

    /**
     * The recency rows of one entry, every ancestor prefix at once: one primary-key search per
     * prefix. Slots past the namespace's depth are bound to null, which matches no row.
     */
    static final Shape RECENCY_DELETE_ENTRY =
            Shape.write("recencyDeleteEntry", dsl -> dsl.deleteFrom(R).where(recencyOfEntry()));

    /** The rows of one entry ({@code updatedAt}, {@code entryId}) under the prefixes bound to {@link #PREFIXES}. */
    private static Condition recencyOfEntry() {
        return R.PREFIX
                .in(PREFIXES.stream().map(Param::field).toList())
                .and(R.UPDATED_AT.eq(RECENCY_AT.field()))
                .and(R.ENTRY_ID.eq(ENTRY_ID.field()));
    }

    static final Param<Instant> NEW_RECENCY_AT = Param.of("newUpdatedAt", R.UPDATED_AT);
    static final Param<Long> NEW_ENTRY_ID = Param.of("newEntryId", R.ENTRY_ID);

    /**
     * Moves the recency rows of one entry to another entry of the same key (its next version, or
     * the version a rollback restores): every ancestor prefix at once, as {@link
     * #RECENCY_DELETE_ENTRY} finds them, rewritten with the other entry's time, id and type.
     */
    static final Shape RECENCY_MOVE_ENTRY = Shape.write(
            "recencyMoveEntry",
            dsl -> dsl.update(R)
                    .set(R.UPDATED_AT, NEW_RECENCY_AT.field())
                    .set(R.ENTRY_ID, NEW_ENTRY_ID.field())
                    .set(R.MEMORY_TYPE, RECENCY_TYPE.field())
                    .where(recencyOfEntry()));

    /** The subtree's root namespace itself, in key order (one range of memory_current). */
    static final Shape MEMORY_SUBTREE_EXACT = Shape.read(
            "memorySubtreeExact",
            dsl -> dsl.select(ENTRY.fields())
                    .from(M)
                    .where(M.NAMESPACE.eq(NAMESPACE.field()))
                    .and(current())
                    .and(M.KEY.gt(AFTER_KEY.field()))
                    .and(ofType(dsl, M.MEMORY_TYPE, TYPES))
                    .orderBy(M.KEY)
                    .limit(LIMIT.field()));

    /**
     * Everything strictly below the subtree's root, in (namespace, key) order: the range
     * ({@code (namespace, key) > (after…)}, {@code namespace < P;}). The row value is the range's
     * start, so a deep page costs the same as the first; the first page starts after ('P:', '').
     */
    static final Shape MEMORY_SUBTREE_BELOW = Shape.read(
            "memorySubtreeBelow",
            dsl -> dsl.select(ENTRY.fields())
                    .from(M)
                    .where(row(M.NAMESPACE, M.KEY).gt(AFTER_NAMESPACE.field(), AFTER_KEY.field()))
                    .and(M.NAMESPACE.lt(HIGH.field()))
                    .and(current())
                    .and(ofType(dsl, M.MEMORY_TYPE, TYPES))
                    .orderBy(M.NAMESPACE, M.KEY)
                    .limit(LIMIT.field()));

    /** The newest current entries of a subtree: one backward range of memory_recency's primary key. */
    static final Shape MEMORY_RECENT = Shape.read(
            "memoryRecent",
            dsl -> dsl.select(ENTRY.fields())
                    .from(R)
                    .join(M)
                    .on(M.ID.eq(R.ENTRY_ID))
                    .where(R.PREFIX.eq(PREFIX.field()))
                    .and(row(R.UPDATED_AT, R.ENTRY_ID).lt(BEFORE_AT.field(), BEFORE_ID.field()))
                    .and(ofType(dsl, R.MEMORY_TYPE, RECENCY_TYPES))
                    .orderBy(R.UPDATED_AT.desc(), R.ENTRY_ID.desc())
                    .limit(LIMIT.field()));

    static final Shape MEMORY_BY_TYPE = Shape.read(
            "memoryByType",
            dsl -> dsl.select(ENTRY.fields())
                    .from(M)
                    .where(M.MEMORY_TYPE.eq(TYPE.field()))
                    .and(current())
                    .and(row(M.UPDATED_AT, M.ID).lt(BEFORE_AT.field(), BEFORE_ID.field()))
                    .orderBy(M.UPDATED_AT.desc(), M.ID.desc())
                    .limit(LIMIT.field()));

    static final Shape MEMORY_BY_CREATOR = Shape.read(
            "memoryByCreator",
            dsl -> dsl.select(ENTRY.fields())
                    .from(M)
                    .where(M.CREATED_BY.eq(CREATED_BY.field()))
                    .and(current())
                    .and(M.CREATED_BY.isNotNull())
                    .and(row(M.UPDATED_AT, M.ID).lt(BEFORE_AT.field(), BEFORE_ID.field()))
                    .orderBy(M.UPDATED_AT.desc(), M.ID.desc())
                    .limit(LIMIT.field()));

    /** The first current namespace after a given one, below a bound: one seek of memory_current. */
    static final Shape MEMORY_NEXT_NAMESPACE = Shape.read(
            "memoryNextNamespace",
            dsl -> dsl.select(M.NAMESPACE)
                    .from(M)
                    .where(M.NAMESPACE.gt(AFTER_NAMESPACE.field()))
                    .and(M.NAMESPACE.lt(HIGH.field()))
                    .and(current())
                    .orderBy(M.NAMESPACE)
                    .limit(inline(1)));

    static final Shape MEMORY_EXPIRED = Shape.read(
            "memoryExpired",
            dsl -> dsl.select(ENTRY.fields())
                    .from(M)
                    .where(M.EXPIRES_AT.le(NOW.field()))
                    .and(current())
                    .and(M.EXPIRES_AT.isNotNull())
                    .orderBy(M.EXPIRES_AT)
                    .limit(LIMIT.field()));

    static final Shape MEMORY_EXPIRED_FOR_WRITE = MEMORY_EXPIRED.forWriter();

    /** One key across a session's scope namespaces, in one statement (precedence is applied by the caller). */
    static final Shape MEMORY_RESOLVE = Shape.read(
            "memoryResolve",
            dsl -> dsl.select(ENTRY.fields())
                    .from(M)
                    .where(M.NAMESPACE.in(SESSION_NS.field(), USER_NS.field(), APP_NS.field(), PROJECT_NS.field()))
                    .and(M.KEY.eq(KEY.field()))
                    .and(current()));

    /** Rows per bulk statement (a batch's remainder goes row by row). */
    static final int BULK = 64;

    /** The parameters of row i of a new-key insert (row 0 for one key, rows 0..63 for a bulk statement). */
    record NewRow(
            Param<String> namespace,
            Param<String> key,
            Param<JSON> value,
            Param<MemoryType> type,
            Param<JSON> metadata,
            Param<String> actor,
            Param<Instant> at,
            Param<Instant> expiresAt,
            Param<Boolean> embedded) {

        static List<NewRow> of(int n) {
            List<Param<String>> ns = Param.series("namespace", n, M.NAMESPACE);
            List<Param<String>> keys = Param.series("key", n, M.KEY);
            List<Param<JSON>> values = Param.series("value", n, M.VALUE);
            List<Param<MemoryType>> types = Param.series("type", n, M.MEMORY_TYPE);
            List<Param<JSON>> metadata = Param.series("metadata", n, M.METADATA);
            List<Param<String>> actors = Param.series("actor", n, M.CREATED_BY);
            List<Param<Instant>> at = Param.series("at", n, M.CREATED_AT);
            List<Param<Instant>> expires = Param.series("expiresAt", n, M.EXPIRES_AT);
            List<Param<Boolean>> embedded = Param.series("embedded", n, M.EMBEDDED);
            NewRow[] rows = new NewRow[n];
            for (int i = 0; i < n; i++) {
                rows[i] = new NewRow(
                        ns.get(i),
                        keys.get(i),
                        values.get(i),
                        types.get(i),
                        metadata.get(i),
                        actors.get(i),
                        at.get(i),
                        expires.get(i),
                        embedded.get(i));
            }
            return List.of(rows);
        }
    }

    static final List<NewRow> NEW_ROWS = NewRow.of(BULK);

    /**
     * {@value #BULK} new keys' first versions in one statement. Each row's version is one more than
     * the key's newest earlier version (a deleted key comes back with the next number), read by a
     * scalar subquery on memory_versions; a key with a current version violates memory_current.
     */
    static final Shape MEMORY_INSERT_BULK = Shape.write("memoryInsertBulk", dsl -> insertNew(dsl, BULK));

    /** One new key's first version (as in {@link #MEMORY_INSERT_BULK}, one row): what {@code add} runs. */
    static final Shape MEMORY_INSERT_NEW = Shape.write("memoryInsertNew", dsl -> insertNew(dsl, 1));

    private static Query insertNew(DSLContext dsl, int n) {
        InsertValuesStepN<?> rows = dsl.insertInto(M, INSERT_COLUMNS);
        for (int i = 0; i < n; i++) {
            NewRow p = NEW_ROWS.get(i);
            rows = rows.values(
                    p.namespace().field(),
                    p.key().field(),
                    p.value().field(),
                    p.type().field(),
                    nextVersion(dsl, p.namespace(), p.key()),
                    inline(true),
                    inline(false),
                    p.metadata().field(),
                    p.actor().field(),
                    p.actor().field(),
                    p.at().field(),
                    p.at().field(),
                    p.expiresAt().field(),
                    p.embedded().field());
        }
        return EngineSql.returning(dsl, rows, INSERTED);
    }

    /** The parameters of row i of a bulk recency insert. */
    record RecencyRow(Param<String> prefix, Param<Instant> updatedAt, Param<Long> entryId, Param<MemoryType> type) {}

    static final List<RecencyRow> RECENCY_ROWS;

    static {
        List<Param<String>> prefixes = Param.series("prefix", BULK, R.PREFIX);
        List<Param<Instant>> at = Param.series("updatedAt", BULK, R.UPDATED_AT);
        List<Param<Long>> ids = Param.series("entryId", BULK, R.ENTRY_ID);
        List<Param<MemoryType>> types = Param.series("type", BULK, R.MEMORY_TYPE);
        RecencyRow[] rows = new RecencyRow[BULK];
        for (int i = 0; i < BULK; i++) {
            rows[i] = new RecencyRow(prefixes.get(i), at.get(i), ids.get(i), types.get(i));
        }
        RECENCY_ROWS = List.of(rows);
    }

    /** {@value #BULK} recency rows in one statement. */
    static final Shape RECENCY_INSERT_BULK = Shape.write("recencyInsertBulk", dsl -> {
        InsertValuesStepN<?> rows = dsl.insertInto(R, List.of(R.PREFIX, R.UPDATED_AT, R.ENTRY_ID, R.MEMORY_TYPE));
        for (RecencyRow p : RECENCY_ROWS) {
            rows = rows.values(
                    p.prefix().field(),
                    p.updatedAt().field(),
                    p.entryId().field(),
                    p.type().field());
        }
        return rows;
    });
}
