package io.agentstore.sessions;

import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions: creation, lookup, listings, lifecycle, the event history and the session state.
 * Every method is thread-safe and atomic; errors are {@link io.agentstore.AgentStoreException}s.
 *
 * <p>State keys are 1–256 characters without control characters or {@code "}/{@code \}. A key
 * may carry one scope prefix: {@code temp:}, {@code session:}, {@code user:}, {@code app:} or
 * {@code project:} (any other {@code word:} prefix is refused, to catch typos). {@code temp:}
 * keys are never persisted. {@code app:} keys are shared by every session of the session's app,
 * {@code user:} keys by every session of its user in that app: setting one from any of those
 * sessions changes it for all, and every read of a session's state includes them.
 */
public interface SessionStore {

    /** Creates a session (status {@code created}); a taken id is a CONFLICT. */
    Session create(NewSession session);

    Optional<Session> get(String id);

    /** A user's sessions, newest first. */
    Page<Session> byUser(String userId, PageRequest page);

    /** A project's sessions, newest first. */
    Page<Session> byProject(String projectId, PageRequest page);

    /** The sessions with status {@code active} or {@code paused}, most recently updated first. */
    Page<Session> byStatus(SessionStatus status, PageRequest page);

    /** Moves a session to another status; an illegal move is a CONFLICT naming both statuses. */
    Session transition(String id, SessionStatus target);

    default Session activate(String id) {
        return transition(id, SessionStatus.ACTIVE);
    }

    default Session pause(String id) {
        return transition(id, SessionStatus.PAUSED);
    }

    default Session terminate(String id) {
        return transition(id, SessionStatus.TERMINATED);
    }

    default Session archive(String id) {
        return transition(id, SessionStatus.ARCHIVED);
    }

    /**
     * Appends an event, and applies its state delta, in one transaction. Costs the same at any
     * history length; concurrent appends to one session are all kept, in one order.
     */
    Event append(String sessionId, NewEvent event);

    /**
     * Appends several events, in order, with consecutive seqs, in one transaction: all are kept
     * or (on any error) none. An empty list appends nothing (the session must still exist).
     */
    List<Event> appendAll(String sessionId, List<NewEvent> events);

    /**
     * Deletes the events with {@code afterSeq < seq < beforeSeq} (one range of the primary key)
     * and returns how many there were. The other events keep their seqs; later appends continue
     * after the last seq ever given. For pruning a history whose old part is no longer wanted.
     */
    int deleteEvents(String sessionId, long afterSeq, long beforeSeq);

    /**
     * A session's events, oldest first, a page at a time (pass the page's cursor for the next).
     * NOT_FOUND if the session does not exist, as for {@link #state(String)}.
     */
    Page<Event> events(String sessionId, PageRequest page);

    /**
     * The events with {@code seq > afterSeq}, oldest first; the page's {@link Page#next()}
     * continues them (a request with a cursor starts after the cursor instead).
     */
    Page<Event> eventsAfter(String sessionId, long afterSeq, PageRequest page);

    /** The last {@code limit} events, oldest first. NOT_FOUND if the session does not exist. */
    List<Event> lastEvents(String sessionId, int limit);

    /**
     * The events created at or after {@code since}, in time order (then seq), a page at a time:
     * one range of the (session, time) index. NOT_FOUND if the session does not exist.
     */
    Page<Event> eventsSince(String sessionId, Instant since, PageRequest page);

    /**
     * The newest {@code limit} events created at or after {@code since} ({@code null}: any time),
     * returned in seq order. NOT_FOUND if the session does not exist.
     */
    List<Event> lastEventsSince(String sessionId, Instant since, int limit);

    /** Sessions as they were at an instant: their state and their events then (see {@link SessionsAsOf}). */
    SessionsAsOf asOf(Instant at);

    /**
     * The session's state right after event {@code seq} was appended (its delta applied; no
     * change made after it), with its app's and user's shared keys as they stood at the event's
     * time. {@code seq} 0 is the state the session was created with. NOT_FOUND if the session or
     * the event does not exist; INVALID_ARGUMENT naming the first event that can be answered when
     * retention removed the state history before it.
     */
    Json stateAfter(String sessionId, long seq);

    /** The session state (a JSON object). */
    Json state(String sessionId);

    /** One state value, if set. */
    Optional<Json> state(String sessionId, String key);

    /** Sets one state key. A {@code temp:} key is refused: it would never be persisted. */
    void setState(String sessionId, String key, Object value);

    /** Applies a JSON merge patch to the state (see {@link NewEvent}); {@code temp:} keys are dropped. */
    void mergeState(String sessionId, Map<String, ?> delta);

    /** Removes one state key (nothing happens if it is not set). */
    void removeState(String sessionId, String key);

    /** Deletes a session and its events; its tasks, agents and checkpoints stay, unlinked. False if absent. */
    boolean delete(String id);
}
