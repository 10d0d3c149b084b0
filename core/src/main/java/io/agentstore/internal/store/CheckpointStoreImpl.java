package io.agentstore.internal.store;

import static io.agentstore.internal.store.CheckpointShapes.*;

import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Database;
import io.agentstore.tasks.Checkpoint;
import io.agentstore.tasks.CheckpointStore;
import io.agentstore.tasks.NewCheckpoint;
import java.time.Instant;
import java.util.Optional;

/** Task-loop checkpoints on the library's database. */
final class CheckpointStoreImpl implements CheckpointStore {

    private final Database db;

    CheckpointStoreImpl(Database db) {
        this.db = db;
    }

    @Override
    public Checkpoint save(NewCheckpoint checkpoint) {
        return write(Failures.required(checkpoint, "the checkpoint"), false);
    }

    @Override
    public Checkpoint replace(NewCheckpoint checkpoint) {
        return write(Failures.required(checkpoint, "the checkpoint"), true);
    }

    private Checkpoint write(NewCheckpoint checkpoint, boolean replace) {
        String taskId = checkpoint.taskId();
        int iteration = checkpoint.iteration();
        Object state = checkpoint.state();
        String sessionId = checkpoint.sessionId().orElse(null);
        Check.id("task id", taskId);
        if (iteration < 0) {
            throw Failures.invalid("iteration must be >= 0: " + iteration);
        }
        Json json = Json.of(state);
        String text = Check.json("checkpoint state", json);
        String session = Check.optionalId("session id", sessionId);
        String doing = "saving checkpoint " + iteration + " of task " + Check.quote(taskId);
        return db.write(doing, c -> {
            Instant now = db.now();
            db.refusing(
                    doing + ": iteration " + iteration + " is saved already (replace it explicitly)",
                    doing + ": " + Check.missingReferences("task", taskId, "session", session),
                    () -> c.call(replace ? CHECKPOINT_REPLACE : CHECKPOINT_INSERT)
                            .set(TASK_ID, taskId)
                            .set(ITERATION, iteration)
                            .set(STATE, Stored.json(text))
                            .set(CREATED_AT, now)
                            .set(SESSION_ID, session)
                            .update());
            return new CheckpointRow(taskId, iteration, json, now, session);
        });
    }

    @Override
    public Optional<Checkpoint> latest(String taskId) {
        Check.id("task id", taskId);
        return db.read(
                "reading the latest checkpoint of task " + Check.quote(taskId),
                c -> c.call(CHECKPOINTS_BEFORE)
                        .set(TASK_ID, taskId)
                        .set(BEFORE, Integer.MAX_VALUE)
                        .set(Pages.LIMIT, 1)
                        .one(CHECKPOINT));
    }

    @Override
    public Optional<Checkpoint> get(String taskId, int iteration) {
        Check.id("task id", taskId);
        return db.read(
                "reading checkpoint " + iteration + " of task " + Check.quote(taskId),
                c -> c.call(CHECKPOINT_GET)
                        .set(TASK_ID, taskId)
                        .set(ITERATION, iteration)
                        .one(CHECKPOINT));
    }

    @Override
    public Page<Checkpoint> byTask(String taskId, PageRequest page) {
        Check.id("task id", taskId);
        String listing = "checkpoints:" + taskId;
        String doing = "listing checkpoints of task " + Check.quote(taskId);
        Page<Checkpoint> found = Pages.keyset(
                db,
                doing,
                listing,
                page,
                new String[] {Integer.toString(Integer.MAX_VALUE)},
                (c, before) -> c.call(CHECKPOINTS_BEFORE).set(TASK_ID, taskId).set(BEFORE, (int)
                        Pages.number(listing, before[0])),
                CHECKPOINT,
                p -> new String[] {Integer.toString(p.iteration())});
        if (found.items().isEmpty()
                && db.read(
                                doing,
                                c -> c.call(TaskShapes.TASK_BY_ID)
                                        .set(TaskShapes.ID, taskId)
                                        .one(TaskShapes.TASK))
                        .isEmpty()) {
            throw Failures.of(ErrorCode.NOT_FOUND, doing + ": no such task");
        }
        return found;
    }
}
