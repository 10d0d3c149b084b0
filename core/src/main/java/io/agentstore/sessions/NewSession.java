package io.agentstore.sessions;

import io.agentstore.Json;
import java.util.Objects;

/**
 * What to create a session with. Start from {@link #of(String, String)}; the id is generated
 * (a random UUID) unless you give one.
 *
 * @param id        the session id, or null to generate one
 * @param projectId the project, or null
 * @param metadata  a JSON object, or null for {@code {}}
 * @param state     the initial state, a JSON object, or null for {@code {}}
 */
public record NewSession(String id, String appName, String userId, String projectId, Json metadata, Json state) {

    public static NewSession of(String appName, String userId) {
        return new NewSession(null, appName, userId, null, null, null);
    }

    public NewSession withId(String value) {
        return new NewSession(Objects.requireNonNull(value, "id"), appName, userId, projectId, metadata, state);
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
}
