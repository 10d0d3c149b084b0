package io.agentstore.internal.store;

import io.agentstore.Json;
import io.agentstore.tasks.Checkpoint;
import java.time.Instant;

/** The library's Checkpoint: a row as read or written. */
record CheckpointRow(String taskId, int iteration, Json state, Instant createdAt, String sessionId)
        implements Checkpoint {}
