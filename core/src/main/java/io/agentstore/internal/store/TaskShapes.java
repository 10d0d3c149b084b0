package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.STATE;
import static io.agentstore.internal.db.Tables.TASKS;
import static io.agentstore.internal.db.Tables.TASK_DEPENDENCIES;
import static io.agentstore.internal.store.Pages.AFTER_AT;
import static io.agentstore.internal.store.Pages.BEFORE_AT;
import static io.agentstore.internal.store.Pages.LIMIT;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.row;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentstore.ErrorCode;
import io.agentstore.internal.Failures;
import io.agentstore.internal.db.tables.State;
import io.agentstore.internal.db.tables.TaskDependencies;
import io.agentstore.internal.db.tables.Tasks;
import io.agentstore.internal.db.tables.records.TasksRecord;
import io.agentstore.internal.shape.Columns;
import io.agentstore.internal.shape.EngineSql;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import io.agentstore.tasks.Task;
import io.agentstore.tasks.TaskStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.Record;
import org.jooq.SelectForUpdateStep;
import org.jooq.SelectWhereStep;
import org.jooq.UpdateSetMoreStep;

/** The query shapes of the task queue and the legacy per-task state. */
final class TaskShapes {

    private TaskShapes() {}

    private static final Tasks T = TASKS;
    private static final TaskDependencies D = TASK_DEPENDENCIES;
    private static final State ST = STATE;

    static final Param<String> ID = Param.of("id", T.ID);
    static final Param<String> PROMPT = Param.of("prompt", T.PROMPT);
    static final Param<String> AGENT_TYPE = Param.of("agentType", T.AGENT_TYPE);
    static final Param<Integer> PRIORITY = Param.of("priority", T.PRIORITY);
    static final Param<JSON> INPUT = Param.of("input", T.INPUT_DATA);
    static final Param<Integer> MAX_RETRIES = Param.of("maxRetries", T.MAX_RETRIES);
    static final Param<Integer> TIMEOUT_SECONDS = Param.of("timeoutSeconds", T.MAX_EXECUTION_TIMEOUT_SECONDS);
    static final Param<String> CREATED_BY = Param.of("createdBy", T.CREATED_BY);
    static final Param<String> PARENT_ID = Param.of("parentId", T.PARENT_TASK_ID);
    static final Param<JSON> DEPENDENCIES = Param.of("dependencies", T.DEPENDENCIES);
    static final Param<Integer> UNMET = Param.of("unmet", T.UNMET_DEPENDENCIES);
    static final Param<String> SESSION_ID = Param.of("sessionId", T.SESSION_ID);
    static final Param<TaskStatus> STATUS = Param.of("status", T.STATUS);
    /** The time of the change: every timestamp a statement sets to "now" binds this one value. */
    static final Param<Instant> NOW = Param.of("now", T.LAST_UPDATED_AT);

    static final Param<Instant> TIMEOUT_AT = Param.of("timeoutAt", T.TIMEOUT_AT);
    static final Param<JSON> RESULT = Param.of("result", T.RESULT_DATA);
    static final Param<String> ERROR = Param.of("error", T.ERROR_MESSAGE);
    static final Param<String> AFTER_ID = Param.of("afterId", T.ID);
    static final Param<String> BEFORE_ID = Param.of("beforeId", T.ID);
    static final Param<Instant> TO = Param.of("to", T.SUBMITTED_AT);

    static final Param<String> DEPENDENT = Param.of("taskId", D.TASK_ID);
    static final Param<String> DEPENDS_ON = Param.of("dependsOn", D.DEPENDS_ON_TASK_ID);

    static final Param<String> STATE_TASK = Param.of("taskId", ST.TASK_ID);
    static final Param<String> STATE_KEY = Param.of("key", ST.KEY);
    static final Param<JSON> STATE_VALUE = Param.of("value", ST.VALUE);
    static final Param<Instant> STATE_NOW = Param.of("now", ST.UPDATED_AT);

