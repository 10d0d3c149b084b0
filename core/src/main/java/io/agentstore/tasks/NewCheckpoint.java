package io.agentstore.tasks;

import io.agentstore.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one iteration of a task loop, to save. Start from
 * {@link #of(String, int, Object)}; {@link #inSession(String)} ties it to the session it ran in.
 */
public final class NewCheckpoint {

    private final String taskId;
    private final int iteration;
    private final Json state;
    private final String sessionId;

    private NewCheckpoint(String taskId, int iteration, Json state, String sessionId) {
        this.taskId = taskId;
        this.iteration = iteration;
        this.state = state;
        this.sessionId = sessionId;
    }

    /** The state of iteration {@code iteration} (0 or more) of a task: any value Jackson serialises. */
    public static NewCheckpoint of(String taskId, int iteration, Object state) {
        return new NewCheckpoint(taskId, iteration, Json.of(state), null);
    }

    /** The session the iteration ran in. */
    public NewCheckpoint inSession(String sessionId) {
        return new NewCheckpoint(taskId, iteration, state, sessionId);
    }

    public String taskId() {
        return taskId;
    }

    public int iteration() {
        return iteration;
    }

    public Json state() {
        return state;
    }

    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewCheckpoint o
                && iteration == o.iteration
                && Objects.equals(taskId, o.taskId)
                && Objects.equals(state, o.state)
                && Objects.equals(sessionId, o.sessionId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(taskId, iteration, state, sessionId);
    }

    @Override
    public String toString() {
        return "NewCheckpoint[" + taskId + " #" + iteration + (sessionId == null ? "" : " in " + sessionId) + "]";
    }
}
