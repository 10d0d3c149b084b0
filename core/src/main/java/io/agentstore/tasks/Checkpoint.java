package io.agentstore.tasks;

import io.agentstore.Json;
import java.time.Instant;

/** The loop state of a task at one iteration. */
public record Checkpoint(String taskId, int iteration, Json state, Instant createdAt, String sessionId) {}
