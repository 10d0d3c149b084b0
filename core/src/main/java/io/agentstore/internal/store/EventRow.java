package io.agentstore.internal.store;

import io.agentstore.Json;
import io.agentstore.sessions.Event;
import java.time.Instant;

/** The library's Event: a row as read or written. */
record EventRow(String sessionId, long seq, String type, String actor, Json content, Json stateDelta, Instant createdAt)
        implements Event {}
