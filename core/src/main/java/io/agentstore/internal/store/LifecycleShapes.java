package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.AGENTS;
import static io.agentstore.internal.db.Tables.AUDIT;
import static io.agentstore.internal.db.Tables.CHECKPOINTS;
import static io.agentstore.internal.db.Tables.MEMORY_ENTRIES;
import static io.agentstore.internal.db.Tables.MEMORY_VECTORS;
import static io.agentstore.internal.db.Tables.MEMORY_VECTOR_CHANGES;
import static io.agentstore.internal.db.Tables.METRICS;
import static io.agentstore.internal.db.Tables.RETENTION_CURSORS;
import static io.agentstore.internal.db.Tables.SESSIONS;
import static io.agentstore.internal.db.Tables.SESSION_EVENTS;
import static io.agentstore.internal.db.Tables.STATE;
import static io.agentstore.internal.db.Tables.TASKS;
import static io.agentstore.internal.db.Tables.USER_STATES;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.row;

import io.agentstore.internal.db.tables.Agents;
import io.agentstore.internal.db.tables.Audit;
import io.agentstore.internal.db.tables.Checkpoints;
import io.agentstore.internal.db.tables.MemoryEntries;
import io.agentstore.internal.db.tables.MemoryVectorChanges;
import io.agentstore.internal.db.tables.MemoryVectors;
import io.agentstore.internal.db.tables.Metrics;
import io.agentstore.internal.db.tables.RetentionCursors;
import io.agentstore.internal.db.tables.SessionEvents;
import io.agentstore.internal.db.tables.Sessions;
import io.agentstore.internal.db.tables.State;
import io.agentstore.internal.db.tables.Tasks;
import io.agentstore.internal.db.tables.UserStates;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import io.agentstore.sessions.SessionStatus;
import java.time.Instant;
import org.jooq.JSON;
import org.jooq.impl.SQLDataType;

/**
 * The statements of retention and erasure. Each walks one index range a batch at a time (a
 * keyset: the batch starts after the last row of the one before) and is run inside the batch's
 * write transaction, on the writer, so they are write shapes even where they only read: nothing
 * of them is ever a user's read.
 */
final class LifecycleShapes {

    private LifecycleShapes() {}

    private static final Sessions S = SESSIONS;
    private static final SessionEvents E = SESSION_EVENTS;
    private static final MemoryEntries M = MEMORY_ENTRIES;
    private static final MemoryVectors V = MEMORY_VECTORS;
    private static final MemoryVectorChanges CH = MEMORY_VECTOR_CHANGES;
    private static final Audit A = AUDIT;
    private static final Metrics MT = METRICS;
    private static final Checkpoints CP = CHECKPOINTS;
    private static final Tasks T = TASKS;
    private static final Agents AG = AGENTS;
    private static final State ST = STATE;
    private static final UserStates US = USER_STATES;
    private static final RetentionCursors RC = RETENTION_CURSORS;

    static final Param<Integer> LIMIT = Param.of("limit", SQLDataType.INTEGER);

    /**
     * The key ending the next batch of {@code limit} rows of a table's primary key after a
     * position ({@code end} is {@code max} over the batch, aliased {@code b}): one range of the key.
     */
    private static <K> org.jooq.Query batchEnd(
            org.jooq.DSLContext dsl,
            org.jooq.Table<?> table,
            org.jooq.TableField<?, K> key,
            Param<K> after,
            org.jooq.Field<K> end) {
        return dsl.select(end)
                .from(dsl.select(key)
                        .from(table)
                        .where(key.gt(after.field()))
                        .orderBy(key)
                        .limit(LIMIT.field())
                        .asTable("b"));
    }

    // ---- cursors ----

    static final Param<String> WALK = Param.of("walk", RC.WALK);
    static final Param<JSON> POSITION = Param.of("position", RC.POSITION);
    static final Param<Instant> CURSOR_AT = Param.of("updatedAt", RC.UPDATED_AT);

    static final Shape CURSOR_GET = Shape.write(
            "retentionCursor", dsl -> dsl.select(RC.POSITION).from(RC).where(RC.WALK.eq(WALK.field())));

    static final Shape CURSOR_PUT = Shape.write(
            "retentionCursorPut",
            dsl -> dsl.insertInto(RC, RC.WALK, RC.POSITION, RC.UPDATED_AT)
                    .values(WALK.field(), POSITION.field(), CURSOR_AT.field())
                    .onConflict(RC.WALK)
                    .doUpdate()
                    .set(RC.POSITION, POSITION.field())
                    .set(RC.UPDATED_AT, CURSOR_AT.field()));

    static final Shape CURSOR_DELETE =
            Shape.write("retentionCursorDelete", dsl -> dsl.deleteFrom(RC).where(RC.WALK.eq(WALK.field())));

    // ---- sessions and their events ----

    static final Param<String> SESSION = Param.of("sessionId", S.ID);
    static final Param<String> AFTER_SESSION = Param.of("afterId", S.ID);
    static final Param<Instant> ENDED_BEFORE = Param.of("endedBefore", S.TERMINATED_AT);
    static final Param<String> USER = Param.of("userId", S.USER_ID);
    /** An app name, or null for every app. */
    static final Param<String> APP = Param.of("appName", S.APP_NAME);

    static final Param<Instant> AFTER_CREATED = Param.of("afterCreatedAt", S.CREATED_AT);

