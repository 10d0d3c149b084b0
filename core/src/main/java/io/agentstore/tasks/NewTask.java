package io.agentstore.tasks;

import io.agentstore.Json;
import java.time.Duration;
import java.util.List;

/**
 * A task to enqueue. Start from {@link #of(String)}: agent type {@code general}, priority 5,
 * empty input, 3 retries, a one-hour execution timeout, no parent, session or dependencies.
 */
public final class NewTask {

    private final String id;
    private final String prompt;
    private final String agentType;
    private final int priority;
    private final Json input;
    private final String parentTaskId;
    private final String sessionId;
    private final List<String> dependencies;
    private final int maxRetries;
    private final Duration timeout;
    private final String createdBy;

    private NewTask(
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
        this.id = id;
        this.prompt = prompt;
        this.agentType = agentType;
        this.priority = priority;
        this.input = input;
        this.parentTaskId = parentTaskId;
        this.sessionId = sessionId;
        this.dependencies = dependencies;
        this.maxRetries = maxRetries;
        this.timeout = timeout;
        this.createdBy = createdBy;
    }

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

    public String id() {
        return id;
    }

    public String prompt() {
        return prompt;
    }

    public String agentType() {
        return agentType;
    }

    public int priority() {
        return priority;
    }

    public Json input() {
        return input;
    }

    public String parentTaskId() {
        return parentTaskId;
    }

    public String sessionId() {
        return sessionId;
    }

    public List<String> dependencies() {
        return dependencies;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration timeout() {
        return timeout;
    }

    public String createdBy() {
        return createdBy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewTask o
                && java.util.Objects.equals(id, o.id)
                && java.util.Objects.equals(prompt, o.prompt)
                && java.util.Objects.equals(agentType, o.agentType)
                && priority == o.priority
                && java.util.Objects.equals(input, o.input)
                && java.util.Objects.equals(parentTaskId, o.parentTaskId)
                && java.util.Objects.equals(sessionId, o.sessionId)
                && java.util.Objects.equals(dependencies, o.dependencies)
                && maxRetries == o.maxRetries
                && java.util.Objects.equals(timeout, o.timeout)
                && java.util.Objects.equals(createdBy, o.createdBy);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
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
                createdBy);
    }

    @Override
    public String toString() {
        return "NewTask[id=" + id + ", prompt=" + prompt + ", agentType=" + agentType + ", priority=" + priority
                + ", input=" + input + ", parentTaskId=" + parentTaskId + ", sessionId=" + sessionId + ", dependencies="
                + dependencies + ", maxRetries=" + maxRetries + ", timeout=" + timeout + ", createdBy=" + createdBy
                + "]";
    }
}
