package io.agentstore.sessions;

import io.agentstore.Json;
import java.time.Instant;
import java.util.Optional;

/**
 * One event of a session's history. {@code seq} numbers a session's events 1, 2, 3 … in the
 * one order they were committed.
 *
 * @param stateDelta the state change persisted with the event (without {@code temp:} keys), or null
 */
public record Event(
        String sessionId, long seq, String type, String actor, Json content, Json stateDelta, Instant createdAt) {

    public Optional<Json> delta() {
        return Optional.ofNullable(stateDelta);
    }
}