    /** The next sessions in id order, with how many events each was ever given: the walk of event retention. */
    static final Shape SESSIONS_WALK = Shape.write(
            "retentionSessions",
            dsl -> dsl.select(S.ID, S.EVENT_COUNT)
                    .from(S)
                    .where(S.ID.gt(AFTER_SESSION.field()))
                    .orderBy(S.ID)
                    .limit(LIMIT.field()));

    static final Param<Instant> AFTER_ENDED = Param.of("afterEndedAt", S.TERMINATED_AT);

    /** Terminated and archived sessions that ended before a time, oldest first, after a position (sessions_ended). */
    static final Shape SESSIONS_ENDED = Shape.write(
            "retentionEndedSessions",
            dsl -> dsl.select(S.ID, S.TERMINATED_AT)
                    .from(S)
                    .where(S.STATUS.in(inline(SessionStatus.TERMINATED), inline(SessionStatus.ARCHIVED)))
                    .and(S.TERMINATED_AT.lt(ENDED_BEFORE.field()))
                    .and(row(S.TERMINATED_AT, S.ID).gt(AFTER_ENDED.field(), AFTER_SESSION.field()))
                    .orderBy(S.TERMINATED_AT, S.ID)
                    .limit(LIMIT.field()));

    /** A user's sessions (in one app, or every app), in (created_at, id) order after a position (sessions_by_user). */
    static final Shape SESSIONS_OF_USER = Shape.write(
            "erasureSessions",
            dsl -> dsl.select(S.ID, S.CREATED_AT)
                    .from(S)
                    .where(S.USER_ID.eq(USER.field()))
                    .and(row(S.CREATED_AT, S.ID).gt(AFTER_CREATED.field(), AFTER_SESSION.field()))
                    .and(S.APP_NAME.eq(org.jooq.impl.DSL.coalesce(APP.field(), S.APP_NAME)))
                    .orderBy(S.CREATED_AT, S.ID)
                    .limit(LIMIT.field()));

    static final Param<Instant> ENDED_AT = Param.of("now", S.TERMINATED_AT);

    /** Ends a live session (terminated now), so that its scoped memory refuses writes from here on. */
    static final Shape SESSION_END = Shape.write(
            "erasureSessionEnd",
            dsl -> dsl.update(S)
                    .set(S.STATUS, inline(SessionStatus.TERMINATED))
                    .set(S.TERMINATED_AT, ENDED_AT.field())
                    .where(S.ID.eq(SESSION.field()))
                    .and(S.STATUS.in(
                            inline(SessionStatus.CREATED),
                            inline(SessionStatus.ACTIVE),
                            inline(SessionStatus.PAUSED))));

    static final Shape SESSION_DELETE =
            Shape.write("erasureSessionDelete", dsl -> dsl.deleteFrom(S).where(S.ID.eq(SESSION.field())));

    static final Param<String> EVENTS_OF = Param.of("sessionId", E.SESSION_ID);
    static final Param<Long> UP_TO_SEQ = Param.of("upToSeq", E.SEQ);
    static final Param<Instant> CREATED_BEFORE = Param.of("createdBefore", E.CREATED_AT);

    /** Up to {@code limit} of a session's events with seq at most a bound, lowest first: one primary-key range. */
    static final Shape EVENTS_DELETE_UP_TO = Shape.write("retentionEventsUpTo", dsl -> {
        SessionEvents inner = E.as("inner");
        return dsl.deleteFrom(E)
                .where(E.SESSION_ID.eq(EVENTS_OF.field()))
                .and(E.SEQ.in(dsl.select(inner.SEQ)
                        .from(inner)
                        .where(inner.SESSION_ID.eq(EVENTS_OF.field()))
                        .and(inner.SEQ.le(UP_TO_SEQ.field()))
                        .orderBy(inner.SEQ)
                        .limit(LIMIT.field())));
    });

    /** Up to {@code limit} of a session's events created before a time, oldest first: one range of session_events_by_time. */
    static final Shape EVENTS_DELETE_BEFORE = Shape.write("retentionEventsBefore", dsl -> {
        SessionEvents inner = E.as("inner");
        return dsl.deleteFrom(E)
                .where(E.SESSION_ID.eq(EVENTS_OF.field()))
                .and(E.SEQ.in(dsl.select(inner.SEQ)
                        .from(inner)
                        .where(inner.SESSION_ID.eq(EVENTS_OF.field()))
                        .and(inner.CREATED_AT.lt(CREATED_BEFORE.field()))
                        .orderBy(inner.CREATED_AT, inner.SEQ)
                        .limit(LIMIT.field())));
    });

    // ---- memory ----

    static final Param<String> AFTER_NAMESPACE = Param.of("afterNamespace", M.NAMESPACE);
    static final Param<String> AFTER_KEY = Param.of("afterKey", M.KEY);
    static final Param<Integer> AFTER_VERSION = Param.of("afterVersion", M.VERSION);
    static final Param<String> NAMESPACE = Param.of("namespace", M.NAMESPACE);
    static final Param<String> KEY = Param.of("key", M.KEY);
    static final Param<String> HIGH = Param.of("high", M.NAMESPACE);
    static final Param<Integer> BELOW_VERSION = Param.of("belowVersion", M.VERSION);
    static final Param<Instant> UPDATED_BEFORE = Param.of("updatedBefore", M.UPDATED_AT);
    static final Param<Long> ENTRY = Param.of("entryId", M.ID);

