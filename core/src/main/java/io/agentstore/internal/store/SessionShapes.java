package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.APP_STATES;
import static io.agentstore.internal.db.Tables.SESSIONS;
import static io.agentstore.internal.db.Tables.SESSION_EVENTS;
import static io.agentstore.internal.db.Tables.USER_STATES;
import static io.agentstore.internal.store.Pages.BEFORE_AT;
import static io.agentstore.internal.store.Pages.LIMIT;
import static org.jooq.impl.DSL.charLength;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.row;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.Json;
import io.agentstore.internal.db.tables.AppStates;
import io.agentstore.internal.db.tables.SessionEvents;
import io.agentstore.internal.db.tables.Sessions;
import io.agentstore.internal.db.tables.UserStates;
import io.agentstore.internal.shape.Columns;
import io.agentstore.internal.shape.EngineSql;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import io.agentstore.sessions.Event;
import io.agentstore.sessions.Session;
import io.agentstore.sessions.SessionStatus;
import java.time.Instant;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.UpdateConditionStep;
import org.jooq.impl.SQLDataType;

/** The query shapes of sessions and their events, with their parameters and row mappers. */
final class SessionShapes {

    private SessionShapes() {}

    private static final Sessions S = SESSIONS;
    private static final SessionEvents E = SESSION_EVENTS;
    private static final AppStates A = APP_STATES;
    private static final UserStates U = USER_STATES;

    static final Param<String> ID = Param.of("id", S.ID);
    static final Param<String> APP_NAME = Param.of("appName", S.APP_NAME);
    static final Param<String> USER_ID = Param.of("userId", S.USER_ID);
    static final Param<String> PROJECT_ID = Param.of("projectId", S.PROJECT_ID);
    static final Param<JSON> STATE = Param.of("state", S.STATE);
    static final Param<JSON> METADATA = Param.of("metadata", S.METADATA);
    static final Param<Instant> CREATED_AT = Param.of("createdAt", S.CREATED_AT);
    static final Param<Instant> NOW = Param.of("now", S.LAST_UPDATE_TIME);
    static final Param<SessionStatus> FROM = Param.of("from", S.STATUS);
    static final Param<SessionStatus> TO = Param.of("to", S.STATUS);
    static final Param<Instant> TERMINATED_AT = Param.of("terminatedAt", S.TERMINATED_AT);
    static final Param<Instant> ARCHIVED_AT = Param.of("archivedAt", S.ARCHIVED_AT);
    static final Param<JSON> DELTA = Param.of("delta", S.STATE);
    static final Param<String> STATE_KEY = Param.of("stateKey", SQLDataType.VARCHAR);
    static final Param<JSON> STATE_VALUE = Param.of("stateValue", S.STATE);
    static final Param<String> BEFORE_ID = Param.of("beforeId", S.ID);

    static final Param<String> EVENT_SESSION = Param.of("sessionId", E.SESSION_ID);
    static final Param<Long> SEQ = Param.of("seq", E.SEQ);
    static final Param<Long> AFTER_SEQ = Param.of("afterSeq", E.SEQ);
    static final Param<String> EVENT_TYPE = Param.of("type", E.EVENT_TYPE);
    static final Param<String> ACTOR = Param.of("actor", E.ACTOR);
    static final Param<JSON> CONTENT = Param.of("content", E.CONTENT);
    static final Param<JSON> EVENT_DELTA = Param.of("delta", E.STATE_DELTA);
    static final Param<Instant> EVENT_CREATED_AT = Param.of("createdAt", E.CREATED_AT);
    static final Param<Instant> SINCE = Param.of("since", E.CREATED_AT);

    /** A session row. */
    static final Columns<Session> SESSION = Columns.of(
            List.of(
                    S.ID,
                    S.APP_NAME,
                    S.USER_ID,
                    S.PROJECT_ID,
                    S.STATUS,
                    S.STATE,
                    S.METADATA,
                    S.EVENT_COUNT,
                    S.CREATED_AT,
                    S.LAST_UPDATE_TIME,
                    S.TERMINATED_AT,
                    S.ARCHIVED_AT),
            r -> new SessionRow(
                    r.get(S.ID),
                    r.get(S.APP_NAME),
                    r.get(S.USER_ID),
                    r.get(S.PROJECT_ID),
                    r.get(S.STATUS),
                    Stored.json(r.get(S.STATE)),
                    Stored.json(r.get(S.METADATA)),
                    r.get(S.EVENT_COUNT),
                    r.get(S.CREATED_AT),
                    r.get(S.LAST_UPDATE_TIME),
                    r.get(S.TERMINATED_AT),
                    r.get(S.ARCHIVED_AT)));

