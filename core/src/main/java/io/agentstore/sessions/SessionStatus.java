package io.agentstore.sessions;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a session is in its life:
 * {@code created → active → (paused ↔ active)* → terminated → archived}. A session that never
 * became active, or is paused, may also be terminated directly. Events and state changes are
 * accepted until the session is terminated.
 */
public enum SessionStatus {
    CREATED,
    ACTIVE,
    PAUSED,
    TERMINATED,
    ARCHIVED;

    /** The statuses this one may move to. */
    public Set<SessionStatus> next() {
        return switch (this) {
            case CREATED -> EnumSet.of(ACTIVE, TERMINATED);
            case ACTIVE -> EnumSet.of(PAUSED, TERMINATED);
            case PAUSED -> EnumSet.of(ACTIVE, TERMINATED);
            case TERMINATED -> EnumSet.of(ARCHIVED);
            case ARCHIVED -> EnumSet.noneOf(SessionStatus.class);
        };
    }

    public boolean canMoveTo(SessionStatus target) {
        return next().contains(target);
    }

    /** Whether events and state changes are accepted. */
    public boolean isLive() {
        return this == CREATED || this == ACTIVE || this == PAUSED;
    }
}
