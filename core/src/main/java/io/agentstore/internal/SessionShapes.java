package io.agentstore.internal;

import static io.agentstore.db.Tables.SESSIONS;
import static io.agentstore.db.Tables.SESSION_EVENTS;
import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.row;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jooq.Field;
import org.jooq.SelectField;

/**
 * The query shapes of sessions and their events. Column lists are fixed here and read by
 * position in {@link SessionStoreImpl}'s mappers.
 */
final class SessionShapes {

    private SessionShapes() {
    }

    /** The columns of a session row, in mapper order. */
    static final List<SelectField<?>> SESSION = List.of(SESSIONS.ID, SESSIONS.APP_NAME, SESSIONS.USER_ID,
            SESSIONS.PROJECT_ID, SESSIONS.STATUS, SESSIONS.STATE, SESSIONS.METADATA, SESSIONS.EVENT_COUNT,
            SESSIONS.CREATED_AT, SESSIONS.LAST_UPDATE_TIME, SESSIONS.TERMINATED_AT, SESSIONS.ARCHIVED_AT);

    /** The columns of an event row, in mapper order. */
    static final List<SelectField<?>> EVENT = List.of(SESSION_EVENTS.SESSION_ID, SESSION_EVENTS.SEQ,
            SESSION_EVENTS.EVENT_TYPE, SESSION_EVENTS.ACTOR, SESSION_EVENTS.CONTENT, SESSION_EVENTS.STATE_DELTA,
            SESSION_EVENTS.CREATED_AT);

    /** Statuses that accept events and state changes, as a literal list (never a bind value). */
    private static org.jooq.Condition live() {
        return SESSIONS.STATUS.in(inline("created"), inline("active"), inline("paused"));
    }

    private static Field<JsonNode> jsonPatch(Field<JsonNode> target, String patchParam) {
        return function("json_patch", SESSIONS.STATE.getDataType(), target, param(patchParam, SESSIONS.STATE));
    }

    static final Shape SESSION_INSERT = Shape.write("sessionInsert", dsl -> dsl
            .insertInto(SESSIONS, SESSIONS.ID, SESSIONS.APP_NAME, SESSIONS.USER_ID, SESSIONS.PROJECT_ID,
                    SESSIONS.STATUS, SESSIONS.STATE, SESSIONS.METADATA, SESSIONS.CREATED_AT, SESSIONS.LAST_UPDATE_TIME)
            .values(param("id", SESSIONS.ID), param("appName", SESSIONS.APP_NAME), param("userId", SESSIONS.USER_ID),
                    param("projectId", SESSIONS.PROJECT_ID), inline("created"), param("state", SESSIONS.STATE),
                    param("metadata", SESSIONS.METADATA), param("createdAt", SESSIONS.CREATED_AT),
                    param("updatedAt", SESSIONS.LAST_UPDATE_TIME)));

    static final Shape SESSION_BY_ID = Shape.read("sessionById", dsl -> dsl
            .select(SESSION).from(SESSIONS).where(SESSIONS.ID.eq(param("id", SESSIONS.ID))));

    /** The writer's view of one session, read inside the write transaction. */
    static final Shape SESSION_FOR_WRITE = Shape.write("sessionForWrite", dsl -> dsl
            .select(SESSION).from(SESSIONS).where(SESSIONS.ID.eq(param("id", SESSIONS.ID))));

    static final Shape SESSIONS_BY_USER = Shape.read("sessionsByUser", dsl -> dsl
            .select(SESSION).from(SESSIONS)
            .where(SESSIONS.USER_ID.eq(param("userId", SESSIONS.USER_ID)))
            .and(row(SESSIONS.CREATED_AT.coerce(String.class), SESSIONS.ID)
                    .lt(param("beforeAt", String.class), param("beforeId", SESSIONS.ID)))
            .orderBy(SESSIONS.CREATED_AT.desc(), SESSIONS.ID.desc())
            .limit(param("limit", Integer.class)));

