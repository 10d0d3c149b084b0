package io.agentstore.agents;

import io.agentstore.Json;
import java.time.Instant;

/**
 * A spawned agent, as stored.
 *
 * @param taskId        the task it works on, or null
 * @param sessionId     the session it belongs to, or null
 * @param terminatedAt  set when terminated, else null
 * @param resourceUsage a JSON object (tokens, cost, …) kept up to date by the caller
 */
public record Agent(
        String id,
        String name,
        String specialization,
        String taskId,
        AgentState state,
        String model,
        Instant spawnedAt,
        Instant terminatedAt,
        Json resourceUsage,
        String sessionId) {}
