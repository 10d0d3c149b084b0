package io.agentstore.internal.db.converters;

import io.agentstore.sessions.SessionStatus;

/** {@code SessionStatus} columns: the constant's name in lower case. */
public final class SessionStatusConverter extends StoredEnumConverter<SessionStatus> {

    private static final long serialVersionUID = 1L;

    public SessionStatusConverter() {
        super(SessionStatus.class);
    }
}
