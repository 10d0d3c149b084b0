package io.agentstore.agents;

/** What an agent is doing. Any live state may move to any other; {@code terminated} is final. */
public enum AgentState {
    IDLE,
    WORKING,
    WAITING,
    TERMINATED;
}