    /**
     * A session row with its app's and its user's shared state (outer-joined): the state a
     * caller sees is the session's own keys plus the {@code app:} and {@code user:} keys.
     */
    static final Columns<Session> SESSION_SHARED = Columns.of(
            concat(SESSION.fields(), List.of(A.STATE, U.STATE)),
            r -> withShared(SESSION.map(r), r.get(A.STATE), r.get(U.STATE)));

    private static List<Field<?>> concat(List<Field<?>> a, List<? extends Field<?>> b) {
        List<Field<?>> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** A session's own state with its app's and its user's shared keys (either may be null) merged in. */
    static Json withSharedKeys(Json own, JSON app, JSON user) {
        ObjectNode state = ((ObjectNode) own.tree()).deepCopy();
        for (JSON shared : new JSON[] {app, user}) {
            if (shared != null) {
                state.setAll((ObjectNode) Stored.json(shared).tree());
            }
        }
        return Json.of(state);
    }

    /** The session with the shared keys merged into its state (shared keys never live in the session row). */
    static Session withShared(Session own, JSON app, JSON user) {
        if (app == null && user == null) {
            return own;
        }
        Json state = withSharedKeys(own.state(), app, user);
        return new SessionRow(
                own.id(),
                own.appName(),
                own.userId(),
                own.projectId(),
                own.status(),
                state,
                own.metadata(),
                own.eventCount(),
                own.createdAt(),
                own.lastUpdateTime(),
                own.terminatedAt(),
                own.archivedAt());
    }

    /** Sessions joined with their shared state: two primary-key lookups per session row. */
    private static SelectJoinStep<?> sessionsWithShared(org.jooq.DSLContext dsl) {
        return dsl.select(SESSION_SHARED.fields())
                .from(S.leftJoin(A)
                        .on(A.APP_NAME.eq(S.APP_NAME))
                        .leftJoin(U)
                        .on(U.APP_NAME.eq(S.APP_NAME).and(U.USER_ID.eq(S.USER_ID))));
    }

    /** An event row. */
    static final Columns<Event> EVENT = Columns.of(
            List.of(E.SESSION_ID, E.SEQ, E.EVENT_TYPE, E.ACTOR, E.CONTENT, E.STATE_DELTA, E.CREATED_AT),
            r -> new EventRow(
                    r.get(E.SESSION_ID),
                    r.get(E.SEQ),
                    r.get(E.EVENT_TYPE),
                    r.get(E.ACTOR),
                    Stored.json(r.get(E.CONTENT)),
                    Stored.json(r.get(E.STATE_DELTA)),
                    r.get(E.CREATED_AT)));

    /** The state's length in characters after a change, returned so the change can be refused past the limit. */
    static final Field<Integer> STATE_LENGTH = charLength(S.STATE.cast(SQLDataType.CLOB));

    /** Statuses that accept events and state changes, as a literal list (never a bind value). */
    private static Condition live() {
        return S.STATUS.in(
                inline(SessionStatus.CREATED, S.STATUS),
                inline(SessionStatus.ACTIVE, S.STATUS),
                inline(SessionStatus.PAUSED, S.STATUS));
    }

    static final Shape SESSION_INSERT = Shape.write(
            "sessionInsert",
            dsl -> dsl.insertInto(
                            S,
                            S.ID,
                            S.APP_NAME,
                            S.USER_ID,
                            S.PROJECT_ID,
                            S.STATUS,
                            S.STATE,
                            S.METADATA,
                            S.CREATED_AT,
                            S.LAST_UPDATE_TIME)
                    .values(
                            ID.field(),
                            APP_NAME.field(),
                            USER_ID.field(),
                            PROJECT_ID.field(),
                            inline(SessionStatus.CREATED, S.STATUS),
                            STATE.field(),
                            METADATA.field(),
                            CREATED_AT.field(),
                            CREATED_AT.field()));

    static final Shape SESSION_BY_ID =
            Shape.read("sessionById", dsl -> sessionsWithShared(dsl).where(S.ID.eq(ID.field())));

    /**
     * The writer's view of one session, read inside the write transaction; on a server it locks
     * the session row (only: the shared state rows are outer-joined).
     */
    static final Shape SESSION_FOR_WRITE = Shape.write(
            "sessionByIdForWrite",
            dsl -> EngineSql.lockingRowsOf(dsl, sessionsWithShared(dsl).where(S.ID.eq(ID.field())), S));

    /**
     * The writer's view of a session row alone (its status, its owner), locked on a server: for
     * the writes that only check the session, without the shared state's lookups.
     */
    static final Shape SESSION_ROW_FOR_WRITE = Shape.write(
            "sessionRowForWrite",
            dsl -> EngineSql.lockingRows(
                    dsl, dsl.select(SESSION.fields()).from(S).where(S.ID.eq(ID.field()))));

    /** Sessions with one value of a column, newest first: one range of the index on (column, created_at, id). */
    private static Shape newestBy(String name, Field<String> column, Param<String> value) {
        return Shape.read(
                name,
                dsl -> sessionsWithShared(dsl)
                        .where(column.eq(value.field()))
                        .and(row(S.CREATED_AT, S.ID).lt(BEFORE_AT.field(), BEFORE_ID.field()))
                        .orderBy(S.CREATED_AT.desc(), S.ID.desc())
                        .limit(LIMIT.field()));
    }

    static final Shape SESSIONS_BY_USER = newestBy("sessionsByUser", S.USER_ID, USER_ID);
    static final Shape SESSIONS_BY_PROJECT = newestBy("sessionsByProject", S.PROJECT_ID, PROJECT_ID);

    /** Sessions of one status by recency; the status is a literal matching the partial index's WHERE. */
    private static Shape byStatus(String name, SessionStatus status) {
        return Shape.read(
                name,
                dsl -> sessionsWithShared(dsl)
                        .where(S.STATUS.eq(inline(status, S.STATUS)))
                        .and(row(S.LAST_UPDATE_TIME, S.ID).lt(BEFORE_AT.field(), BEFORE_ID.field()))
                        .orderBy(S.LAST_UPDATE_TIME.desc(), S.ID.desc())
                        .limit(LIMIT.field()));
    }

    static final Shape SESSIONS_ACTIVE = byStatus("sessionsActive", SessionStatus.ACTIVE);
    static final Shape SESSIONS_PAUSED = byStatus("sessionsPaused", SessionStatus.PAUSED);

    static final Shape SESSION_TRANSITION = Shape.write(
            "sessionTransition",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.update(S)
                            .set(S.STATUS, TO.field())
                            .set(S.LAST_UPDATE_TIME, NOW.field())
                            .set(S.TERMINATED_AT, coalesce(S.TERMINATED_AT, TERMINATED_AT.field()))
                            .set(S.ARCHIVED_AT, coalesce(S.ARCHIVED_AT, ARCHIVED_AT.field()))
                            .where(S.ID.eq(ID.field()))
                            .and(S.STATUS.eq(FROM.field())),
                    SESSION.fields()));

