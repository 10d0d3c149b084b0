package io.agentstore.sessions;

import io.agentstore.Json;
import java.time.Instant;
import java.util.Optional;

/**
 * One conversation thread of an agent app, as stored.
 *
 *
 * <p>The library makes these; an application reads them and does not implement this interface
 * (a later release may add methods).
 */
public interface Session {

    String id();

    String appName();

    String userId();

    /** The project, or null */
    String projectId();

    SessionStatus status();

    /** The persisted session state (a JSON object; {@code temp:} keys are never in it) */
    Json state();

    Json metadata();

    /** How many events were appended to the session: the seq of the last one (fewer are held if some were deleted, see {@link SessionStore#deleteEvents}) */
    long eventCount();

    Instant createdAt();

    Instant lastUpdateTime();

    /** Set when the session was terminated, else null */
    Instant terminatedAt();

    /** Set when the session was archived, else null */
    Instant archivedAt();

    default Optional<String> project() {
        return Optional.ofNullable(projectId());
    }
}