    /**
     * The next versions in (namespace, key, version) order below a bound (memory_versions): the
     * walk of memory retention and of a namespace's erasure.
     */
    static final Shape MEMORY_VERSIONS_WALK = Shape.write(
            "retentionMemoryVersions",
            dsl -> dsl.select(MemoryShapes.ENTRY.fields())
                    .from(M)
                    .where(row(M.NAMESPACE, M.KEY, M.VERSION)
                            .gt(AFTER_NAMESPACE.field(), AFTER_KEY.field(), AFTER_VERSION.field()))
                    .and(M.NAMESPACE.lt(HIGH.field()))
                    .orderBy(M.NAMESPACE, M.KEY, M.VERSION)
                    .limit(LIMIT.field()));

    /** The keys and states of the next versions, as {@link #MEMORY_VERSIONS_WALK} walks them: what retention decides on. */
    static final Shape MEMORY_KEYS_WALK = Shape.write(
            "retentionMemoryKeys",
            dsl -> dsl.select(M.ID, M.NAMESPACE, M.KEY, M.VERSION, M.IS_CURRENT, M.UPDATED_AT)
                    .from(M)
                    .where(row(M.NAMESPACE, M.KEY, M.VERSION)
                            .gt(AFTER_NAMESPACE.field(), AFTER_KEY.field(), AFTER_VERSION.field()))
                    .and(M.NAMESPACE.lt(HIGH.field()))
                    .orderBy(M.NAMESPACE, M.KEY, M.VERSION)
                    .limit(LIMIT.field()));

    static final Param<Integer> SKIP = Param.of("skip", SQLDataType.INTEGER);

    /** A key's version {@code skip + 1} places below its newest, if it has that many (memory_versions, backwards). */
    static final Shape MEMORY_NTH_NEWEST = Shape.write(
            "retentionMemoryKept",
            dsl -> dsl.select(M.VERSION)
                    .from(M)
                    .where(M.NAMESPACE.eq(NAMESPACE.field()))
                    .and(M.KEY.eq(KEY.field()))
                    .orderBy(M.VERSION.desc())
                    .limit(inline(1))
                    .offset(SKIP.field()));

    /** The versions of one key that retention removes: never current; below a version, or written before a time. */
    private static org.jooq.Condition prunable(MemoryEntries m) {
        return m.NAMESPACE
                .eq(NAMESPACE.field())
                .and(m.KEY.eq(KEY.field()))
                .and(m.IS_CURRENT.eq(inline(false)))
                .and(m.VERSION.lt(BELOW_VERSION.field()).or(m.UPDATED_AT.lt(UPDATED_BEFORE.field())));
    }

    static final Shape MEMORY_PRUNE_VECTORS = Shape.write("retentionMemoryVectors", dsl -> {
        MemoryEntries doomed = M.as("doomed");
        return dsl.deleteFrom(V)
                .where(V.ENTRY_ID.in(dsl.select(doomed.ID).from(doomed).where(prunable(doomed))));
    });

    static final Shape MEMORY_PRUNE =
            Shape.write("retentionMemory", dsl -> dsl.deleteFrom(M).where(prunable(M)));

    /** One version's vector, if it has one (erasure). */
    static final Shape VECTOR_DELETE =
            Shape.write("erasureVector", dsl -> dsl.deleteFrom(V).where(V.ENTRY_ID.eq(ENTRY.field())));

    /** One version (erasure; its vector is deleted first). */
    static final Shape ENTRY_DELETE =
            Shape.write("erasureEntry", dsl -> dsl.deleteFrom(M).where(M.ID.eq(ENTRY.field())));

    static final Param<Long> AFTER_ENTRY = Param.of("afterId", M.ID);
    static final Param<Long> UP_TO_ENTRY = Param.of("upToId", M.ID);
    static final Param<String> PERSON = Param.of("person", M.CREATED_BY);
    /** The person as a scoped handle names its writer: {@code user:<id>}. */
    static final Param<String> PERSON_AS_USER = Param.of("personAsUser", M.CREATED_BY);

    private static org.jooq.Condition isPerson(org.jooq.Field<String> column) {
        return column.in(PERSON.field(), PERSON_AS_USER.field());
    }

    /** The last id of a batch of memory_entries. */
    static final org.jooq.Field<Long> ENTRIES_END =
            org.jooq.impl.DSL.max(M.as("b").ID).as("batch_end");

    /** The id ending the next batch of memory_entries' primary key after a position. */
    static final Shape ENTRIES_BATCH_END =
            Shape.write("erasureEntriesBatch", dsl -> batchEnd(dsl, M, M.ID, AFTER_ENTRY, ENTRIES_END));

    /** Forgets a person as the writer of versions elsewhere: created_by and updated_by, over one id range. */
    static final Shape ENTRIES_FORGET_PERSON = Shape.write(
            "erasureEntriesPerson",
            dsl -> dsl.update(M)
                    .set(
                            M.CREATED_BY,
                            org.jooq
                                    .impl
                                    .DSL
                                    .when(isPerson(M.CREATED_BY), inline((String) null))
                                    .otherwise(M.CREATED_BY))
                    .set(
                            M.UPDATED_BY,
                            org.jooq
                                    .impl
                                    .DSL
                                    .when(isPerson(M.UPDATED_BY), inline((String) null))
                                    .otherwise(M.UPDATED_BY))
                    .where(M.ID.gt(AFTER_ENTRY.field()))
                    .and(M.ID.le(UP_TO_ENTRY.field()))
                    .and(isPerson(M.CREATED_BY).or(isPerson(M.UPDATED_BY))));

