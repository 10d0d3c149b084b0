package io.agentstore.tasks;

import io.agentstore.Json;
import java.time.Instant;
import java.util.List;

/**
 * A unit of agent work, as stored. Priority: 1 (lowest) to 10 (highest), default 5; the queue
 * runs the highest priority first and, among equals, the oldest submission first.
 *
 * @param resultData        set when completed, else null
 * @param errorMessage      the last failure's message, else null
 * @param timeoutAt         while running: when the run times out (started + timeout), else null
 * @param dependencies      the tasks that must complete before this one may run
 * @param unmetDependencies how many of them have not completed yet
 */
public record Task(
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
        String sessionId) {}
