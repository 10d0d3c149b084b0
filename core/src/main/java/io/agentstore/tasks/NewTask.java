package io.agentstore.tasks;

import io.agentstore.Json;
import java.time.Duration;
import java.util.List;

/**
 * A task to enqueue. Start from {@link #of(String)}: agent type {@code general}, priority 5,
 * empty input, 3 retries, a one-hour execution timeout, no parent, session or dependencies.
 */
public record NewTask(
        String id,
        String prompt,
        String agentType,
        int priority,
        Json input,
        String parentTaskId,
        String sessionId,
        List<String> dependencies,
        int maxRetries,
        Duration timeout,
        String createdBy) {

    public static NewTask of(String prompt) {
        return new NewTask(
                null, prompt, "general", 5, Json.emptyObject(), null, null, List.of(), 3, Duration.ofHours(1), null);
    }

    public NewTask withId(String value) {
        return new NewTask(
                value,
                prompt,
                agentType,
                priority,
                input,
                parentTaskId,
                sessionId,
                dependencies,
                maxRetries,
                timeout,
                createdBy);
    }

    public NewTask withAgentType(String value) {
        return new NewTask(
                id,
                prompt,
                value,
                priority,
                input,
                parentTaskId,
                sessionId,
                dependencies,
                maxRetries,
                timeout,
                createdBy);
    }

    public NewTask withPriority(int value) {
        return new NewTask(
                id,
                prompt,
                agentType,
                value,
                input,
                parentTaskId,
                sessionId,
                dependencies,
                maxRetries,
                timeout,
                createdBy);
    }

    public NewTask withInput(Object value) {
        return new NewTask(
                id,
                prompt,
                agentType,
                priority,
                Json.of(value),
                parentTaskId,
                sessionId,
                dependencies,
                maxRetries,
                timeout,
                createdBy);
    }

    public NewTask withParent(String value) {
        return new NewTask(
                id, prompt, agentType, priority, input, value, sessionId, dependencies, maxRetries, timeout, createdBy);
    }

    public NewTask inSession(String value) {
        return new NewTask(
                id,
                prompt,
                agentType,
                priority,
                input,
                parentTaskId,
                value,
                dependencies,
                maxRetries,
                timeout,
                createdBy);
    }

    public NewTask dependingOn(String... taskIds) {
        return new NewTask(
                id,
                prompt,
                agentType,
                priority,
                input,
                parentTaskId,
                sessionId,
                List.of(taskIds),
                maxRetries,
                timeout,
                createdBy);
    }

    public NewTask withMaxRetries(int value) {
        return new NewTask(
                id,
                prompt,
                agentType,
                priority,
                input,
                parentTaskId,
                sessionId,
                dependencies,
                value,
                timeout,
                createdBy);
    }

    public NewTask withTimeout(Duration value) {
        return new NewTask(
                id,
                prompt,
                agentType,
                priority,
                input,
                parentTaskId,
                sessionId,
                dependencies,
                maxRetries,
                value,
                createdBy);
    }

    public NewTask by(String value) {
        return new NewTask(
                id,
                prompt,
                agentType,
                priority,
                input,
                parentTaskId,
                sessionId,
                dependencies,
                maxRetries,
                timeout,
                value);
    }
}
