package io.agentstore.internal.store;

import io.agentstore.Json;
import io.agentstore.sessions.Session;
import io.agentstore.sessions.SessionStatus;
import java.time.Instant;

/** The library's Session: a row as read or written. */
record SessionRow(
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
        Instant archivedAt)
        implements Session {}
