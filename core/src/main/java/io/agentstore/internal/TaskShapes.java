package io.agentstore.internal;

import static io.agentstore.db.Tables.STATE;
import static io.agentstore.db.Tables.TASKS;
import static io.agentstore.db.Tables.TASK_DEPENDENCIES;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.row;

import io.agentstore.db.tables.Tasks;
import java.util.List;
import org.jooq.SelectField;

/** The query shapes of the task queue and the legacy per-task state. */
final class TaskShapes {

    private TaskShapes() {
    }

    private static final Tasks T = TASKS;

    /** The columns of a task row, in mapper order. */
    static final List<SelectField<?>> TASK = List.of(T.ID, T.PROMPT, T.AGENT_TYPE, T.PRIORITY, T.STATUS, T.INPUT_DATA,
            T.RESULT_DATA, T.ERROR_MESSAGE, T.RETRY_COUNT, T.MAX_RETRIES, T.MAX_EXECUTION_TIMEOUT_SECONDS,
            T.SUBMITTED_AT, T.STARTED_AT, T.TIMEOUT_AT, T.COMPLETED_AT, T.LAST_UPDATED_AT, T.CREATED_BY,
            T.PARENT_TASK_ID, T.DEPENDENCIES, T.UNMET_DEPENDENCIES, T.SESSION_ID);

    static final Shape TASK_INSERT = Shape.write("taskInsert", dsl -> dsl
            .insertInto(T, T.ID, T.PROMPT, T.AGENT_TYPE, T.PRIORITY, T.STATUS, T.INPUT_DATA, T.MAX_RETRIES,
                    T.MAX_EXECUTION_TIMEOUT_SECONDS, T.SUBMITTED_AT, T.LAST_UPDATED_AT, T.CREATED_BY, T.PARENT_TASK_ID,
                    T.DEPENDENCIES, T.UNMET_DEPENDENCIES, T.SESSION_ID)
            .values(param("id", T.ID), param("prompt", T.PROMPT), param("agentType", T.AGENT_TYPE),
                    param("priority", T.PRIORITY), inline("pending"), param("input", T.INPUT_DATA),
                    param("maxRetries", T.MAX_RETRIES), param("timeoutSeconds", T.MAX_EXECUTION_TIMEOUT_SECONDS),
                    param("submittedAt", T.SUBMITTED_AT), param("updatedAt", T.LAST_UPDATED_AT),
                    param("createdBy", T.CREATED_BY), param("parentId", T.PARENT_TASK_ID),
                    param("dependencies", T.DEPENDENCIES), param("unmet", T.UNMET_DEPENDENCIES),
                    param("sessionId", T.SESSION_ID)));

    static final Shape TASK_DEPENDENCY_INSERT = Shape.write("taskDependencyInsert", dsl -> dsl
            .insertInto(TASK_DEPENDENCIES, TASK_DEPENDENCIES.TASK_ID, TASK_DEPENDENCIES.DEPENDS_ON_TASK_ID)
            .values(param("taskId", TASK_DEPENDENCIES.TASK_ID), param("dependsOn", TASK_DEPENDENCIES.DEPENDS_ON_TASK_ID)));

    static final Shape TASK_BY_ID = Shape.read("taskById", dsl -> dsl
            .select(TASK).from(T).where(T.ID.eq(param("id", T.ID))));

    static final Shape TASK_FOR_WRITE = Shape.write("taskForWrite", dsl -> dsl
            .select(TASK).from(T).where(T.ID.eq(param("id", T.ID))));

    /** The next runnable tasks in queue order: one range of the partial index tasks_dequeue. */
    static final Shape TASK_NEXT_RUNNABLE = Shape.write("taskNextRunnable", dsl -> dsl
            .select(T.ID, T.MAX_EXECUTION_TIMEOUT_SECONDS).from(T)
            .where(T.STATUS.eq(inline("pending"))).and(T.UNMET_DEPENDENCIES.eq(inline(0)))
            .orderBy(T.PRIORITY.desc(), T.SUBMITTED_AT, T.ID)
            .limit(param("limit", Integer.class)));