    static final Param<Long> AFTER_CHANGE = Param.of("afterSeq", CH.SEQ);
    static final Param<Long> UP_TO_CHANGE = Param.of("upToSeq", CH.SEQ);
    static final Param<String> CHANGE_LOW = Param.of("low", CH.NAMESPACE);
    static final Param<String> CHANGE_HIGH = Param.of("high", CH.NAMESPACE);
    static final Param<String> CHANGE_EXACT = Param.of("namespace", CH.NAMESPACE);

    /** The last seq of a batch of the search feed. */
    static final org.jooq.Field<Long> FEED_END =
            org.jooq.impl.DSL.max(CH.as("b").SEQ).as("batch_end");

    /** The seq ending the next batch of the search feed after a position. */
    static final Shape FEED_BATCH_END =
            Shape.write("erasureFeedBatch", dsl -> batchEnd(dsl, CH, CH.SEQ, AFTER_CHANGE, FEED_END));

    /** The feed rows of one seq range that name a namespace subtree (the namespace, or {@code low <= ns < high}). */
    static final Shape FEED_FORGET = Shape.write(
            "erasureFeed",
            dsl -> dsl.deleteFrom(CH)
                    .where(CH.SEQ.gt(AFTER_CHANGE.field()))
                    .and(CH.SEQ.le(UP_TO_CHANGE.field()))
                    .and(CH.NAMESPACE
                            .eq(CHANGE_EXACT.field())
                            .or(CH.NAMESPACE.ge(CHANGE_LOW.field()).and(CH.NAMESPACE.lt(CHANGE_HIGH.field())))));

    // ---- audit ----

    static final Param<Long> AFTER_AUDIT = Param.of("afterId", A.ID);
    static final Param<Long> UP_TO_AUDIT = Param.of("upToId", A.ID);
    static final Param<String> AUDIT_ACTOR = Param.of("actor", A.ACTOR);
    static final Param<String> AUDIT_ACTOR_AS_USER = Param.of("actorAsUser", A.ACTOR);
    static final Param<String> AUDIT_NAMESPACE = Param.of("namespace", A.MEMORY_NAMESPACE);
    static final Param<String> AUDIT_LOW = Param.of("low", A.MEMORY_NAMESPACE);
    static final Param<String> AUDIT_HIGH = Param.of("high", A.MEMORY_NAMESPACE);
    static final Param<String> AUDIT_TASK = Param.of("taskId", A.TASK_ID);
    static final Param<String> AUDIT_AGENT = Param.of("agentId", A.AGENT_ID);

    /** What an audit row keeps of erased data: its id, time, action type and memory operation. */
    static final String ERASED = "(erased)";

    /** The next audit rows' ids and times, in id order (the primary key). */
    static final Shape AUDIT_WALK = Shape.write(
            "retentionAudit",
            dsl -> dsl.select(A.ID, A.TIMESTAMP)
                    .from(A)
                    .where(A.ID.gt(AFTER_AUDIT.field()))
                    .orderBy(A.ID)
                    .limit(LIMIT.field()));

    static final Shape AUDIT_DELETE_RANGE = Shape.write(
            "retentionAuditDelete",
            dsl -> dsl.deleteFrom(A).where(A.ID.gt(AFTER_AUDIT.field())).and(A.ID.le(UP_TO_AUDIT.field())));

    private static org.jooq.UpdateSetMoreStep<?> scrubbed(org.jooq.DSLContext dsl) {
        return dsl.update(A)
                .set(A.ACTOR, inline((String) null))
                .set(A.ACTION_DATA, inline(JSON.valueOf("{}"), A.ACTION_DATA))
                .set(A.RESULT, inline((String) null))
                .set(
                        A.MEMORY_NAMESPACE,
                        org.jooq
                                .impl
                                .DSL
                                .when(A.MEMORY_NAMESPACE.isNull(), inline((String) null))
                                .otherwise(inline(ERASED)))
                .set(A.MEMORY_KEY, inline((String) null))
                .set(A.MEMORY_VERSION, inline((Integer) null))
                .set(A.MEMORY_ENTRY_ID, inline((Long) null));
    }

    /** Scrubs the audit of one namespace (audit_memory_by_namespace). */
    static final Shape AUDIT_SCRUB_NAMESPACE = Shape.write(
            "erasureAuditNamespace", dsl -> scrubbed(dsl).where(A.MEMORY_NAMESPACE.eq(AUDIT_NAMESPACE.field())));

    /** The next namespace of the audit inside a subtree's range (audit_memory_by_namespace). */
    static final Shape AUDIT_NEXT_NAMESPACE = Shape.write(
            "erasureAuditNextNamespace",
            dsl -> dsl.select(A.MEMORY_NAMESPACE)
                    .from(A)
                    .where(A.MEMORY_NAMESPACE.gt(AUDIT_LOW.field()))
                    .and(A.MEMORY_NAMESPACE.lt(AUDIT_HIGH.field()))
                    .orderBy(A.MEMORY_NAMESPACE)
                    .limit(inline(1)));

    /** Scrubs the audit rows of one task (audit_by_task). */
    static final Shape AUDIT_SCRUB_TASK =
            Shape.write("erasureAuditTask", dsl -> scrubbed(dsl).where(A.TASK_ID.eq(AUDIT_TASK.field())));

    /** Scrubs the audit rows of one agent (audit_by_agent). */
    static final Shape AUDIT_SCRUB_AGENT =
            Shape.write("erasureAuditAgent", dsl -> scrubbed(dsl).where(A.AGENT_ID.eq(AUDIT_AGENT.field())));

