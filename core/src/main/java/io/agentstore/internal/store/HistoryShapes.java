package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.APP_STATES;
import static io.agentstore.internal.db.Tables.HISTORY_HORIZONS;
import static io.agentstore.internal.db.Tables.MEMORY_CHANGES;
import static io.agentstore.internal.db.Tables.MEMORY_ENTRIES;
import static io.agentstore.internal.db.Tables.SESSIONS;
import static io.agentstore.internal.db.Tables.SESSION_EVENTS;
import static io.agentstore.internal.db.Tables.SESSION_STATES;
import static io.agentstore.internal.db.Tables.SHARED_STATES;
import static io.agentstore.internal.db.Tables.USER_STATES;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.selectOne;

import io.agentstore.internal.db.tables.HistoryHorizons;
import io.agentstore.internal.db.tables.MemoryChanges;
import io.agentstore.internal.db.tables.MemoryEntries;
import io.agentstore.internal.db.tables.SessionEvents;
import io.agentstore.internal.db.tables.SessionStates;
import io.agentstore.internal.db.tables.Sessions;
import io.agentstore.internal.db.tables.SharedStates;
import io.agentstore.internal.shape.Columns;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import io.agentstore.memory.MemoryEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep6;
import org.jooq.JSON;
import org.jooq.Query;

/**
 * The shapes of history: which memory version was current when (memory_changes), a session's
 * state after each change (session_states), shared state after each change (shared_states), the
 * horizons before which nothing can be answered; and the as-of reads over them.
 */
final class HistoryShapes {

    private HistoryShapes() {}

    private static final MemoryChanges MC = MEMORY_CHANGES;
    private static final MemoryEntries M = MEMORY_ENTRIES;
    private static final SessionStates SS = SESSION_STATES;
    private static final SharedStates SH = SHARED_STATES;
    private static final HistoryHorizons HH = HISTORY_HORIZONS;
    private static final Sessions S = SESSIONS;
    private static final SessionEvents E = SESSION_EVENTS;

    // ---- horizons ----

    static final Param<String> KIND = Param.of("kind", HH.KIND);
    static final Param<Instant> HORIZON = Param.of("horizon", HH.HORIZON);

    static final Param<String> OTHER_KIND = Param.of("otherKind", HH.KIND);

    /** The horizons of (up to) two kinds of history, those that have one (the primary key). */
    static final Shape HORIZON_OF = Shape.read(
            "historyHorizon",
            dsl -> dsl.select(HH.KIND, HH.HORIZON).from(HH).where(HH.KIND.in(KIND.field(), OTHER_KIND.field())));

    /** Raises a kind's horizon to a time (never lowers it). */
    static final Shape HORIZON_RAISE = Shape.write(
            "historyHorizonRaise",
            dsl -> dsl.insertInto(HH, HH.KIND, HH.HORIZON)
                    .values(KIND.field(), HORIZON.field())
                    .onConflict(HH.KIND)
                    .doUpdate()
                    .set(HH.HORIZON, greatest(HH.HORIZON, excluded(HH.HORIZON))));

    // ---- memory: which version was current when ----

    /** Rows per bulk change statement (as the bulk inserts of memory). */
    static final int BULK = MemoryShapes.BULK;

    record ChangeRow(Param<String> namespace, Param<String> key, Param<Instant> at, Param<Long> entry) {}

    static final List<ChangeRow> CHANGE_ROWS;

    static {
        List<Param<String>> ns = Param.series("namespace", BULK, MC.NAMESPACE);
        List<Param<String>> keys = Param.series("key", BULK, MC.KEY);
        List<Param<Instant>> at = Param.series("changedAt", BULK, MC.CHANGED_AT);
        List<Param<Long>> entries = Param.series("entryId", BULK, MC.ENTRY_ID);
        List<ChangeRow> rows = new ArrayList<>();
        for (int i = 0; i < BULK; i++) {
            rows.add(new ChangeRow(ns.get(i), keys.get(i), at.get(i), entries.get(i)));
        }
        CHANGE_ROWS = List.copyOf(rows);
    }

    /**
     * One change of a key's current version (the entry current from then on, or null), marked
     * first when the key has none yet; a second change of the key in the same microsecond
     * replaces the first.
     */
    static final Shape MEMORY_CHANGE = Shape.write("memoryChange", dsl -> change(dsl, 1));

    /** {@value #BULK} changes in one statement (a bulk load's new keys). */
    static final Shape MEMORY_CHANGE_BULK = Shape.write("memoryChangeBulk", dsl -> change(dsl, BULK));

