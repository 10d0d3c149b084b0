package io.agentstore.internal.store;

import io.agentstore.internal.database.Conn;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The history of session and shared state: after each change its writer records the state as its
 * row now holds it, in the change's own transaction (session_states, shared_states).
 */
final class StateHistory {

    private StateHistory() {}

    /** The session's own state after an append's delta (step 0 at the event's seq). */
    static void appended(Conn c, String sessionId, Instant now) throws SQLException {
        c.call(HistoryShapes.SESSION_STATE_APPENDED)
                .set(HistoryShapes.SESSION, sessionId)
                .set(HistoryShapes.STATE_AT, now)
                .update();
    }

    /** The session's own state after a change between events (creation, setState, mergeState, removeState). */
    static void changed(Conn c, String sessionId, Instant now) throws SQLException {
        c.call(HistoryShapes.SESSION_STATE_CHANGED)
                .set(HistoryShapes.SESSION, sessionId)
                .set(HistoryShapes.STATE_AT, now)
                .update();
    }

    /** The app's (perUser false) or the user's shared state after a change. */
    static void shared(Conn c, boolean perUser, String app, String user, Instant now) throws SQLException {
        if (perUser) {
            c.call(HistoryShapes.USER_STATE_CHANGED)
                    .set(HistoryShapes.APP, app)
                    .set(HistoryShapes.USER, user)
                    .set(HistoryShapes.SHARED_AT, now)
                    .update();
        } else {
            c.call(HistoryShapes.APP_STATE_CHANGED)
                    .set(HistoryShapes.APP, app)
                    .set(HistoryShapes.SHARED_AT, now)
                    .update();
        }
    }
}
