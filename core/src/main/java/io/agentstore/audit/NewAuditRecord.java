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
public final class NewAuditRecord {

    private final String actionType;
    private final String agentId;
    private final String taskId;
    private final String actor;
    private final Json data;
    private final String result;

    private NewAuditRecord(String actionType, String agentId, String taskId, String actor, Json data, String result) {
        this.actionType = actionType;
        this.agentId = agentId;
        this.taskId = taskId;
        this.actor = actor;
        this.data = data;
        this.result = result;
    }

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

    public String actionType() {
        return actionType;
    }

    public String agentId() {
        return agentId;
    }

    public String taskId() {
        return taskId;
    }

    public String actor() {
        return actor;
    }

    public Json data() {
        return data;
    }

    public String result() {
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewAuditRecord o
                && java.util.Objects.equals(actionType, o.actionType)
                && java.util.Objects.equals(agentId, o.agentId)
                && java.util.Objects.equals(taskId, o.taskId)
                && java.util.Objects.equals(actor, o.actor)
                && java.util.Objects.equals(data, o.data)
                && java.util.Objects.equals(result, o.result);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(actionType, agentId, taskId, actor, data, result);
    }

    @Override
    public String toString() {
        return "NewAuditRecord[actionType=" + actionType + ", agentId=" + agentId + ", taskId=" + taskId + ", actor="
                + actor + ", data=" + data + ", result=" + result + "]";
    }
}
