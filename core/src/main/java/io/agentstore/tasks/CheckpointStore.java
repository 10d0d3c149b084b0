package io.agentstore.tasks;

import java.util.List;
import java.util.Optional;

/** Checkpoints of task loops, keyed (task, iteration). */
public interface CheckpointStore {

    /** Saves an iteration's state; an iteration saved before is a CONFLICT (use {@link #replace}). */
    Checkpoint save(String taskId, int iteration, Object state, String sessionId);

    /** Saves an iteration's state, replacing one saved before. */
    Checkpoint replace(String taskId, int iteration, Object state, String sessionId);

    /** The checkpoint with the highest iteration. */
    Optional<Checkpoint> latest(String taskId);

    Optional<Checkpoint> get(String taskId, int iteration);

    /** Checkpoints below {@code beforeIteration} (or all, if null), newest iteration first. */
    List<Checkpoint> list(String taskId, Integer beforeIteration, int limit);
}
