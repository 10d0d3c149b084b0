package io.agentstore.agents;

import io.agentstore.Json;
import java.time.Instant;

/**
 * A spawned agent, as stored.
 *
 *
 * <p>The library makes these; an application reads them and does not implement this interface
 * (a later release may add methods).
 */
public interface Agent {

    String id();

    String name();

    String specialization();

    /** The task it works on, or null */
    String taskId();

    AgentState state();

    String model();

    Instant spawnedAt();

    /** Set when terminated, else null */
    Instant terminatedAt();

    /** A JSON object (tokens, cost, …) kept up to date by the caller */
    Json resourceUsage();

    /** The session it belongs to, or null */
    String sessionId();
}
