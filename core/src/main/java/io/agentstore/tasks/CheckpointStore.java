package io.agentstore.tasks;

import io.agentstore.Page;
import io.agentstore.PageRequest;
import java.util.Optional;

/** Checkpoints of task loops, keyed (task, iteration). */
public interface CheckpointStore {

    /** Saves an iteration's state; an iteration saved before is a CONFLICT (use {@link #replace}). */
    Checkpoint save(NewCheckpoint checkpoint);

    /** Saves an iteration's state, replacing one saved before. */
    Checkpoint replace(NewCheckpoint checkpoint);

    /** The checkpoint with the highest iteration. */
    Optional<Checkpoint> latest(String taskId);

    Optional<Checkpoint> get(String taskId, int iteration);

    /**
     * A task's checkpoints, newest iteration first, a page at a time (pass the page's cursor for
     * the next). NOT_FOUND if the task does not exist.
     */
    Page<Checkpoint> byTask(String taskId, PageRequest page);
}