    static final Shape TASK_START = Shape.write("taskStart", dsl -> dsl
            .update(T).set(T.STATUS, inline("running")).set(T.STARTED_AT, param("now", T.STARTED_AT))
            .set(T.TIMEOUT_AT, param("timeoutAt", T.TIMEOUT_AT)).set(T.LAST_UPDATED_AT, param("updatedAt", T.LAST_UPDATED_AT))
            .where(T.ID.eq(param("id", T.ID))).and(T.STATUS.eq(inline("pending"))).and(T.UNMET_DEPENDENCIES.eq(inline(0)))
            .returning(TASK));

    static final Shape TASK_COMPLETE = Shape.write("taskComplete", dsl -> dsl
            .update(T).set(T.STATUS, inline("completed")).set(T.RESULT_DATA, param("result", T.RESULT_DATA))
            .set(T.COMPLETED_AT, param("now", T.COMPLETED_AT)).set(T.TIMEOUT_AT, inline(null, T.TIMEOUT_AT))
            .set(T.LAST_UPDATED_AT, param("updatedAt", T.LAST_UPDATED_AT))
            .where(T.ID.eq(param("id", T.ID))).and(T.STATUS.eq(inline("running")))
            .returning(TASK));

    static final Shape TASK_REQUEUE = Shape.write("taskRequeue", dsl -> dsl
            .update(T).set(T.STATUS, inline("pending")).set(T.RETRY_COUNT, T.RETRY_COUNT.plus(inline(1)))
            .set(T.ERROR_MESSAGE, param("error", T.ERROR_MESSAGE)).set(T.STARTED_AT, inline(null, T.STARTED_AT)).set(T.TIMEOUT_AT, inline(null, T.TIMEOUT_AT))
            .set(T.LAST_UPDATED_AT, param("updatedAt", T.LAST_UPDATED_AT))
            .where(T.ID.eq(param("id", T.ID))).and(T.STATUS.eq(inline("running")))
            .returning(TASK));

    static final Shape TASK_FAIL = Shape.write("taskFail", dsl -> dsl
            .update(T).set(T.STATUS, inline("failed")).set(T.ERROR_MESSAGE, param("error", T.ERROR_MESSAGE))
            .set(T.COMPLETED_AT, param("now", T.COMPLETED_AT)).set(T.TIMEOUT_AT, inline(null, T.TIMEOUT_AT))
            .set(T.LAST_UPDATED_AT, param("updatedAt", T.LAST_UPDATED_AT))
            .where(T.ID.eq(param("id", T.ID))).and(T.STATUS.eq(inline("running")))
            .returning(TASK));

    static final Shape TASK_CANCEL = Shape.write("taskCancel", dsl -> dsl
            .update(T).set(T.STATUS, inline("cancelled")).set(T.ERROR_MESSAGE, param("reason", T.ERROR_MESSAGE))
            .set(T.COMPLETED_AT, param("now", T.COMPLETED_AT)).set(T.TIMEOUT_AT, inline(null, T.TIMEOUT_AT))
            .set(T.LAST_UPDATED_AT, param("updatedAt", T.LAST_UPDATED_AT))
            .where(T.ID.eq(param("id", T.ID))).and(T.STATUS.in(inline("pending"), inline("running")))
            .returning(TASK));

    static final Shape TASK_DEPENDENTS = Shape.write("taskDependents", dsl -> dsl
            .select(TASK_DEPENDENCIES.TASK_ID).from(TASK_DEPENDENCIES)
            .where(TASK_DEPENDENCIES.DEPENDS_ON_TASK_ID.eq(param("id", TASK_DEPENDENCIES.DEPENDS_ON_TASK_ID))));

    static final Shape TASK_DEPENDENCY_MET = Shape.write("taskDependencyMet", dsl -> dsl
            .update(T).set(T.UNMET_DEPENDENCIES, T.UNMET_DEPENDENCIES.minus(inline(1)))
            .where(T.ID.eq(param("id", T.ID))).and(T.UNMET_DEPENDENCIES.gt(inline(0))));

    private static org.jooq.Condition runningPastTimeout() {
        return T.STATUS.eq(inline("running")).and(T.TIMEOUT_AT.le(param("now", T.TIMEOUT_AT)));
    }