    private static Query change(DSLContext dsl, int n) {
        MemoryChanges prior = MC.as("prior");
        InsertValuesStep6<?, String, String, Instant, Long, Boolean, Boolean> rows =
                dsl.insertInto(MC, MC.NAMESPACE, MC.KEY, MC.CHANGED_AT, MC.ENTRY_ID, MC.FORGOTTEN, MC.FIRST);
        for (int i = 0; i < n; i++) {
            ChangeRow p = CHANGE_ROWS.get(i);
            rows = rows.values(
                    p.namespace().field(),
                    p.key().field(),
                    p.at().field(),
                    p.entry().field(),
                    inline(false),
                    field(notExists(selectOne()
                            .from(prior)
                            .where(prior.NAMESPACE.eq(p.namespace().field()))
                            .and(prior.KEY.eq(p.key().field())))));
        }
        return rows.onConflict(MC.NAMESPACE, MC.KEY, MC.CHANGED_AT)
                .doUpdate()
                .set(MC.ENTRY_ID, excluded(MC.ENTRY_ID))
                .set(MC.FORGOTTEN, inline(false));
    }

    static final Param<String> NAMESPACE = Param.of("namespace", MC.NAMESPACE);
    static final Param<String> KEY = Param.of("key", MC.KEY);
    static final Param<Instant> AT = Param.of("at", MC.CHANGED_AT);
    static final Param<String> AFTER_NAMESPACE = Param.of("afterNamespace", MC.NAMESPACE);
    static final Param<String> AFTER_KEY = Param.of("afterKey", MC.KEY);
    static final Param<String> HIGH = Param.of("high", MC.NAMESPACE);
    static final Param<String> SESSION_NS = Param.of("session", MC.NAMESPACE);
    static final Param<String> USER_NS = Param.of("user", MC.NAMESPACE);
    static final Param<String> APP_NS = Param.of("app", MC.NAMESPACE);
    static final Param<String> PROJECT_NS = Param.of("project", MC.NAMESPACE);

    /**
     * A key's state at an instant: the entry then current (null: none), or forgotten (then when
     * its history resumes, if it does), and the change's key and time.
     */
    record AsOf(
            MemoryEntry entry, boolean forgotten, Instant resumesAt, String namespace, String key, Instant changedAt) {}

    private static final MemoryChanges K = MC.as("k");
    private static final MemoryChanges C = MC.as("c");

    /** The columns of an as-of read through the change {@code change}: the entry's, and the change's. */
    private static Columns<AsOf> asOfColumns(MemoryChanges change, String resumesAlias) {
        MemoryChanges next = MC.as(resumesAlias);
        Field<Instant> resumes = org.jooq
                .impl
                .DSL
                .when(
                        change.FORGOTTEN.eq(inline(true)),
                        field(org.jooq
                                .impl
                                .DSL
                                .select(org.jooq.impl.DSL.min(next.CHANGED_AT))
                                .from(next)
                                .where(next.NAMESPACE.eq(change.NAMESPACE))
                                .and(next.KEY.eq(change.KEY))
                                .and(next.CHANGED_AT.gt(change.CHANGED_AT))
                                .and(next.FORGOTTEN.eq(inline(false)))))
                .as("resumes_at");
        List<Field<?>> f = new ArrayList<>(MemoryShapes.ENTRY.fields());
        f.add(change.FORGOTTEN);
        f.add(resumes);
        f.add(change.NAMESPACE);
        f.add(change.KEY);
        f.add(change.CHANGED_AT);
        return Columns.of(f, r -> {
            MemoryEntry e = r.get(M.ID) == null ? null : MemoryShapes.ENTRY.map(r);
            return new AsOf(
                    e == null ? null : asCurrent(e),
                    r.get(change.FORGOTTEN),
                    r.get(resumes),
                    r.get(change.NAMESPACE),
                    r.get(change.KEY),
                    r.get(change.CHANGED_AT));
        });
    }

    /** An entry as a read returned it while it was current. */
    private static MemoryEntry asCurrent(MemoryEntry e) {
        return new MemoryEntryRow(
                e.id(),
                e.namespace(),
                e.key(),
                e.value(),
                e.type(),
                e.version(),
                true,
                false,
                e.metadata(),
                e.createdBy(),
                e.updatedBy(),
                e.createdAt(),
                e.updatedAt(),
                e.expiresAt(),
                e.embedded());
    }

    /** The mapper of the point read (the change table unaliased). */
    static final Columns<AsOf> AS_OF_KEY = asOfColumns(MC, "resumes");

