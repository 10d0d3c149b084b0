package io.agentstore.sessions;

import io.agentstore.Json;
import java.time.Instant;
import java.util.Optional;

/**
 * One conversation thread of an agent app, as stored.
 *
 * @param projectId      the project, or null
 * @param state          the persisted session state (a JSON object; {@code temp:} keys are never in it)
 * @param eventCount     how many events were appended to the session: the seq of the last one (fewer are
 *                       held if some were deleted, see {@link SessionStore#deleteEvents})
 * @param terminatedAt   set when the session was terminated, else null
 * @param archivedAt     set when the session was archived, else null
 */
public record Session(
        String id,
        String appName,
        String userId,
        String projectId,
        SessionStatus status,
        Json state,
        Json metadata,
        long eventCount,
        Instant createdAt,
        Instant lastUpdateTime,
        Instant terminatedAt,
        Instant archivedAt) {

    public Optional<String> project() {
        return Optional.ofNullable(projectId);
    }
}