    /** A task row. */
    static final Columns<Task> TASK = Columns.of(
            List.of(
                    T.ID,
                    T.PROMPT,
                    T.AGENT_TYPE,
                    T.PRIORITY,
                    T.STATUS,
                    T.INPUT_DATA,
                    T.RESULT_DATA,
                    T.ERROR_MESSAGE,
                    T.RETRY_COUNT,
                    T.MAX_RETRIES,
                    T.MAX_EXECUTION_TIMEOUT_SECONDS,
                    T.SUBMITTED_AT,
                    T.STARTED_AT,
                    T.TIMEOUT_AT,
                    T.COMPLETED_AT,
                    T.LAST_UPDATED_AT,
                    T.CREATED_BY,
                    T.PARENT_TASK_ID,
                    T.DEPENDENCIES,
                    T.UNMET_DEPENDENCIES,
                    T.SESSION_ID),
            r -> new TaskRow(
                    r.get(T.ID),
                    r.get(T.PROMPT),
                    r.get(T.AGENT_TYPE),
                    r.get(T.PRIORITY),
                    r.get(T.STATUS),
                    Stored.json(r.get(T.INPUT_DATA)),
                    Stored.json(r.get(T.RESULT_DATA)),
                    r.get(T.ERROR_MESSAGE),
                    r.get(T.RETRY_COUNT),
                    r.get(T.MAX_RETRIES),
                    r.get(T.MAX_EXECUTION_TIMEOUT_SECONDS),
                    r.get(T.SUBMITTED_AT),
                    r.get(T.STARTED_AT),
                    r.get(T.TIMEOUT_AT),
                    r.get(T.COMPLETED_AT),
                    r.get(T.LAST_UPDATED_AT),
                    r.get(T.CREATED_BY),
                    r.get(T.PARENT_TASK_ID),
                    dependencies(r.get(T.DEPENDENCIES)),
                    r.get(T.UNMET_DEPENDENCIES),
                    r.get(T.SESSION_ID)));

    private static List<String> dependencies(JSON stored) {
        String json = stored.data();
        if (json.equals("[]")) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>();
            for (JsonNode n : Stored.MAPPER.readTree(json)) {
                out.add(n.asText());
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw Failures.of(ErrorCode.STORAGE, "stored task dependencies do not parse: " + Check.quote(json), e);
        }
    }

    private static Field<TaskStatus> status(TaskStatus s) {
        return inline(s, T.STATUS);
    }

    static final Shape TASK_INSERT = Shape.write(
            "taskInsert",
            dsl -> dsl.insertInto(
                            T,
                            T.ID,
                            T.PROMPT,
                            T.AGENT_TYPE,
                            T.PRIORITY,
                            T.STATUS,
                            T.INPUT_DATA,
                            T.MAX_RETRIES,
                            T.MAX_EXECUTION_TIMEOUT_SECONDS,
                            T.SUBMITTED_AT,
                            T.LAST_UPDATED_AT,
                            T.CREATED_BY,
                            T.PARENT_TASK_ID,
                            T.DEPENDENCIES,
                            T.UNMET_DEPENDENCIES,
                            T.SESSION_ID)
                    .values(
                            ID.field(),
                            PROMPT.field(),
                            AGENT_TYPE.field(),
                            PRIORITY.field(),
                            status(TaskStatus.PENDING),
                            INPUT.field(),
                            MAX_RETRIES.field(),
                            TIMEOUT_SECONDS.field(),
                            NOW.field(),
                            NOW.field(),
                            CREATED_BY.field(),
                            PARENT_ID.field(),
                            DEPENDENCIES.field(),
                            UNMET.field(),
                            SESSION_ID.field()));

    static final Shape TASK_DEPENDENCY_INSERT = Shape.write(
            "taskDependencyInsert",
            dsl -> dsl.insertInto(D, D.TASK_ID, D.DEPENDS_ON_TASK_ID).values(DEPENDENT.field(), DEPENDS_ON.field()));

    static final Shape TASK_BY_ID =
            Shape.read("taskById", dsl -> dsl.select(TASK.fields()).from(T).where(T.ID.eq(ID.field())));

    static final Shape TASK_FOR_WRITE = TASK_BY_ID.forWriter();

    /** The next {@code LIMIT} runnable tasks in queue order, of a select from tasks: one range of tasks_dequeue. */
    private static <R extends Record> SelectForUpdateStep<R> runnable(SelectWhereStep<R> fromTasks) {
        return fromTasks
                .where(T.STATUS.eq(status(TaskStatus.PENDING)))
                .and(T.UNMET_DEPENDENCIES.eq(inline(0)))
                .orderBy(T.PRIORITY.desc(), T.SUBMITTED_AT, T.ID)
                .limit(LIMIT.field());
    }