    /** The mapper of the listings (the change found per key, aliased {@code c}). */
    static final Columns<AsOf> AS_OF_LISTED = asOfColumns(C, "resumes");

    /** A key's last change at or before an instant, with the entry it made current: one backward seek. */
    static final Shape MEMORY_AS_OF_KEY = Shape.read(
            "memoryAsOfKey",
            dsl -> dsl.select(AS_OF_KEY.fields())
                    .from(MC)
                    .leftJoin(M)
                    .on(M.ID.eq(MC.ENTRY_ID))
                    .where(MC.NAMESPACE.eq(NAMESPACE.field()))
                    .and(MC.KEY.eq(KEY.field()))
                    .and(MC.CHANGED_AT.le(AT.field()))
                    .orderBy(MC.CHANGED_AT.desc())
                    .limit(inline(1)));

    /**
     * Keys (each once: memory_keys) with their last change at or before the instant, where that
     * change left an entry current (of the types asked) or was forgotten: a seek per key.
     */
    private static org.jooq.SelectLimitPercentStep<?> listed(DSLContext dsl, Condition keys, boolean ordered) {
        MemoryChanges m = MC.as("m");
        Field<Instant> last = field(dsl.select(max(m.CHANGED_AT))
                .from(m)
                .where(m.NAMESPACE.eq(K.NAMESPACE))
                .and(m.KEY.eq(K.KEY))
                .and(m.CHANGED_AT.le(AT.field())));
        var select = dsl.select(AS_OF_LISTED.fields())
                .from(K)
                .join(C)
                .on(C.NAMESPACE.eq(K.NAMESPACE))
                .and(C.KEY.eq(K.KEY))
                .and(C.CHANGED_AT.eq(last))
                .leftJoin(M)
                .on(M.ID.eq(C.ENTRY_ID))
                .where(K.FIRST.eq(inline(true)))
                .and(keys)
                .and(C.FORGOTTEN
                        .eq(inline(true))
                        .or(M.ID.isNotNull().and(MemoryShapes.ofType(dsl, M.MEMORY_TYPE, MemoryShapes.TYPES))));
        return ordered
                ? select.orderBy(K.NAMESPACE, K.KEY).limit(Pages.LIMIT.field())
                : select.orderBy(K.NAMESPACE, K.KEY).limit(inline(4));
    }

    /** A subtree's root namespace itself as of an instant, in key order. */
    static final Shape MEMORY_AS_OF_EXACT = Shape.read(
            "memoryAsOfSubtreeExact",
            dsl -> listed(dsl, K.NAMESPACE.eq(NAMESPACE.field()).and(K.KEY.gt(AFTER_KEY.field())), true));

    /** Everything strictly below a subtree's root as of an instant, in (namespace, key) order. */
    static final Shape MEMORY_AS_OF_BELOW = Shape.read(
            "memoryAsOfSubtreeBelow",
            dsl -> listed(
                    dsl,
                    row(K.NAMESPACE, K.KEY)
                            .gt(AFTER_NAMESPACE.field(), AFTER_KEY.field())
                            .and(K.NAMESPACE.lt(HIGH.field())),
                    true));

    /** One key across a session's scope namespaces as of an instant (precedence is the caller's). */
    static final Shape MEMORY_AS_OF_RESOLVE = Shape.read(
            "memoryAsOfResolve",
            dsl -> listed(
                    dsl,
                    K.NAMESPACE
                            .in(SESSION_NS.field(), USER_NS.field(), APP_NS.field(), PROJECT_NS.field())
                            .and(K.KEY.eq(KEY.field())),
                    false));

    // ---- session state ----

    static final Param<String> SESSION = Param.of("sessionId", SS.SESSION_ID);
    static final Param<Instant> STATE_AT = Param.of("changedAt", SS.CHANGED_AT);
    static final Param<Long> EVENT_SEQ = Param.of("eventSeq", SS.EVENT_SEQ);

    /**
     * A session's state after a change just made, as its row holds it: the append's own change
     * (step 0 at the event's seq) or a change between events (the next step at the session's
     * event count, from 1).
     */
    static final Shape SESSION_STATE_APPENDED = Shape.write(
            "sessionStateAppended",
            dsl -> dsl.insertInto(SS, SS.SESSION_ID, SS.EVENT_SEQ, SS.STEP, SS.CHANGED_AT, SS.STATE)
                    .select(dsl.select(S.ID, S.EVENT_COUNT, inline(0), STATE_AT.field(), S.STATE)
                            .from(S)
                            .where(S.ID.eq(SESSION.field()))));