    static final Shape SESSIONS_BY_PROJECT = Shape.read("sessionsByProject", dsl -> dsl
            .select(SESSION).from(SESSIONS)
            .where(SESSIONS.PROJECT_ID.eq(param("projectId", SESSIONS.PROJECT_ID)))
            .and(row(SESSIONS.CREATED_AT.coerce(String.class), SESSIONS.ID)
                    .lt(param("beforeAt", String.class), param("beforeId", SESSIONS.ID)))
            .orderBy(SESSIONS.CREATED_AT.desc(), SESSIONS.ID.desc())
            .limit(param("limit", Integer.class)));

    /** Sessions of one status by recency; the status is a literal matching the partial index's WHERE. */
    private static Shape byStatus(String name, String status) {
        return Shape.read(name, dsl -> dsl
                .select(SESSION).from(SESSIONS)
                .where(SESSIONS.STATUS.eq(inline(status)))
                .and(row(SESSIONS.LAST_UPDATE_TIME.coerce(String.class), SESSIONS.ID)
                        .lt(param("beforeAt", String.class), param("beforeId", SESSIONS.ID)))
                .orderBy(SESSIONS.LAST_UPDATE_TIME.desc(), SESSIONS.ID.desc())
                .limit(param("limit", Integer.class)));
    }

    static final Shape SESSIONS_ACTIVE = byStatus("sessionsActive", "active");
    static final Shape SESSIONS_PAUSED = byStatus("sessionsPaused", "paused");

    static final Shape SESSION_TRANSITION = Shape.write("sessionTransition", dsl -> dsl
            .update(SESSIONS)
            .set(SESSIONS.STATUS, param("to", SESSIONS.STATUS))
            .set(SESSIONS.LAST_UPDATE_TIME, param("now", SESSIONS.LAST_UPDATE_TIME))
            .set(SESSIONS.TERMINATED_AT, org.jooq.impl.DSL.coalesce(SESSIONS.TERMINATED_AT,
                    param("terminatedAt", SESSIONS.TERMINATED_AT)))
            .set(SESSIONS.ARCHIVED_AT, org.jooq.impl.DSL.coalesce(SESSIONS.ARCHIVED_AT,
                    param("archivedAt", SESSIONS.ARCHIVED_AT)))
            .where(SESSIONS.ID.eq(param("id", SESSIONS.ID)))
            .and(SESSIONS.STATUS.eq(param("from", SESSIONS.STATUS)))
            .returning(SESSION));

    /** Takes the next seq of a live session; no row means absent or not live. */
    static final Shape SESSION_NEXT_SEQ = Shape.write("sessionNextSeq", dsl -> dsl
            .update(SESSIONS)
            .set(SESSIONS.EVENT_COUNT, SESSIONS.EVENT_COUNT.plus(inline(1L)))
            .set(SESSIONS.LAST_UPDATE_TIME, param("now", SESSIONS.LAST_UPDATE_TIME))
            .where(SESSIONS.ID.eq(param("id", SESSIONS.ID)))
            .and(live())
            .returning(SESSIONS.EVENT_COUNT));

    /** Takes the next seq of a live session and merges a state delta into its state. */
    static final Shape SESSION_NEXT_SEQ_WITH_DELTA = Shape.write("sessionNextSeqWithDelta", dsl -> dsl
            .update(SESSIONS)
            .set(SESSIONS.EVENT_COUNT, SESSIONS.EVENT_COUNT.plus(inline(1L)))
            .set(SESSIONS.LAST_UPDATE_TIME, param("now", SESSIONS.LAST_UPDATE_TIME))
            .set(SESSIONS.STATE, jsonPatch(SESSIONS.STATE, "delta"))
            .where(SESSIONS.ID.eq(param("id", SESSIONS.ID)))
            .and(live())
            .returning(SESSIONS.EVENT_COUNT));