    /**
     * The claim, in one statement: the next runnable tasks (one range of the partial index
     * tasks_dequeue), set running with their timeout computed from their own limit, and
     * returned. On a server the rows are locked as they are read and passed over when another
     * claimer holds them ({@code FOR UPDATE SKIP LOCKED}), so concurrent claimers never take one
     * task twice and never wait for each other.
     */
    static final Shape TASK_CLAIM = Shape.write(
            "taskClaim",
            dsl -> EngineSql.returning(
                    dsl,
                    starting(dsl, EngineSql.plusSeconds(dsl, NOW.field(), T.MAX_EXECUTION_TIMEOUT_SECONDS))
                            .where(EngineSql.claimed(
                                    dsl, T.ID, runnable(dsl.select(T.ID).from(T))))
                            // A check on each row the ids lead to (by the primary key), never the
                            // way in: SQLite, seeing "status = ?", would walk every pending task of
                            // tasks_by_status looking for the few ids.
                            .and(EngineSql.filterOnly(dsl, T.STATUS).eq(status(TaskStatus.PENDING))),
                    TASK.fields()));

    /** A task set running now, until the given timeout. */
    private static UpdateSetMoreStep<TasksRecord> starting(DSLContext dsl, Field<Instant> timeoutAt) {
        return dsl.update(T)
                .set(T.STATUS, status(TaskStatus.RUNNING))
                .set(T.STARTED_AT, NOW.field())
                .set(T.TIMEOUT_AT, timeoutAt)
                .set(T.LAST_UPDATED_AT, NOW.field());
    }

    /**
     * A task leaves the queue for good: its final status, its result or error, the time it ended;
     * only from the statuses given, so a concurrent change is never overwritten.
     */
    private static <X> Shape finishing(
            String name, TaskStatus to, Field<X> detailColumn, Param<X> detail, TaskStatus... from) {
        return Shape.write(
                name,
                dsl -> EngineSql.returning(
                        dsl,
                        dsl.update(T)
                                .set(T.STATUS, status(to))
                                .set(detailColumn, detail.field())
                                .set(T.COMPLETED_AT, NOW.field())
                                .set(T.TIMEOUT_AT, inline(null, T.TIMEOUT_AT))
                                .set(T.LAST_UPDATED_AT, NOW.field())
                                .where(T.ID.eq(ID.field()))
                                .and(
                                        from.length == 1
                                                ? T.STATUS.eq(status(from[0]))
                                                : T.STATUS.in(Arrays.stream(from)
                                                        .map(TaskShapes::status)
                                                        .toList())),
                        TASK.fields()));
    }

    static final Shape TASK_COMPLETE =
            finishing("taskComplete", TaskStatus.COMPLETED, T.RESULT_DATA, RESULT, TaskStatus.RUNNING);