    /** Takes the next seq of a live session; no row means absent or not live. */
    static final Shape SESSION_NEXT_SEQ = Shape.write(
            "sessionNextSeq",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.update(S)
                            .set(S.EVENT_COUNT, S.EVENT_COUNT.plus(inline(1L)))
                            .set(S.LAST_UPDATE_TIME, NOW.field())
                            .where(S.ID.eq(ID.field()))
                            .and(live()),
                    List.of(S.EVENT_COUNT, S.APP_NAME, S.USER_ID)));

    /** Takes the next seq of a live session and merges a state delta into its state. */
    static final Shape SESSION_NEXT_SEQ_WITH_DELTA = Shape.write(
            "sessionNextSeqWithDelta",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.update(S)
                            .set(S.EVENT_COUNT, S.EVENT_COUNT.plus(inline(1L)))
                            .set(S.LAST_UPDATE_TIME, NOW.field())
                            .set(S.STATE, EngineSql.jsonMergePatch(dsl, S.STATE, DELTA.field()))
                            .where(S.ID.eq(ID.field()))
                            .and(live()),
                    List.of(S.EVENT_COUNT, STATE_LENGTH, S.APP_NAME, S.USER_ID)));

    static final Shape EVENT_INSERT = Shape.write(
            "eventInsert",
            dsl -> dsl.insertInto(E, E.SESSION_ID, E.SEQ, E.EVENT_TYPE, E.ACTOR, E.CONTENT, E.STATE_DELTA, E.CREATED_AT)
                    .values(
                            EVENT_SESSION.field(),
                            SEQ.field(),
                            EVENT_TYPE.field(),
                            ACTOR.field(),
                            CONTENT.field(),
                            EVENT_DELTA.field(),
                            EVENT_CREATED_AT.field()));

    /** A page of a session's events: one range of the (session_id, seq) primary key. */
    static final Shape EVENTS_AFTER = Shape.read(
            "eventsAfter",
            dsl -> dsl.select(EVENT.fields())
                    .from(E)
                    .where(E.SESSION_ID.eq(EVENT_SESSION.field()))
                    .and(E.SEQ.gt(AFTER_SEQ.field()))
                    .orderBy(E.SEQ)
                    .limit(LIMIT.field()));

    static final Shape EVENTS_LAST = Shape.read(
            "eventsLast",
            dsl -> dsl.select(EVENT.fields())
                    .from(E)
                    .where(E.SESSION_ID.eq(EVENT_SESSION.field()))
                    .orderBy(E.SEQ.desc())
                    .limit(LIMIT.field()));

    /** A page of a session's events by time, oldest first: one range of session_events_by_time. */
    static final Shape EVENTS_SINCE = Shape.read(
            "eventsSince",
            dsl -> dsl.select(EVENT.fields())
                    .from(E)
                    .where(E.SESSION_ID.eq(EVENT_SESSION.field()))
                    .and(row(E.CREATED_AT, E.SEQ).gt(SINCE.field(), AFTER_SEQ.field()))
                    .orderBy(E.CREATED_AT, E.SEQ)
                    .limit(LIMIT.field()));

    /** The newest events at or after a time: the same index, read backwards from its end. */
    static final Shape EVENTS_LAST_SINCE = Shape.read(
            "eventsLastSince",
            dsl -> dsl.select(EVENT.fields())
                    .from(E)
                    .where(E.SESSION_ID.eq(EVENT_SESSION.field()))
                    .and(E.CREATED_AT.ge(SINCE.field()))
                    .orderBy(E.CREATED_AT.desc(), E.SEQ.desc())
                    .limit(LIMIT.field()));

    static final Shape SESSION_SET_STATE = Shape.write(
            "sessionSetState",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.update(S)
                            .set(S.STATE, EngineSql.jsonSetKey(dsl, S.STATE, STATE_KEY.field(), STATE_VALUE.field()))
                            .set(S.LAST_UPDATE_TIME, NOW.field())
                            .where(S.ID.eq(ID.field()))
                            .and(live()),
                    List.of(STATE_LENGTH)));

    static final Shape SESSION_REMOVE_STATE = Shape.write(
            "sessionRemoveState",
            dsl -> dsl.update(S)
                    .set(S.STATE, EngineSql.jsonRemoveKey(dsl, S.STATE, STATE_KEY.field()))
                    .set(S.LAST_UPDATE_TIME, NOW.field())
                    .where(S.ID.eq(ID.field()))
                    .and(live()));

    /** Merges a delta into a live session's own state; returns the new length and whose the session is. */
    static final Shape SESSION_MERGE_STATE = Shape.write(
            "sessionMergeState",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.update(S)
                            .set(S.STATE, EngineSql.jsonMergePatch(dsl, S.STATE, DELTA.field()))
                            .set(S.LAST_UPDATE_TIME, NOW.field())
                            .where(S.ID.eq(ID.field()))
                            .and(live()),
                    List.of(STATE_LENGTH, S.APP_NAME, S.USER_ID)));

    /** Marks a live session changed (its shared state is about to change); returns whose the session is. */
    static final Shape SESSION_TOUCH = Shape.write(
            "sessionTouch",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.update(S)
                            .set(S.LAST_UPDATE_TIME, NOW.field())
                            .where(S.ID.eq(ID.field()))
                            .and(live()),
                    List.of(S.APP_NAME, S.USER_ID)));

    // Shared state: the app's (app_states, one row per app) and the user's (user_states, one
    // row per app and user). A change is an UPDATE of the row returning its new length; when
    // there is no row yet, an INSERT of the change applied to {} (on a server, two first
    // changes at once: the second insert is a unique violation, and the write is run again).

    static final Param<String> SHARED_APP = Param.of("appName", A.APP_NAME);
    static final Param<String> SHARED_USER = Param.of("userId", U.USER_ID);
    static final Param<Instant> SHARED_NOW = Param.of("now", A.UPDATED_AT);
    /** The JSON a shared-state change applies: the merge patch, or the value of the key set. */
    static final Param<JSON> SHARED_JSON = Param.of("json", A.STATE);

    static final Param<String> SHARED_KEY = Param.of("stateKey", SQLDataType.VARCHAR);

    /** One shared-state table: its state column and the condition naming one row. */
    private record SharedTable(
            String name,
            Table<?> table,
            Field<JSON> state,
            Field<Instant> updatedAt,
            boolean perUser,
            Field<Integer> length) {
        SharedTable(String name, Table<?> table, Field<JSON> state, Field<Instant> updatedAt, boolean perUser) {
            this(name, table, state, updatedAt, perUser, charLength(state.cast(SQLDataType.CLOB)));
        }

        Condition row() {
            return perUser
                    ? U.APP_NAME.eq(SHARED_APP.field()).and(U.USER_ID.eq(SHARED_USER.field()))
                    : A.APP_NAME.eq(SHARED_APP.field());
        }
    }

    private static final SharedTable APP = new SharedTable("app", A, A.STATE, A.UPDATED_AT, false);
    private static final SharedTable USER = new SharedTable("user", U, U.STATE, U.UPDATED_AT, true);

    private static Shape sharedUpdate(
            SharedTable t,
            String op,
            java.util.function.BiFunction<org.jooq.DSLContext, Field<JSON>, Field<JSON>> change) {
        return Shape.write(t.name() + "State" + op, dsl -> {
            UpdateConditionStep<?> update = dsl.update(t.table())
                    .set(t.state(), change.apply(dsl, t.state()))
                    .set(t.updatedAt(), SHARED_NOW.field())
                    .where(t.row());
            return EngineSql.returning(dsl, update, List.of(t.length()));
        });
    }

    private static Shape sharedInsert(
            SharedTable t,
            String op,
            java.util.function.BiFunction<org.jooq.DSLContext, Field<JSON>, Field<JSON>> change) {
        return Shape.write(t.name() + "StateInsert" + op, dsl -> {
            Field<JSON> empty = EngineSql.emptyJsonObject(dsl);
            return t.perUser()
                    ? dsl.insertInto(U, U.APP_NAME, U.USER_ID, U.STATE, U.UPDATED_AT)
                            .values(
                                    SHARED_APP.field(),
                                    SHARED_USER.field(),
                                    change.apply(dsl, empty),
                                    SHARED_NOW.field())
                    : dsl.insertInto(A, A.APP_NAME, A.STATE, A.UPDATED_AT)
                            .values(SHARED_APP.field(), change.apply(dsl, empty), SHARED_NOW.field());
        });
    }

    /** The shapes that change one shared-state table. */
    record SharedShapes(
            Shape merge,
            Shape set,
            Shape remove,
            Shape insertMerge,
            Shape insertSet,
            Field<Integer> length,
            boolean perUser) {}

    private static SharedShapes shared(SharedTable t) {
        java.util.function.BiFunction<org.jooq.DSLContext, Field<JSON>, Field<JSON>> merge =
                (dsl, state) -> EngineSql.jsonMergePatch(dsl, state, SHARED_JSON.field());
        java.util.function.BiFunction<org.jooq.DSLContext, Field<JSON>, Field<JSON>> set =
                (dsl, state) -> EngineSql.jsonSetKey(dsl, state, SHARED_KEY.field(), SHARED_JSON.field());
        return new SharedShapes(
                sharedUpdate(t, "Merge", merge),
                sharedUpdate(t, "Set", set),
                sharedUpdate(t, "Remove", (dsl, state) -> EngineSql.jsonRemoveKey(dsl, state, SHARED_KEY.field())),
                sharedInsert(t, "Merge", merge),
                sharedInsert(t, "Set", set),
                t.length(),
                t.perUser());
    }

    static final SharedShapes APP_STATE = shared(APP);
    static final SharedShapes USER_STATE = shared(USER);

    static final Param<Long> BEFORE_SEQ = Param.of("beforeSeq", E.SEQ);

    /** Deletes a range of a session's events: one range of the (session_id, seq) primary key. */
    static final Shape EVENTS_DELETE_RANGE = Shape.write(
            "eventsDeleteRange",
            dsl -> dsl.deleteFrom(E)
                    .where(E.SESSION_ID.eq(EVENT_SESSION.field()))
                    .and(E.SEQ.gt(AFTER_SEQ.field()))
                    .and(E.SEQ.lt(BEFORE_SEQ.field())));

    static final Shape SESSION_DELETE =
            Shape.write("sessionDelete", dsl -> dsl.deleteFrom(S).where(S.ID.eq(ID.field())));
}
