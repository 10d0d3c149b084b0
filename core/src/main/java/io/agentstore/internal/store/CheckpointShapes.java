package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.CHECKPOINTS;
import static io.agentstore.internal.store.Pages.LIMIT;
import static org.jooq.impl.DSL.excluded;

import io.agentstore.internal.db.tables.Checkpoints;
import io.agentstore.internal.shape.Columns;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import io.agentstore.tasks.Checkpoint;
import java.time.Instant;
import java.util.List;
import org.jooq.JSON;

/** The query shapes of task-loop checkpoints (a task's state per iteration; not the write-ahead log's). */
final class CheckpointShapes {

    private CheckpointShapes() {}

    private static final Checkpoints C = CHECKPOINTS;

    static final Param<String> TASK_ID = Param.of("taskId", C.TASK_ID);
    static final Param<Integer> ITERATION = Param.of("iteration", C.ITERATION);
    static final Param<Integer> BEFORE = Param.of("before", C.ITERATION);
    static final Param<JSON> STATE = Param.of("state", C.STATE);
    static final Param<Instant> CREATED_AT = Param.of("createdAt", C.CREATED_AT);
    static final Param<String> SESSION_ID = Param.of("sessionId", C.SESSION_ID);

    /** A checkpoint row. */
    static final Columns<Checkpoint> CHECKPOINT = Columns.of(
            List.of(C.TASK_ID, C.ITERATION, C.STATE, C.CREATED_AT, C.SESSION_ID),
            r -> new CheckpointRow(
                    r.get(C.TASK_ID),
                    r.get(C.ITERATION),
                    Stored.json(r.get(C.STATE)),
                    r.get(C.CREATED_AT),
                    r.get(C.SESSION_ID)));

    static final Shape CHECKPOINT_INSERT = Shape.write(
            "checkpointInsert",
            dsl -> dsl.insertInto(C, C.TASK_ID, C.ITERATION, C.STATE, C.CREATED_AT, C.SESSION_ID)
                    .values(TASK_ID.field(), ITERATION.field(), STATE.field(), CREATED_AT.field(), SESSION_ID.field()));

    static final Shape CHECKPOINT_REPLACE = Shape.write(
            "checkpointReplace",
            dsl -> dsl.insertInto(C, C.TASK_ID, C.ITERATION, C.STATE, C.CREATED_AT, C.SESSION_ID)
                    .values(TASK_ID.field(), ITERATION.field(), STATE.field(), CREATED_AT.field(), SESSION_ID.field())
                    .onConflict(C.TASK_ID, C.ITERATION)
                    .doUpdate()
                    .set(C.STATE, excluded(C.STATE))
                    .set(C.CREATED_AT, excluded(C.CREATED_AT))
                    .set(C.SESSION_ID, excluded(C.SESSION_ID)));

    static final Shape CHECKPOINT_GET = Shape.read(
            "checkpointGet",
            dsl -> dsl.select(CHECKPOINT.fields())
                    .from(C)
                    .where(C.TASK_ID.eq(TASK_ID.field()))
                    .and(C.ITERATION.eq(ITERATION.field())));

    static final Shape CHECKPOINTS_BEFORE = Shape.read(
            "checkpointsBefore",
            dsl -> dsl.select(CHECKPOINT.fields())
                    .from(C)
                    .where(C.TASK_ID.eq(TASK_ID.field()))
                    .and(C.ITERATION.lt(BEFORE.field()))
                    .orderBy(C.ITERATION.desc())
                    .limit(LIMIT.field()));
}