    static final Shape SESSION_STATE_CHANGED = Shape.write("sessionStateChanged", dsl -> {
        SessionStates prior = SS.as("prior");
        Field<Integer> step =
                field(dsl.select(coalesce(max(prior.STEP), inline(0)).plus(inline(1)))
                        .from(prior)
                        .where(prior.SESSION_ID.eq(S.ID))
                        .and(prior.EVENT_SEQ.eq(S.EVENT_COUNT)));
        return dsl.insertInto(SS, SS.SESSION_ID, SS.EVENT_SEQ, SS.STEP, SS.CHANGED_AT, SS.STATE)
                .select(dsl.select(S.ID, S.EVENT_COUNT, step, STATE_AT.field(), S.STATE)
                        .from(S)
                        .where(S.ID.eq(SESSION.field())));
    });

    static final Param<String> SHARED_APP = Param.of("appName", SH.APP_NAME);
    static final Param<String> SHARED_USER = Param.of("userId", SH.USER_ID);

    /** An app's ({@code user} '') or a user's shared state at an instant: one backward seek of the primary key. */
    private static Field<JSON> sharedAt(Field<String> app, Field<String> user, Field<Instant> at, String alias) {
        SharedStates h = SH.as(alias + "_h");
        return field(org.jooq
                        .impl
                        .DSL
                        .select(h.STATE)
                        .from(h)
                        .where(h.APP_NAME.eq(app))
                        .and(h.USER_ID.eq(user))
                        .and(h.CHANGED_AT.le(at))
                        .orderBy(h.CHANGED_AT.desc())
                        .limit(inline(1)))
                .as(alias);
    }

    private static final SessionStates OWN = SS.as("own");
    private static final SessionStates FIRST_KEPT = SS.as("first_kept");

    static final Field<JSON> OWN_AT = field(org.jooq
                    .impl
                    .DSL
                    .select(OWN.STATE)
                    .from(OWN)
                    .where(OWN.SESSION_ID.eq(S.ID))
                    .and(OWN.CHANGED_AT.le(STATE_AT.field()))
                    .orderBy(OWN.CHANGED_AT.desc(), OWN.EVENT_SEQ.desc(), OWN.STEP.desc())
                    .limit(inline(1)))
            .as("own_state");
    static final Field<Instant> EARLIEST_AT = field(org.jooq
                    .impl
                    .DSL
                    .select(FIRST_KEPT.CHANGED_AT)
                    .from(FIRST_KEPT)
                    .where(FIRST_KEPT.SESSION_ID.eq(S.ID))
                    .orderBy(FIRST_KEPT.EVENT_SEQ, FIRST_KEPT.STEP)
                    .limit(inline(1)))
            .as("earliest_at");
    static final Field<JSON> APP_AT = sharedAt(S.APP_NAME, inline(""), STATE_AT.field(), "app_state");
    static final Field<JSON> USER_AT = sharedAt(S.APP_NAME, S.USER_ID, STATE_AT.field(), "user_state");

    /**
     * A session as of an instant, in one statement: whether it exists and since when, its own
     * state then (its last change at or before, session_states_by_time), its earliest kept change
     * (to tell "before retention kept" from "before it existed"), its app's and user's shared state
     * then (shared_states).
     */
    static final Shape SESSION_AS_OF = Shape.read(
            "sessionStateAsOf",
            dsl -> dsl.select(S.ID, S.CREATED_AT, OWN_AT, EARLIEST_AT, APP_AT, USER_AT)
                    .from(S)
                    .where(S.ID.eq(SESSION.field())));

    private static final SessionStates AFTER = SS.as("after_event");
    private static final SessionEvents THE_EVENT = E.as("the_event");

    static final Field<JSON> OWN_AFTER = field(org.jooq
                    .impl
                    .DSL
                    .select(AFTER.STATE)
                    .from(AFTER)
                    .where(AFTER.SESSION_ID.eq(S.ID))
                    .and(row(AFTER.EVENT_SEQ, AFTER.STEP).le(EVENT_SEQ.field(), inline(0)))
                    .orderBy(AFTER.EVENT_SEQ.desc(), AFTER.STEP.desc())
                    .limit(inline(1)))
            .as("own_state");
    static final Field<Long> EARLIEST_SEQ = field(org.jooq
                    .impl
                    .DSL
                    .select(FIRST_KEPT.EVENT_SEQ)
                    .from(FIRST_KEPT)
                    .where(FIRST_KEPT.SESSION_ID.eq(S.ID))
                    .orderBy(FIRST_KEPT.EVENT_SEQ, FIRST_KEPT.STEP)
                    .limit(inline(1)))
            .as("earliest_seq");
    static final Field<Instant> EVENT_TIME = field(org.jooq
                    .impl
                    .DSL
                    .select(THE_EVENT.CREATED_AT)
                    .from(THE_EVENT)
                    .where(THE_EVENT.SESSION_ID.eq(S.ID))
                    .and(THE_EVENT.SEQ.eq(EVENT_SEQ.field())))
            .as("event_at");

