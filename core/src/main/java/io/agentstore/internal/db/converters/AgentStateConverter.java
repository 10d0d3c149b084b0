package io.agentstore.internal.db.converters;

import io.agentstore.agents.AgentState;

/** {@code AgentState} columns: the constant's name in lower case. */
public final class AgentStateConverter extends StoredEnumConverter<AgentState> {

    private static final long serialVersionUID = 1L;

    public AgentStateConverter() {
        super(AgentState.class);
    }
}