    /**
     * Scrubs the audit rows a person did (as {@link #AUDIT_SCRUB_TASK}: what they did is theirs),
     * over one id range of the primary key.
     */
    static final Shape AUDIT_FORGET_ACTOR = Shape.write(
            "erasureAuditActor",
            dsl -> scrubbed(dsl)
                    .where(A.ID.gt(AFTER_AUDIT.field()))
                    .and(A.ID.le(UP_TO_AUDIT.field()))
                    .and(A.ACTOR.in(AUDIT_ACTOR.field(), AUDIT_ACTOR_AS_USER.field())));

    // ---- metrics ----

    static final Param<Long> AFTER_METRIC = Param.of("afterId", MT.ID);
    static final Param<Long> UP_TO_METRIC = Param.of("upToId", MT.ID);

    static final Shape METRICS_WALK = Shape.write(
            "retentionMetrics",
            dsl -> dsl.select(MT.ID, MT.TIMESTAMP)
                    .from(MT)
                    .where(MT.ID.gt(AFTER_METRIC.field()))
                    .orderBy(MT.ID)
                    .limit(LIMIT.field()));

    static final Shape METRICS_DELETE_RANGE = Shape.write(
            "retentionMetricsDelete",
            dsl -> dsl.deleteFrom(MT).where(MT.ID.gt(AFTER_METRIC.field())).and(MT.ID.le(UP_TO_METRIC.field())));

    // ---- checkpoints, tasks, agents ----

    static final Param<String> AFTER_TASK = Param.of("afterTaskId", CP.TASK_ID);
    static final Param<Integer> AFTER_ITERATION = Param.of("afterIteration", CP.ITERATION);
    static final Param<String> CHECKPOINT_TASK = Param.of("taskId", CP.TASK_ID);
    static final Param<Integer> KEEP = Param.of("keep", SQLDataType.INTEGER);

    /** The next checkpoints' keys in (task, iteration) order (the primary key). */
    static final Shape CHECKPOINTS_WALK = Shape.write(
            "retentionCheckpoints",
            dsl -> dsl.select(CP.TASK_ID, CP.ITERATION)
                    .from(CP)
                    .where(row(CP.TASK_ID, CP.ITERATION).gt(AFTER_TASK.field(), AFTER_ITERATION.field()))
                    .orderBy(CP.TASK_ID, CP.ITERATION)
                    .limit(LIMIT.field()));

    /**
     * Up to {@code limit} of a task's checkpoints older than its {@code keep} newest, oldest first:
     * those at or below the {@code keep + 1}-th newest iteration, read backwards from the task's
     * newest (one range of the primary key).
     */
    static final Shape CHECKPOINTS_PRUNE = Shape.write("retentionCheckpointsDelete", dsl -> {
        Checkpoints inner = CP.as("inner");
        Checkpoints newest = CP.as("newest");
        return dsl.deleteFrom(CP)
                .where(CP.TASK_ID.eq(CHECKPOINT_TASK.field()))
                .and(CP.ITERATION.in(dsl.select(inner.ITERATION)
                        .from(inner)
                        .where(inner.TASK_ID.eq(CHECKPOINT_TASK.field()))
                        .and(inner.ITERATION.le(dsl.select(newest.ITERATION)
                                .from(newest)
                                .where(newest.TASK_ID.eq(CHECKPOINT_TASK.field()))
                                .orderBy(newest.ITERATION.desc())
                                .limit(inline(1))
                                .offset(KEEP.field())))
                        .orderBy(inner.ITERATION)
                        .limit(LIMIT.field())));
    });

    /** Every checkpoint of one task (erasure). */
    static final Shape CHECKPOINTS_OF_TASK_DELETE = Shape.write(
            "erasureTaskCheckpoints", dsl -> dsl.deleteFrom(CP).where(CP.TASK_ID.eq(CHECKPOINT_TASK.field())));

    static final Param<String> CHECKPOINT_SESSION = Param.of("sessionId", CP.SESSION_ID);

    /** The checkpoints saved in one session (checkpoints_by_session). */
    static final Shape CHECKPOINTS_OF_SESSION_DELETE = Shape.write(
            "erasureSessionCheckpoints",
            dsl -> dsl.deleteFrom(CP)
                    .where(CP.SESSION_ID.eq(CHECKPOINT_SESSION.field()))
                    .and(CP.SESSION_ID.isNotNull()));

    static final Param<String> TASK = Param.of("taskId", T.ID);
    static final Param<String> TASK_SESSION = Param.of("sessionId", T.SESSION_ID);

    /** The tasks of one session (tasks_by_session). */
    static final Shape TASKS_OF_SESSION = Shape.write(
            "erasureSessionTasks",
            dsl -> dsl.select(T.ID)
                    .from(T)
                    .where(T.SESSION_ID.eq(TASK_SESSION.field()))
                    .and(T.SESSION_ID.isNotNull())
                    .orderBy(T.SUBMITTED_AT, T.ID)
                    .limit(LIMIT.field()));

    static final Param<String> STATE_TASK = Param.of("taskId", ST.TASK_ID);

    static final Shape TASK_STATE_DELETE =
            Shape.write("erasureTaskState", dsl -> dsl.deleteFrom(ST).where(ST.TASK_ID.eq(STATE_TASK.field())));