    /**
     * A session's own state right after an event (its last change at or before (seq, 0): the
     * primary key), with the event's time, the session's event count and its earliest kept
     * change, in one statement.
     */
    static final Shape SESSION_STATE_AFTER = Shape.read(
            "sessionStateAfterEvent",
            dsl -> dsl.select(
                            S.ID,
                            S.APP_NAME,
                            S.USER_ID,
                            S.EVENT_COUNT,
                            OWN_AFTER,
                            EARLIEST_SEQ,
                            EVENT_TIME,
                            S.CREATED_AT)
                    .from(S)
                    .where(S.ID.eq(SESSION.field())));

    static final Param<Instant> SHARED_AT = Param.of("changedAt", SH.CHANGED_AT);
    static final Field<JSON> APP_ONLY_AT = sharedAt(SHARED_APP.field(), inline(""), SHARED_AT.field(), "app_state");
    static final Field<JSON> USER_ONLY_AT =
            sharedAt(SHARED_APP.field(), SHARED_USER.field(), SHARED_AT.field(), "user_state");

    /** An app's and a user's shared state at an instant, in one statement of two seeks. */
    static final Shape SHARED_STATES_AS_OF =
            Shape.read("sharedStatesAsOf", dsl -> dsl.select(APP_ONLY_AT, USER_ONLY_AT));

    // ---- shared state: writes ----

    static final Param<String> APP = Param.of("appName", SH.APP_NAME);
    static final Param<String> USER = Param.of("userId", SH.USER_ID);

    /** The app's shared state after a change just made (user_id ''). */
    static final Shape APP_STATE_CHANGED = Shape.write(
            "appStateChanged",
            dsl -> dsl.insertInto(SH, SH.APP_NAME, SH.USER_ID, SH.CHANGED_AT, SH.STATE)
                    .select(dsl.select(APP_STATES.APP_NAME, inline(""), SHARED_AT.field(), APP_STATES.STATE)
                            .from(APP_STATES)
                            .where(APP_STATES.APP_NAME.eq(APP.field())))
                    .onConflict(SH.APP_NAME, SH.USER_ID, SH.CHANGED_AT)
                    .doUpdate()
                    .set(SH.STATE, excluded(SH.STATE)));

    /** A user's shared state in an app after a change just made. */
    static final Shape USER_STATE_CHANGED = Shape.write(
            "userStateChanged",
            dsl -> dsl.insertInto(SH, SH.APP_NAME, SH.USER_ID, SH.CHANGED_AT, SH.STATE)
                    .select(dsl.select(USER_STATES.APP_NAME, USER_STATES.USER_ID, SHARED_AT.field(), USER_STATES.STATE)
                            .from(USER_STATES)
                            .where(USER_STATES.APP_NAME.eq(APP.field()))
                            .and(USER_STATES.USER_ID.eq(USER.field())))
                    .onConflict(SH.APP_NAME, SH.USER_ID, SH.CHANGED_AT)
                    .doUpdate()
                    .set(SH.STATE, excluded(SH.STATE)));

    // ---- events ----

    static final Param<String> EVENTS_OF = Param.of("sessionId", E.SESSION_ID);
    static final Param<Long> AFTER_SEQ = Param.of("afterSeq", E.SEQ);
    static final Param<Instant> CREATED_BY = Param.of("createdBy", E.CREATED_AT);

    /** A session's events created at or before an instant, after a seq, in seq order (the primary key). */
    static final Shape EVENTS_AS_OF = Shape.read(
            "eventsAsOf",
            dsl -> dsl.select(SessionShapes.EVENT.fields())
                    .from(E)
                    .where(E.SESSION_ID.eq(EVENTS_OF.field()))
                    .and(E.SEQ.gt(AFTER_SEQ.field()))
                    .and(E.CREATED_AT.le(CREATED_BY.field()))
                    .orderBy(E.SEQ)
                    .limit(Pages.LIMIT.field()));
}
