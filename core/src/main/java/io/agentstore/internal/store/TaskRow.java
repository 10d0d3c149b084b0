package io.agentstore.internal.store;

import io.agentstore.Json;
import io.agentstore.tasks.Task;
import io.agentstore.tasks.TaskStatus;
import java.time.Instant;
import java.util.List;

/** The library's Task: a row as read or written. */
record TaskRow(
        String id,
        String prompt,
        String agentType,
        int priority,
        TaskStatus status,
        Json inputData,
        Json resultData,
        String errorMessage,
        int retryCount,
        int maxRetries,
        int timeoutSeconds,
        Instant submittedAt,
        Instant startedAt,
        Instant timeoutAt,
        Instant completedAt,
        Instant lastUpdatedAt,
        String createdBy,
        String parentTaskId,
        List<String> dependencies,
        int unmetDependencies,
        String sessionId)
        implements Task {}
