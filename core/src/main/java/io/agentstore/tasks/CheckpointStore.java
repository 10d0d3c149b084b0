package io.agentstore.tasks;

import io.agentstore.Page;
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

    /**
     * A task's checkpoints, newest iteration first, a page at a time (pass the page's cursor for
     * the next). NOT_FOUND if the task does not exist.
     */
    Page<Checkpoint> list(String taskId, int limit, String cursor);
}