    static final Shape EVENT_INSERT = Shape.write("eventInsert", dsl -> dsl
            .insertInto(SESSION_EVENTS, SESSION_EVENTS.SESSION_ID, SESSION_EVENTS.SEQ, SESSION_EVENTS.EVENT_TYPE,
                    SESSION_EVENTS.ACTOR, SESSION_EVENTS.CONTENT, SESSION_EVENTS.STATE_DELTA, SESSION_EVENTS.CREATED_AT)
            .values(param("sessionId", SESSION_EVENTS.SESSION_ID), param("seq", SESSION_EVENTS.SEQ),
                    param("type", SESSION_EVENTS.EVENT_TYPE), param("actor", SESSION_EVENTS.ACTOR),
                    param("content", SESSION_EVENTS.CONTENT), param("delta", SESSION_EVENTS.STATE_DELTA),
                    param("createdAt", SESSION_EVENTS.CREATED_AT)));

    /** A page of a session's events: one range of the (session_id, seq) primary key. */
    static final Shape EVENTS_AFTER = Shape.read("eventsAfter", dsl -> dsl
            .select(EVENT).from(SESSION_EVENTS)
            .where(SESSION_EVENTS.SESSION_ID.eq(param("sessionId", SESSION_EVENTS.SESSION_ID)))
            .and(SESSION_EVENTS.SEQ.gt(param("afterSeq", SESSION_EVENTS.SEQ)))
            .orderBy(SESSION_EVENTS.SEQ)
            .limit(param("limit", Integer.class)));

    static final Shape EVENTS_LAST = Shape.read("eventsLast", dsl -> dsl
            .select(EVENT).from(SESSION_EVENTS)
            .where(SESSION_EVENTS.SESSION_ID.eq(param("sessionId", SESSION_EVENTS.SESSION_ID)))
            .orderBy(SESSION_EVENTS.SEQ.desc())
            .limit(param("limit", Integer.class)));

    static final Shape SESSION_SET_STATE = Shape.write("sessionSetState", dsl -> dsl
            .update(SESSIONS)
            .set(SESSIONS.STATE, function("json_set", SESSIONS.STATE.getDataType(), SESSIONS.STATE,
                    param("path", String.class),
                    function("json", SESSIONS.STATE.getDataType(), param("value", SESSIONS.STATE))))
            .set(SESSIONS.LAST_UPDATE_TIME, param("now", SESSIONS.LAST_UPDATE_TIME))
            .where(SESSIONS.ID.eq(param("id", SESSIONS.ID)))
            .and(live()));

    static final Shape SESSION_REMOVE_STATE = Shape.write("sessionRemoveState", dsl -> dsl
            .update(SESSIONS)
            .set(SESSIONS.STATE, function("json_remove", SESSIONS.STATE.getDataType(), SESSIONS.STATE,
                    param("path", String.class)))
            .set(SESSIONS.LAST_UPDATE_TIME, param("now", SESSIONS.LAST_UPDATE_TIME))
            .where(SESSIONS.ID.eq(param("id", SESSIONS.ID)))
            .and(live()));

    static final Shape SESSION_MERGE_STATE = Shape.write("sessionMergeState", dsl -> dsl
            .update(SESSIONS)
            .set(SESSIONS.STATE, jsonPatch(SESSIONS.STATE, "delta"))
            .set(SESSIONS.LAST_UPDATE_TIME, param("now", SESSIONS.LAST_UPDATE_TIME))
            .where(SESSIONS.ID.eq(param("id", SESSIONS.ID)))
            .and(live()));

    static final Shape SESSION_DELETE = Shape.write("sessionDelete", dsl -> dsl
            .deleteFrom(SESSIONS).where(SESSIONS.ID.eq(param("id", SESSIONS.ID))));

    static final List<Shape> ALL = List.of(SESSION_INSERT, SESSION_BY_ID, SESSION_FOR_WRITE, SESSIONS_BY_USER,
            SESSIONS_BY_PROJECT, SESSIONS_ACTIVE, SESSIONS_PAUSED, SESSION_TRANSITION, SESSION_NEXT_SEQ, SESSION_NEXT_SEQ_WITH_DELTA,
            EVENT_INSERT, EVENTS_AFTER, EVENTS_LAST, SESSION_SET_STATE, SESSION_REMOVE_STATE, SESSION_MERGE_STATE,
            SESSION_DELETE);
}