    static final Shape TASK_DELETE =
            Shape.write("erasureTask", dsl -> dsl.deleteFrom(T).where(T.ID.eq(TASK.field())));

    static final Param<String> AFTER_TASK_ID = Param.of("afterId", T.ID);
    static final Param<String> UP_TO_TASK_ID = Param.of("upToId", T.ID);
    static final Param<String> TASK_CREATOR = Param.of("person", T.CREATED_BY);
    static final Param<String> TASK_CREATOR_AS_USER = Param.of("personAsUser", T.CREATED_BY);

    /** The last id of a batch of tasks. */
    static final org.jooq.Field<String> TASKS_END =
            org.jooq.impl.DSL.max(T.as("b").ID).as("batch_end");

    /** The id ending the next batch of tasks' primary key after a position. */
    static final Shape TASKS_BATCH_END =
            Shape.write("erasureTasksBatch", dsl -> batchEnd(dsl, T, T.ID, AFTER_TASK_ID, TASKS_END));

    /** Forgets a person as the creator of tasks over one id range. */
    static final Shape TASKS_FORGET_CREATOR = Shape.write(
            "erasureTasksCreator",
            dsl -> dsl.update(T)
                    .set(T.CREATED_BY, inline((String) null))
                    .where(T.ID.gt(AFTER_TASK_ID.field()))
                    .and(T.ID.le(UP_TO_TASK_ID.field()))
                    .and(T.CREATED_BY.in(TASK_CREATOR.field(), TASK_CREATOR_AS_USER.field())));

    static final Param<String> AGENT = Param.of("agentId", AG.ID);
    static final Param<String> AGENT_SESSION = Param.of("sessionId", AG.SESSION_ID);
    static final Param<String> AGENT_TASK = Param.of("taskId", AG.TASK_ID);

    /** The agents of one session (agents_by_session). */
    static final Shape AGENTS_OF_SESSION = Shape.write(
            "erasureSessionAgents",
            dsl -> dsl.select(AG.ID)
                    .from(AG)
                    .where(AG.SESSION_ID.eq(AGENT_SESSION.field()))
                    .and(AG.SESSION_ID.isNotNull())
                    .orderBy(AG.SPAWNED_AT, AG.ID)
                    .limit(LIMIT.field()));

    /** The agents of one task (agents_by_task). */
    static final Shape AGENTS_OF_TASK = Shape.write(
            "erasureTaskAgents",
            dsl -> dsl.select(AG.ID)
                    .from(AG)
                    .where(AG.TASK_ID.eq(AGENT_TASK.field()))
                    .and(AG.TASK_ID.isNotNull())
                    .orderBy(AG.SPAWNED_AT, AG.ID)
                    .limit(LIMIT.field()));

    static final Shape AGENT_DELETE =
            Shape.write("erasureAgent", dsl -> dsl.deleteFrom(AG).where(AG.ID.eq(AGENT.field())));

    // ---- shared state ----

    static final Param<String> STATE_APP = Param.of("appName", US.APP_NAME);
    static final Param<String> STATE_USER = Param.of("userId", US.USER_ID);
    static final Param<String> AFTER_APP = Param.of("afterApp", US.APP_NAME);
    static final Param<String> AFTER_USER = Param.of("afterUser", US.USER_ID);

    /** A user's shared state in one app (the primary key). */
    static final Shape USER_STATE_DELETE = Shape.write(
            "erasureUserState",
            dsl -> dsl.deleteFrom(US).where(US.APP_NAME.eq(STATE_APP.field())).and(US.USER_ID.eq(STATE_USER.field())));

    /** The next user_states keys in primary-key order (erasure in every app finds the user's apps). */
    static final Shape USER_STATES_WALK = Shape.write(
            "erasureUserStates",
            dsl -> dsl.select(US.APP_NAME, US.USER_ID)
                    .from(US)
                    .where(row(US.APP_NAME, US.USER_ID).gt(AFTER_APP.field(), AFTER_USER.field()))
                    .orderBy(US.APP_NAME, US.USER_ID)
                    .limit(LIMIT.field()));

    // ---- history (memory_changes, session_states, shared_states, history_horizons) ----

    private static final io.agentstore.internal.db.tables.MemoryChanges MC =
            io.agentstore.internal.db.Tables.MEMORY_CHANGES;
    private static final io.agentstore.internal.db.tables.SessionStates SST =
            io.agentstore.internal.db.Tables.SESSION_STATES;
    private static final io.agentstore.internal.db.tables.SharedStates SHS =
            io.agentstore.internal.db.Tables.SHARED_STATES;

    static final Param<String> CHANGES_EXACT = Param.of("namespace", MC.NAMESPACE);
    static final Param<String> CHANGES_LOW = Param.of("low", MC.NAMESPACE);
    static final Param<String> CHANGES_HIGH = Param.of("high", MC.NAMESPACE);

    /** Up to {@code limit} changes of a namespace subtree (the namespace, or {@code low <= ns < high}): erasure. */
    static final Shape MEMORY_CHANGES_DELETE = Shape.write("erasureMemoryChanges", dsl -> {
        io.agentstore.internal.db.tables.MemoryChanges inner = MC.as("inner");
        return dsl.deleteFrom(MC)
                .where(row(MC.NAMESPACE, MC.KEY, MC.CHANGED_AT)
                        .in(dsl.select(inner.NAMESPACE, inner.KEY, inner.CHANGED_AT)
                                .from(inner)
                                .where(inner.NAMESPACE
                                        .eq(CHANGES_EXACT.field())
                                        .or(inner.NAMESPACE
                                                .ge(CHANGES_LOW.field())
                                                .and(inner.NAMESPACE.lt(CHANGES_HIGH.field()))))
                                .limit(LIMIT.field()))); // any batch of them: no order needed
    });

