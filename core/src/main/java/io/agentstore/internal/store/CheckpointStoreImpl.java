package io.agentstore.internal.store;

import static io.agentstore.internal.store.CheckpointShapes.*;
import static io.agentstore.internal.store.Pages.LIMIT;

import io.agentstore.AgentStoreException;
import io.agentstore.Json;
import io.agentstore.internal.database.Database;
import io.agentstore.tasks.Checkpoint;
import io.agentstore.tasks.CheckpointStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Task-loop checkpoints on the library's database. */
final class CheckpointStoreImpl implements CheckpointStore {

    private final Database db;

    CheckpointStoreImpl(Database db) {
        this.db = db;
    }

    @Override
    public Checkpoint save(String taskId, int iteration, Object state, String sessionId) {
        return write(taskId, iteration, state, sessionId, false);
    }

    @Override
    public Checkpoint replace(String taskId, int iteration, Object state, String sessionId) {
        return write(taskId, iteration, state, sessionId, true);
    }

    private Checkpoint write(String taskId, int iteration, Object state, String sessionId, boolean replace) {
        Check.id("task id", taskId);
        if (iteration < 0) {
            throw AgentStoreException.invalid("iteration must be >= 0: " + iteration);
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
            return new Checkpoint(taskId, iteration, json, now, session);
        });
    }

    @Override
    public Optional<Checkpoint> latest(String taskId) {
        List<Checkpoint> one = list(taskId, null, 1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
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
    public List<Checkpoint> list(String taskId, Integer beforeIteration, int limit) {
        Check.id("task id", taskId);
        Check.limit(limit, Pages.MAX_PAGE);
        int before = beforeIteration == null ? Integer.MAX_VALUE : beforeIteration;
        return db.read(
                "listing checkpoints of task " + Check.quote(taskId),
                c -> c.call(CHECKPOINTS_BEFORE)
                        .set(TASK_ID, taskId)
                        .set(BEFORE, before)
                        .set(LIMIT, limit)
                        .list(CHECKPOINT));
    }
}