    static final Shape TASK_REQUEUE = Shape.write(
            "taskRequeue",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.update(T)
                            .set(T.STATUS, status(TaskStatus.PENDING))
                            .set(T.RETRY_COUNT, T.RETRY_COUNT.plus(inline(1)))
                            .set(T.ERROR_MESSAGE, ERROR.field())
                            .set(T.STARTED_AT, inline(null, T.STARTED_AT))
                            .set(T.TIMEOUT_AT, inline(null, T.TIMEOUT_AT))
                            .set(T.LAST_UPDATED_AT, NOW.field())
                            .where(T.ID.eq(ID.field()))
                            .and(T.STATUS.eq(status(TaskStatus.RUNNING))),
                    TASK.fields()));

    static final Shape TASK_FAIL = finishing("taskFail", TaskStatus.FAILED, T.ERROR_MESSAGE, ERROR, TaskStatus.RUNNING);

    static final Shape TASK_CANCEL = finishing(
            "taskCancel", TaskStatus.CANCELLED, T.ERROR_MESSAGE, ERROR, TaskStatus.PENDING, TaskStatus.RUNNING);

    static final Shape TASK_DEPENDENTS = Shape.write(
            "taskDependents", dsl -> dsl.select(D.TASK_ID).from(D).where(D.DEPENDS_ON_TASK_ID.eq(DEPENDS_ON.field())));

    /** One dependency fewer for every task that waits on the given one, in one statement (when it completes). */
    static final Shape TASK_RELEASE_DEPENDENTS = Shape.write(
            "taskReleaseDependents",
            dsl -> dsl.update(T)
                    .set(T.UNMET_DEPENDENCIES, T.UNMET_DEPENDENCIES.minus(inline(1)))
                    .where(T.ID.in(dsl.select(D.TASK_ID).from(D).where(D.DEPENDS_ON_TASK_ID.eq(DEPENDS_ON.field()))))
                    .and(T.UNMET_DEPENDENCIES.gt(inline(0))));

    private static Condition runningPastTimeout() {
        return T.STATUS.eq(status(TaskStatus.RUNNING)).and(T.TIMEOUT_AT.le(NOW.field()));
    }

    static final Shape TASKS_TIMED_OUT = Shape.read(
            "tasksTimedOut",
            dsl -> dsl.select(TASK.fields())
                    .from(T)
                    .where(runningPastTimeout())
                    .orderBy(T.TIMEOUT_AT)
                    .limit(LIMIT.field()));

    static final Shape TASKS_TIMED_OUT_FOR_WRITE = TASKS_TIMED_OUT.forWriter();

    static final Shape TASKS_CHILDREN = Shape.read(
            "tasksChildren",
            dsl -> dsl.select(TASK.fields())
                    .from(T)
                    .where(T.PARENT_TASK_ID.eq(PARENT_ID.field()))
                    .and(row(T.SUBMITTED_AT, T.ID).gt(AFTER_AT.field(), AFTER_ID.field()))
                    .orderBy(T.SUBMITTED_AT, T.ID)
                    .limit(LIMIT.field()));

    static final Shape TASKS_OF_SESSION = Shape.read(
            "tasksOfSession",
            dsl -> dsl.select(TASK.fields())
                    .from(T)
                    .where(T.SESSION_ID.eq(SESSION_ID.field()))
                    .and(row(T.SUBMITTED_AT, T.ID).lt(BEFORE_AT.field(), BEFORE_ID.field()))
                    .orderBy(T.SUBMITTED_AT.desc(), T.ID.desc())
                    .limit(LIMIT.field()));

    static final Shape TASKS_BY_STATUS = Shape.read(
            "tasksByStatus",
            dsl -> dsl.select(TASK.fields())
                    .from(T)
                    .where(T.STATUS.eq(STATUS.field()))
                    .and(row(T.SUBMITTED_AT, T.ID).gt(AFTER_AT.field(), AFTER_ID.field()))
                    .orderBy(T.SUBMITTED_AT, T.ID)
                    .limit(LIMIT.field()));

    static final Shape TASKS_SUBMITTED_BETWEEN = Shape.read(
            "tasksSubmittedBetween",
            dsl -> dsl.select(TASK.fields())
                    .from(T)
                    .where(row(T.SUBMITTED_AT, T.ID).gt(AFTER_AT.field(), AFTER_ID.field()))
                    .and(T.SUBMITTED_AT.lt(TO.field()))
                    .orderBy(T.SUBMITTED_AT, T.ID)
                    .limit(LIMIT.field()));

    static final Shape STATE_GET = Shape.read(
            "legacyStateGet",
            dsl -> dsl.select(ST.VALUE)
                    .from(ST)
                    .where(ST.TASK_ID.eq(STATE_TASK.field()))
                    .and(ST.KEY.eq(STATE_KEY.field())));

    static final Shape STATE_PUT = Shape.write(
            "legacyStatePut",
            dsl -> dsl.insertInto(ST, ST.TASK_ID, ST.KEY, ST.VALUE, ST.CREATED_AT, ST.UPDATED_AT)
                    .values(
                            STATE_TASK.field(),
                            STATE_KEY.field(),
                            STATE_VALUE.field(),
                            STATE_NOW.field(),
                            STATE_NOW.field())
                    .onConflict(ST.TASK_ID, ST.KEY)
                    .doUpdate()
                    .set(ST.VALUE, excluded(ST.VALUE))
                    .set(ST.UPDATED_AT, excluded(ST.UPDATED_AT)));
}
