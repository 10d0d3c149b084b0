package io.agentstore.internal.store;

import io.agentstore.Json;
import io.agentstore.agents.Agent;
import io.agentstore.agents.AgentState;
import java.time.Instant;

/** The library's Agent: a row as read or written. */
record AgentRow(
        String id,
        String name,
        String specialization,
        String taskId,
        AgentState state,
        String model,
        Instant spawnedAt,
        Instant terminatedAt,
        Json resourceUsage,
        String sessionId)
        implements Agent {}
