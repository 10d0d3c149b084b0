package io.agentstore.sessions;

import io.agentstore.Json;
import java.time.Instant;
import java.util.Optional;

/**
 * One event of a session's history. {@code seq} numbers a session's events 1, 2, 3 … in the
 * one order they were committed.
 *
 *
 * <p>The library makes these; an application reads them and does not implement this interface
 * (a later release may add methods).
 */
public interface Event {

    String sessionId();

    long seq();

    String type();

    String actor();

    Json content();

    /** The state change persisted with the event (without {@code temp:} keys), or null */
    Json stateDelta();

    Instant createdAt();

    default Optional<Json> delta() {
        return Optional.ofNullable(stateDelta());
    }
}
