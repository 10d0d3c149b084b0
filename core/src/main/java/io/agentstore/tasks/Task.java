package io.agentstore.tasks;

import io.agentstore.Json;
import java.time.Instant;
import java.util.List;

/**
 * A unit of agent work, as stored. Priority: 1 (lowest) to 10 (highest), default 5; the queue
 * runs the highest priority first and, among equals, the oldest submission first.
 *
 *
 * <p>The library makes these; an application reads them and does not implement this interface
 * (a later release may add methods).
 */
public interface Task {

    String id();

    String prompt();

    String agentType();

    int priority();

    TaskStatus status();

    Json inputData();

    /** Set when completed, else null */
    Json resultData();

    /** The last failure's message, else null */
    String errorMessage();

    int retryCount();

    int maxRetries();

    int timeoutSeconds();

    Instant submittedAt();

    Instant startedAt();

    /** While running: when the run times out (started + timeout), else null */
    Instant timeoutAt();

    Instant completedAt();

    Instant lastUpdatedAt();

    String createdBy();

    String parentTaskId();

    /** The tasks that must complete before this one may run */
    List<String> dependencies();

    /** How many of them have not completed yet */
    int unmetDependencies();

    String sessionId();
}
