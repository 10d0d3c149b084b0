package io.agentstore.agents;

import java.util.Locale;

/** What an agent is doing. Any live state may move to any other; {@code terminated} is final. */
public enum AgentState {
    IDLE, WORKING, WAITING, TERMINATED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AgentState fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