    static final Shape TASKS_TIMED_OUT = Shape.read("tasksTimedOut", dsl -> dsl
            .select(TASK).from(T).where(runningPastTimeout()).orderBy(T.TIMEOUT_AT).limit(param("limit", Integer.class)));

    static final Shape TASKS_TIMED_OUT_FOR_WRITE = Shape.write("tasksTimedOutForWrite", dsl -> dsl
            .select(TASK).from(T).where(runningPastTimeout()).orderBy(T.TIMEOUT_AT).limit(param("limit", Integer.class)));

    static final Shape TASKS_CHILDREN = Shape.read("tasksChildren", dsl -> dsl
            .select(TASK).from(T).where(T.PARENT_TASK_ID.eq(param("parentId", T.PARENT_TASK_ID)))
            .and(row(T.SUBMITTED_AT.coerce(String.class), T.ID).gt(param("afterAt", String.class), param("afterId", T.ID)))
            .orderBy(T.SUBMITTED_AT, T.ID).limit(param("limit", Integer.class)));

    static final Shape TASKS_OF_SESSION = Shape.read("tasksOfSession", dsl -> dsl
            .select(TASK).from(T).where(T.SESSION_ID.eq(param("sessionId", T.SESSION_ID)))
            .and(row(T.SUBMITTED_AT.coerce(String.class), T.ID).lt(param("beforeAt", String.class), param("beforeId", T.ID)))
            .orderBy(T.SUBMITTED_AT.desc(), T.ID.desc()).limit(param("limit", Integer.class)));

    static final Shape TASKS_BY_STATUS = Shape.read("tasksByStatus", dsl -> dsl
            .select(TASK).from(T).where(T.STATUS.eq(param("status", T.STATUS)))
            .and(row(T.SUBMITTED_AT.coerce(String.class), T.ID).gt(param("afterAt", String.class), param("afterId", T.ID)))
            .orderBy(T.SUBMITTED_AT, T.ID).limit(param("limit", Integer.class)));

    static final Shape TASKS_SUBMITTED_BETWEEN = Shape.read("tasksSubmittedBetween", dsl -> dsl
            .select(TASK).from(T)
            .where(row(T.SUBMITTED_AT.coerce(String.class), T.ID).gt(param("afterAt", String.class), param("afterId", T.ID)))
            .and(T.SUBMITTED_AT.lt(param("to", T.SUBMITTED_AT)))
            .orderBy(T.SUBMITTED_AT, T.ID).limit(param("limit", Integer.class)));

    static final Shape STATE_GET = Shape.read("legacyStateGet", dsl -> dsl
            .select(STATE.VALUE).from(STATE)
            .where(STATE.TASK_ID.eq(param("taskId", STATE.TASK_ID))).and(STATE.KEY.eq(param("key", STATE.KEY))));

    static final Shape STATE_PUT = Shape.write("legacyStatePut", dsl -> dsl
            .insertInto(STATE, STATE.TASK_ID, STATE.KEY, STATE.VALUE, STATE.CREATED_AT, STATE.UPDATED_AT)
            .values(param("taskId", STATE.TASK_ID), param("key", STATE.KEY), param("value", STATE.VALUE),
                    param("createdAt", STATE.CREATED_AT), param("updatedAt", STATE.UPDATED_AT))
            .onConflict(STATE.TASK_ID, STATE.KEY).doUpdate()
            .set(STATE.VALUE, org.jooq.impl.DSL.excluded(STATE.VALUE))
            .set(STATE.UPDATED_AT, org.jooq.impl.DSL.excluded(STATE.UPDATED_AT)));

    static final List<Shape> ALL = List.of(TASK_INSERT, TASK_DEPENDENCY_INSERT, TASK_BY_ID, TASK_FOR_WRITE,
            TASK_NEXT_RUNNABLE, TASK_START, TASK_COMPLETE, TASK_REQUEUE, TASK_FAIL, TASK_CANCEL, TASK_DEPENDENTS,
            TASK_DEPENDENCY_MET, TASKS_TIMED_OUT, TASKS_TIMED_OUT_FOR_WRITE, TASKS_CHILDREN, TASKS_OF_SESSION,
            TASKS_BY_STATUS, TASKS_SUBMITTED_BETWEEN, STATE_GET, STATE_PUT);
}
