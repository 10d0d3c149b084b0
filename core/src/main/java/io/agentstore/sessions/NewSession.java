package io.agentstore.sessions;

import io.agentstore.Json;
import io.agentstore.internal.Failures;

/**
 * What to create a session with. Start from {@link #of(String, String)}; the id is generated
 * (a random UUID) unless you give one.
 *
 * @param id        the session id, or null to generate one
 * @param projectId the project, or null
 * @param metadata  a JSON object, or null for {@code {}}
 * @param state     the initial state, a JSON object, or null for {@code {}}
 */
public final class NewSession {

    private final String id;
    private final String appName;
    private final String userId;
    private final String projectId;
    private final Json metadata;
    private final Json state;

    private NewSession(String id, String appName, String userId, String projectId, Json metadata, Json state) {
        this.id = id;
        this.appName = appName;
        this.userId = userId;
        this.projectId = projectId;
        this.metadata = metadata;
        this.state = state;
    }

    public static NewSession of(String appName, String userId) {
        return new NewSession(null, appName, userId, null, null, null);
    }

    public NewSession withId(String value) {
        return new NewSession(Failures.required(value, "id"), appName, userId, projectId, metadata, state);
    }

    public NewSession withProject(String value) {
        return new NewSession(id, appName, userId, value, metadata, state);
    }

    public NewSession withMetadata(Object value) {
        return new NewSession(id, appName, userId, projectId, Json.of(value), state);
    }

    public NewSession withState(Object value) {
        return new NewSession(id, appName, userId, projectId, metadata, Json.of(value));
    }

    public String id() {
        return id;
    }

    public String appName() {
        return appName;
    }

    public String userId() {
        return userId;
    }

    public String projectId() {
        return projectId;
    }

    public Json metadata() {
        return metadata;
    }

    public Json state() {
        return state;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewSession o
                && java.util.Objects.equals(id, o.id)
                && java.util.Objects.equals(appName, o.appName)
                && java.util.Objects.equals(userId, o.userId)
                && java.util.Objects.equals(projectId, o.projectId)
                && java.util.Objects.equals(metadata, o.metadata)
                && java.util.Objects.equals(state, o.state);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, appName, userId, projectId, metadata, state);
    }

    @Override
    public String toString() {
        return "NewSession[id=" + id + ", appName=" + appName + ", userId=" + userId + ", projectId=" + projectId
                + ", metadata=" + metadata + ", state=" + state + "]";
    }
}