    /** The changes that made a key's prunable versions current become forgotten (before the versions go). */
    static final Shape MEMORY_CHANGES_FORGET = Shape.write("retentionMemoryChanges", dsl -> {
        MemoryEntries doomed = M.as("doomed");
        return dsl.update(MC)
                .set(MC.ENTRY_ID, inline((Long) null))
                .set(MC.FORGOTTEN, inline(true))
                .where(MC.NAMESPACE.eq(NAMESPACE.field()))
                .and(MC.KEY.eq(KEY.field()))
                .and(MC.ENTRY_ID.in(dsl.select(doomed.ID).from(doomed).where(prunable(doomed))));
    });

    static final Param<Instant> CHANGES_CUTOFF = Param.of("cutoff", MC.CHANGED_AT);

    /** The last change of a key at or before the cutoff: what a read at the cutoff sees. */
    private static org.jooq.Field<Instant> lastChangeBy(org.jooq.DSLContext dsl) {
        io.agentstore.internal.db.tables.MemoryChanges last = MC.as("last_change");
        return org.jooq.impl.DSL.field(dsl.select(org.jooq.impl.DSL.max(last.CHANGED_AT))
                .from(last)
                .where(last.NAMESPACE.eq(NAMESPACE.field()))
                .and(last.KEY.eq(KEY.field()))
                .and(last.CHANGED_AT.le(CHANGES_CUTOFF.field())));
    }

    /** A key's changes superseded before the cutoff become forgotten (retention by age). */
    static final Shape MEMORY_CHANGES_AGE = Shape.write(
            "retentionMemoryChangesAge",
            dsl -> dsl.update(MC)
                    .set(MC.ENTRY_ID, inline((Long) null))
                    .set(MC.FORGOTTEN, inline(true))
                    .where(MC.NAMESPACE.eq(NAMESPACE.field()))
                    .and(MC.KEY.eq(KEY.field()))
                    .and(MC.CHANGED_AT.lt(lastChangeBy(dsl))));

    /**
     * Of a key's forgotten changes before the last one at or before the cutoff, all but the
     * earliest go (it keeps the key's first mark, and a read before it is refused).
     */
    static final Shape MEMORY_CHANGES_TRIM = Shape.write("retentionMemoryChangesTrim", dsl -> {
        io.agentstore.internal.db.tables.MemoryChanges earliest = MC.as("earliest");
        return dsl.deleteFrom(MC)
                .where(MC.NAMESPACE.eq(NAMESPACE.field()))
                .and(MC.KEY.eq(KEY.field()))
                .and(MC.FORGOTTEN.eq(inline(true)))
                .and(MC.CHANGED_AT.lt(lastChangeBy(dsl)))
                .and(MC.CHANGED_AT.gt(org.jooq.impl.DSL.field(dsl.select(org.jooq.impl.DSL.min(earliest.CHANGED_AT))
                        .from(earliest)
                        .where(earliest.NAMESPACE.eq(NAMESPACE.field()))
                        .and(earliest.KEY.eq(KEY.field())))));
    });

    static final Param<String> STATES_OF = Param.of("sessionId", SST.SESSION_ID);
    static final Param<Instant> STATES_CUTOFF = Param.of("cutoff", SST.CHANGED_AT);
    static final Param<Long> STATES_BELOW_SEQ = Param.of("belowSeq", SST.EVENT_SEQ);

    /** A session's state changes superseded before the cutoff (session_states_by_time): retention by age. */
    static final Shape SESSION_STATES_AGE = Shape.write("retentionSessionStatesAge", dsl -> {
        io.agentstore.internal.db.tables.SessionStates last = SST.as("last_state");
        return dsl.deleteFrom(SST)
                .where(SST.SESSION_ID.eq(STATES_OF.field()))
                .and(SST.CHANGED_AT.lt(org.jooq.impl.DSL.field(dsl.select(org.jooq.impl.DSL.max(last.CHANGED_AT))
                        .from(last)
                        .where(last.SESSION_ID.eq(STATES_OF.field()))
                        .and(last.CHANGED_AT.le(STATES_CUTOFF.field())))));
    });

    /** A session's state changes superseded before its first kept event: retention by count (the primary key). */
    static final Shape SESSION_STATES_BEFORE = Shape.write("retentionSessionStatesBefore", dsl -> {
        io.agentstore.internal.db.tables.SessionStates last = SST.as("last_state");
        return dsl.deleteFrom(SST)
                .where(SST.SESSION_ID.eq(STATES_OF.field()))
                .and(row(SST.EVENT_SEQ, SST.STEP)
                        .lt(dsl.select(last.EVENT_SEQ, last.STEP)
                                .from(last)
                                .where(last.SESSION_ID.eq(STATES_OF.field()))
                                .and(last.EVENT_SEQ.lt(STATES_BELOW_SEQ.field()))
                                .orderBy(last.EVENT_SEQ.desc(), last.STEP.desc())
                                .limit(inline(1))));
    });

    /** Every state change of a session (erasure, and a purged session). */
    static final Shape SESSION_STATES_DELETE =
            Shape.write("erasureSessionStates", dsl -> dsl.deleteFrom(SST).where(SST.SESSION_ID.eq(STATES_OF.field())));

