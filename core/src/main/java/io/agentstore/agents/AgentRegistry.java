package io.agentstore.agents;

import io.agentstore.Page;
import io.agentstore.PageRequest;
import java.util.Map;
import java.util.Optional;

/** The agents spawned for tasks and sessions. */
public interface AgentRegistry {

    /** Spawns an agent; its task and session must exist. */
    Agent spawn(NewAgent agent);

    Optional<Agent> get(String id);

    /** Moves a live agent to another state; terminating stamps terminated_at; a terminated agent is a CONFLICT. */
    Agent transition(String id, AgentState state);

    /** Merges figures into the agent's resource usage (a JSON merge patch: null removes a key). */
    Agent recordUsage(String id, Map<String, ?> usage);

    /** The agents of a task, oldest first. */
    Page<Agent> byTask(String taskId, PageRequest page);

    /** The agents of a session, oldest first. */
    Page<Agent> bySession(String sessionId, PageRequest page);

    /** The agents in one state, oldest first. */
    Page<Agent> byState(AgentState state, PageRequest page);
}
