package io.agentstore.tasks;

import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The priority task queue. Claims are atomic: with any number of concurrent workers no task is
 * claimed twice and none is skipped. Illegal transitions are CONFLICTs naming the status.
 */
public interface TaskStore {

    /** Enqueues a task; its parent, session and dependencies must exist, and no dependency may have failed or been cancelled. */
    Task enqueue(NewTask task);

    Optional<Task> get(String id);

    /** Takes the runnable pending task of highest priority (oldest first) and marks it running. */
    Optional<Task> claim();

    /** Takes up to {@code max} runnable tasks at once, in queue order. */
    List<Task> claim(int max);

    /** A running task completed with a result; its dependents that now have every dependency completed become runnable. */
    Task complete(String id, Object result);

    /** A running task failed: back to pending while retries remain, else failed (and its dependents cancelled). */
    Outcome fail(String id, String errorMessage);

    /** Cancels a pending or running task and its pending dependents. */
    Outcome cancel(String id, String reason);

    /** Running tasks past their execution timeout, earliest timeout first. */
    List<Task> timedOut(int limit);

    /** Requeues (while retries remain) or fails the running tasks past their timeout. */
    Recovery recoverTimedOut(int limit);

    /** The children of a task, in submission order. */
    Page<Task> byParent(String parentTaskId, PageRequest page);

    /** The tasks of a session, newest first. */
    Page<Task> bySession(String sessionId, PageRequest page);

    /** The tasks in one status, in submission order. */
    Page<Task> byStatus(TaskStatus status, PageRequest page);

    /** The tasks submitted in {@code [from, to)}, in submission order. */
    Page<Task> bySubmittedAt(Instant from, Instant to, PageRequest page);

    /**
     * A task's own key/value state (the seed schema's {@code state} table), named as a session's
     * state is: one value, empty when the key was never set. NOT_FOUND for a task that does not exist
     * is reported by {@link #setState}.
     */
    Optional<Json> state(String taskId, String key);

    /** Legacy per-task key/value state: sets (inserts or replaces) one value. */
    void setState(String taskId, String key, Object value);
}