    static final Param<String> SHARED_APP = Param.of("appName", SHS.APP_NAME);
    static final Param<String> SHARED_USER = Param.of("userId", SHS.USER_ID);
    static final Param<Instant> SHARED_AFTER_AT = Param.of("afterAt", SHS.CHANGED_AT);
    static final Param<Instant> SHARED_CUTOFF = Param.of("cutoff", SHS.CHANGED_AT);

    /** The next shared-state changes in primary-key order after a position. */
    static final Shape SHARED_STATES_WALK = Shape.write(
            "retentionSharedStates",
            dsl -> dsl.select(SHS.APP_NAME, SHS.USER_ID, SHS.CHANGED_AT)
                    .from(SHS)
                    .where(row(SHS.APP_NAME, SHS.USER_ID, SHS.CHANGED_AT)
                            .gt(SHARED_APP.field(), SHARED_USER.field(), SHARED_AFTER_AT.field()))
                    .orderBy(SHS.APP_NAME, SHS.USER_ID, SHS.CHANGED_AT)
                    .limit(LIMIT.field()));

    /** One app's or user's shared-state changes superseded before the cutoff. */
    static final Shape SHARED_STATES_AGE = Shape.write("retentionSharedStatesAge", dsl -> {
        io.agentstore.internal.db.tables.SharedStates last = SHS.as("last_shared");
        return dsl.deleteFrom(SHS)
                .where(SHS.APP_NAME.eq(SHARED_APP.field()))
                .and(SHS.USER_ID.eq(SHARED_USER.field()))
                .and(SHS.CHANGED_AT.lt(org.jooq.impl.DSL.field(dsl.select(org.jooq.impl.DSL.max(last.CHANGED_AT))
                        .from(last)
                        .where(last.APP_NAME.eq(SHARED_APP.field()))
                        .and(last.USER_ID.eq(SHARED_USER.field()))
                        .and(last.CHANGED_AT.le(SHARED_CUTOFF.field())))));
    });

    /** Every shared-state change of one user in one app (erasure). */
    static final Shape SHARED_STATES_DELETE = Shape.write(
            "erasureSharedStates",
            dsl -> dsl.deleteFrom(SHS)
                    .where(SHS.APP_NAME.eq(SHARED_APP.field()))
                    .and(SHS.USER_ID.eq(SHARED_USER.field())));

    // ---- the search feeds ----

    private static final io.agentstore.internal.db.tables.SearchFeedFloors FLOORS =
            io.agentstore.internal.db.Tables.SEARCH_FEED_FLOORS;

    static final Param<String> FEED = Param.of("feed", FLOORS.FEED);
    static final Param<Long> FLOOR = Param.of("floor", FLOORS.FLOOR);

    /** Raises a feed's floor (never lowers it). */
    static final Shape FEED_FLOOR_RAISE = Shape.write(
            "retentionFeedFloor",
            dsl -> dsl.insertInto(FLOORS, FLOORS.FEED, FLOORS.FLOOR)
                    .values(FEED.field(), FLOOR.field())
                    .onConflict(FLOORS.FEED)
                    .doUpdate()
                    .set(
                            FLOORS.FLOOR,
                            org.jooq.impl.DSL.greatest(FLOORS.FLOOR, org.jooq.impl.DSL.excluded(FLOORS.FLOOR))));

    /** The statements that trim one search feed to its newest rows. */
    record FeedShapes(String feed, Shape newest, Shape floorOf, Shape prune, Param<Long> cut) {
        org.jooq.Field<Long> newestField() {
            return NEWEST;
        }

        org.jooq.Field<Long> floorField() {
            return FLOOR_VALUE;
        }
    }

    static final org.jooq.Field<Long> NEWEST =
            org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("newest"), SQLDataType.BIGINT);
    static final org.jooq.Field<Long> FLOOR_VALUE =
            org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("floor_value"), SQLDataType.BIGINT);

    private static FeedShapes feedShapes(
            String feed, String name, org.jooq.Table<?> table, org.jooq.TableField<?, Long> seq) {
        Param<Long> cut = Param.of("cut", seq);
        return new FeedShapes(
                feed,
                Shape.write(
                        "retention" + name + "FeedNewest",
                        dsl -> dsl.select(org.jooq.impl.DSL.max(seq).as(NEWEST)).from(table)),
                Shape.write(
                        "retention" + name + "FeedFloorOf",
                        dsl -> io.agentstore.internal.shape.EngineSql.feedFloor(
                                dsl, table, seq, cut.field(), FLOOR_VALUE)),
                Shape.write("retention" + name + "FeedPrune", dsl -> {
                    org.jooq.Table<?> inner = table.as("inner");
                    org.jooq.Field<Long> innerSeq = inner.field(seq);
                    return dsl.deleteFrom(table)
                            .where(seq.in(dsl.select(innerSeq)
                                    .from(inner)
                                    .where(innerSeq.le(cut.field()))
                                    .orderBy(innerSeq)
                                    .limit(LIMIT.field())));
                }),
                cut);
    }

    static final FeedShapes MEMORY_FEED = feedShapes("memory", "Memory", CH, CH.SEQ);
    static final FeedShapes DOCUMENT_FEED = feedShapes(
            "documents",
            "Document",
            io.agentstore.internal.db.Tables.DOCUMENT_VECTOR_CHANGES,
            io.agentstore.internal.db.Tables.DOCUMENT_VECTOR_CHANGES.SEQ);
}
