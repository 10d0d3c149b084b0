package io.agentstore.sessions;

import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import java.time.Instant;

/**
 * Sessions as they were at one instant ({@link SessionStore#asOf}). A read the store can no longer
 * answer (before its history began, or before what retention kept) is {@code INVALID_ARGUMENT}
 * naming the earliest time it can answer; a session that did not exist at the instant, or no
 * longer exists, is {@code NOT_FOUND}.
 */
public interface SessionsAsOf {

    Instant at();

    /**
     * The session's state at the instant, as {@link SessionStore#state(String)} returned it then:
     * its own keys and its app's and user's shared keys, each as they stood. One seek per part.
     */
    Json state(String sessionId);

    /**
     * The session's events created at or before the instant, oldest first, a page at a time (as
     * {@link SessionStore#events}). Events removed by retention are in no view.
     */
    Page<Event> events(String sessionId, PageRequest page);
}
