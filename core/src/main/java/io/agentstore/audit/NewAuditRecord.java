package io.agentstore.audit;

import io.agentstore.Json;

/**
 * An action to record in the audit trail. Start from {@link #of(String)} and add what you know.
 *
 * @param actionType what was done (1–128 characters), e.g. {@code tool_call}
 * @param agentId    the agent that did it, or null for the system
 * @param taskId     the task it was done in, or null
 * @param actor      who (a person or service name), or null
 * @param data       a JSON value describing it, or null for {@code {}}
 * @param result     its outcome as text (up to 65,536 characters), or null
 */
public record NewAuditRecord(String actionType, String agentId, String taskId, String actor, Json data, String result) {

    public static NewAuditRecord of(String actionType) {
        return new NewAuditRecord(actionType, null, null, null, null, null);
    }

    public NewAuditRecord byAgent(String value) {
        return new NewAuditRecord(actionType, value, taskId, actor, data, result);
    }

    public NewAuditRecord inTask(String value) {
        return new NewAuditRecord(actionType, agentId, value, actor, data, result);
    }

    public NewAuditRecord by(String value) {
        return new NewAuditRecord(actionType, agentId, taskId, value, data, result);
    }

    /** Any value Jackson can serialise (or a {@link Json}). */
    public NewAuditRecord withData(Object value) {
        return new NewAuditRecord(actionType, agentId, taskId, actor, Json.of(value), result);
    }

    public NewAuditRecord withResult(String value) {
        return new NewAuditRecord(actionType, agentId, taskId, actor, data, value);
    }
}
