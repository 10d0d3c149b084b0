package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.SESSIONS;
import static io.agentstore.internal.store.Pages.BEFORE_AT;
import static io.agentstore.internal.store.Pages.LIMIT;
import static io.agentstore.internal.store.SessionShapes.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Call;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import io.agentstore.sessions.Event;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.Session;
import io.agentstore.sessions.SessionStatus;
import io.agentstore.sessions.SessionStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.JSON;

/** The session store on the library's database. */
final class SessionStoreImpl implements SessionStore {

    private static final int MAX_STATE_KEY = 256;
    private static final Set<String> SCOPES = Set.of("temp", "session", "user", "app", "project");

    private final Database db;

    SessionStoreImpl(Database db) {
        this.db = db;
    }

    @Override
    public Session create(NewSession s) {
        if (s == null) {
            throw Failures.invalid("session must not be null");
        }
        // Every id a session is created with forms one of its memory scopes: one rule, here and there.
        String id = s.id() == null ? UUID.randomUUID().toString() : Check.scopeId("session id", s.id());
        String app = Check.scopeId("app name", s.appName());
        String user = Check.scopeId("user id", s.userId());
        String project = Check.optionalScopeId("project id", s.projectId());
        Json metadata = s.metadata() == null ? Json.emptyObject() : s.metadata();
        String metadataText = Check.jsonObject("session metadata", metadata);
        Json state = s.state() == null ? Json.emptyObject() : s.state();
        String stateText = Check.jsonObject("session state", state);
        for (Iterator<String> it = state.tree().fieldNames(); it.hasNext(); ) {
            String key = stateKey(it.next());
            if (key.startsWith("temp:")) {
                throw Failures.invalid("initial session state may not hold temp: key " + Check.quote(key)
                        + ": temp: keys are never persisted");
            }
        }
        SharedState.Split initial = SharedState.Split.of(state);
        String ownText = initial.own() == null ? "{}" : initial.own();
        String doing = "creating session " + Check.quote(id);
        return db.write(doing, c -> {
            Instant now = db.now();
            db.refusing(
                    doing + ": the id is taken",
                    null,
                    () -> c.call(SESSION_INSERT)
                            .set(ID, id)
                            .set(APP_NAME, app)
                            .set(USER_ID, user)
                            .set(PROJECT_ID, project)
                            .set(STATE, Stored.json(ownText))
                            .set(METADATA, Stored.json(metadataText))
                            .set(CREATED_AT, now)
                            .update());
            SharedState.merge(c, initial, app, user, now, doing);
            StateHistory.appended(c, id, now); // the state it was created with: step 0 at seq 0
            // The new session as a read shows it: its own keys and whatever its app and user share.
            return c.call(SESSION_FOR_WRITE).set(ID, id).one(SESSION_SHARED).orElseThrow();
        });
    }

    @Override
    public Optional<Session> get(String id) {
        Check.id("session id", id);
        return db.read(
                "reading session " + Check.quote(id),
                c -> c.call(SESSION_BY_ID).set(ID, id).one(SESSION_SHARED));
    }

    @Override
    public Page<Session> byUser(String userId, PageRequest page) {
        Check.id("user id", userId);
        return page("sessionsByUser", SESSIONS_BY_USER, USER_ID, userId, page, Session::createdAt);
    }

    @Override
    public Page<Session> byProject(String projectId, PageRequest page) {
        Check.id("project id", projectId);
        return page("sessionsByProject", SESSIONS_BY_PROJECT, PROJECT_ID, projectId, page, Session::createdAt);
    }

    @Override
    public Page<Session> byStatus(SessionStatus status, PageRequest page) {
        if (status != SessionStatus.ACTIVE && status != SessionStatus.PAUSED) {
            throw Failures.invalid("sessions are listed by status only for active and paused: " + status);
        }
        return page(
                "sessionsByStatus",
                status == SessionStatus.ACTIVE ? SESSIONS_ACTIVE : SESSIONS_PAUSED,
                null,
                Stored.text(status),
                page,
                Session::lastUpdateTime);
    }

    private Page<Session> page(
            String listing,
            Shape shape,
            Param<String> param,
            String value,
            PageRequest page,
            Function<Session, Instant> sortTime) {
        String tag = listing + ":" + value;
        return Pages.keyset(
                db,
                "listing " + listing + " " + Check.quote(value),
                tag,
                page,
                new String[] {Pages.AFTER_ALL, ""},
                (c, before) -> bindIf(c.call(shape), param, value)
                        .set(BEFORE_AT, Pages.time(before[0]))
                        .set(BEFORE_ID, before[1]),
                SESSION_SHARED,
                s -> new String[] {Timestamps.format(sortTime.apply(s)), s.id()});
    }

    private static Call bindIf(Call call, Param<String> param, String value) throws SQLException {
        return param == null ? call : call.set(param, value);
    }

    @Override
    public Session transition(String id, SessionStatus target) {
        Check.id("session id", id);
        if (target == null) {
            throw Failures.invalid("target status must not be null");
        }
        String doing = "moving session " + Check.quote(id) + " to " + Stored.text(target);
        return db.write(doing, c -> {
            Session current = c.call(SESSION_FOR_WRITE)
                    .set(ID, id)
                    .one(SESSION_SHARED)
                    .orElseThrow(() -> Failures.of(ErrorCode.NOT_FOUND, doing + ": no such session"));
            if (!current.status().canMoveTo(target)) {
                throw Failures.of(
                        ErrorCode.CONFLICT,
                        doing + ": a session cannot go from "
                                + Stored.text(current.status()) + " to " + Stored.text(target) + " (from "
                                + Stored.text(current.status()) + " it may go to "
                                + names(current.status().next()) + ")");
            }
            Instant now = db.now();
            Session moved = c.call(SESSION_TRANSITION)
                    .set(TO, target)
                    .set(NOW, now)
                    .set(TERMINATED_AT, target == SessionStatus.TERMINATED ? now : null)
                    .set(ARCHIVED_AT, target == SessionStatus.ARCHIVED ? now : null)
                    .set(ID, id)
                    .set(FROM, current.status())
                    .one(SESSION)
                    .orElseThrow(() -> Failures.of(ErrorCode.CONFLICT, doing + ": the status changed meanwhile"));
            // A move changes no state: the state read with the shared keys, in this transaction, holds.
            return new SessionRow(
                    moved.id(),
                    moved.appName(),
                    moved.userId(),
                    moved.projectId(),
                    moved.status(),
                    current.state(),
                    moved.metadata(),
                    moved.eventCount(),
                    moved.createdAt(),
                    moved.lastUpdateTime(),
                    moved.terminatedAt(),
                    moved.archivedAt());
        });
    }

    private static String names(Set<SessionStatus> statuses) {
        if (statuses.isEmpty()) {
            return "nowhere";
        }
        List<String> out = new ArrayList<>();
        for (SessionStatus s : SessionStatus.values()) {
            if (statuses.contains(s)) {
                out.add(Stored.text(s));
            }
        }
        return String.join(", ", out);
    }

    @Override
    public Event append(String sessionId, NewEvent event) {
        Check.id("session id", sessionId);
        Appending a = appending(sessionId, event, "event");
        return db.write(a.doing(), c -> a.run(c, db.now()));
    }

    @Override
    public List<Event> appendAll(String sessionId, List<NewEvent> events) {
        Check.id("session id", sessionId);
        if (events == null) {
            throw Failures.invalid("events must not be null");
        }
        List<Appending> all = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            all.add(appending(sessionId, events.get(i), "events[" + i + "]"));
        }
        String doing = "appending " + events.size() + " events to session " + Check.quote(sessionId);
        return db.write(doing, c -> {
            Instant now = db.now();
            if (all.isEmpty()) {
                if (c.call(SESSION_ROW_FOR_WRITE)
                        .set(ID, sessionId)
                        .one(SESSION)
                        .isEmpty()) {
                    throw Failures.of(ErrorCode.NOT_FOUND, doing + ": no such session");
                }
                return List.of();
            }
            List<Event> out = new ArrayList<>(all.size());
            for (Appending a : all) {
                out.add(a.run(c, now));
            }
            return out;
        });
    }

    /** One validated event to append: everything checked before the write starts. */
    private Appending appending(String sessionId, NewEvent event, String what) {
        if (event == null) {
            throw Failures.invalid(what + " must not be null");
        }
        String type = Check.text("event type", event.type(), 128);
        String actor = Check.text("event actor", event.actor(), 256);
        String content = Check.json("event content", event.content());
        Json delta = persistedDelta(event.stateDelta());
        Instant at = event.createdAt() == null
                ? null
                : Check.instant("event time", event.createdAt()).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String doing = "appending a " + Check.quote(type) + " event to session " + Check.quote(sessionId);
        // SharedState.Split and serialised here, before the write: not under the writer's lock.
        JSON deltaJson = delta == null ? null : Stored.json(delta.text());
        SharedState.Split split = SharedState.Split.of(delta);
        JSON ownDelta = split.own() == null ? null : Stored.json(split.own());
        return new Appending(
                sessionId, type, actor, content, event.content(), delta, deltaJson, split, ownDelta, at, doing);
    }

    /**
     * One validated event to append, with its delta as stored ({@code deltaJson}), split by scope,
     * and the session's own part of it as stored ({@code ownDelta}, null when it has none).
     */
    private record Appending(
            String sessionId,
            String type,
            String actor,
            String contentText,
            Json content,
            Json delta,
            JSON deltaJson,
            SharedState.Split split,
            JSON ownDelta,
            Instant at,
            String doing) {

        /** Takes the next seq (applying the delta's own part), merges its shared part, inserts the event. */
        Event run(Conn c, Instant now) throws SQLException {
            Instant created = at == null ? now : at;
            Call bump = ownDelta == null
                    ? c.call(SESSION_NEXT_SEQ)
                    : c.call(SESSION_NEXT_SEQ_WITH_DELTA).set(DELTA, ownDelta);
            Optional<Taken> taken = bump.set(NOW, now)
                    .set(ID, sessionId)
                    .one(r -> new Taken(
                            r.get(SESSIONS.EVENT_COUNT),
                            ownDelta == null ? 0 : r.get(STATE_LENGTH),
                            r.get(SESSIONS.APP_NAME),
                            r.get(SESSIONS.USER_ID)));
            if (taken.isEmpty()) {
                throw missingOrNotLive(c, sessionId, doing);
            }
            stateWithinLimit(taken.get().stateLength(), doing);
            if (ownDelta != null) {
                StateHistory.appended(c, sessionId, now);
            }
            SharedState.merge(c, split, taken.get().app(), taken.get().user(), now, doing);
            long seq = taken.get().seq();
            c.call(EVENT_INSERT)
                    .set(EVENT_SESSION, sessionId)
                    .set(SEQ, seq)
                    .set(EVENT_TYPE, type)
                    .set(ACTOR, actor)
                    .set(CONTENT, Stored.json(contentText))
                    .set(EVENT_DELTA, deltaJson)
                    .set(EVENT_CREATED_AT, created)
                    .update();
            return new EventRow(sessionId, seq, type, actor, content, delta, created);
        }
    }

    @Override
    public int deleteEvents(String sessionId, long afterSeq, long beforeSeq) {
        Check.id("session id", sessionId);
        if (afterSeq < 0 || beforeSeq <= afterSeq) {
            throw Failures.invalid(
                    "events to delete must be a range 0 <= afterSeq < beforeSeq: " + afterSeq + ", " + beforeSeq);
        }
        String doing =
                "deleting events " + afterSeq + " < seq < " + beforeSeq + " of session " + Check.quote(sessionId);
        return db.write(doing, c -> {
            int n = c.call(EVENTS_DELETE_RANGE)
                    .set(EVENT_SESSION, sessionId)
                    .set(AFTER_SEQ, afterSeq)
                    .set(BEFORE_SEQ, beforeSeq)
                    .update();
            if (n == 0
                    && c.call(SESSION_ROW_FOR_WRITE)
                            .set(ID, sessionId)
                            .one(SESSION)
                            .isEmpty()) {
                throw Failures.of(ErrorCode.NOT_FOUND, doing + ": no such session");
            }
            return n;
        });
    }

    /** What taking the next seq returned: the seq, the own state's new length, whose the session is. */
    private record Taken(long seq, long stateLength, String app, String user) {}

    /** After a state change: no row means the session is missing or not live; else its new length must fit. */
    private void stateChanged(Conn c, Optional<Integer> length, String sessionId, String doing) throws SQLException {
        if (length.isEmpty()) {
            throw missingOrNotLive(c, sessionId, doing);
        }
        stateWithinLimit(length.get(), doing);
    }

    /**
     * Refuses a change that left the session's state past the size limit; thrown inside the write,
     * it undoes the change (and the event that carried it) and nothing else.
     */
    static void stateWithinLimit(long length, String doing) {
        if (length > Check.MAX_JSON) {
            throw Failures.invalid(doing + ": the session's state would grow to " + length
                    + " characters of JSON; the limit is " + Check.MAX_JSON + " (remove keys, or keep large values "
                    + "in memory instead of state)");
        }
    }

    /** Validates a state delta and drops its temp: keys; null when nothing is left to persist. */
    private static Json persistedDelta(Json delta) {
        if (delta == null) {
            return null;
        }
        Check.jsonObject("state delta", delta);
        JsonNode tree = delta.tree();
        List<String> temp = new ArrayList<>();
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String key = stateKey(it.next());
            if (key.startsWith("temp:")) {
                temp.add(key);
            }
        }
        if (temp.isEmpty()) {
            return delta;
        }
        ((ObjectNode) tree).remove(temp);
        return tree.isEmpty() ? null : Json.of(tree);
    }

    /** A state key: 1..256 chars, no control characters, no quote or backslash, a known scope prefix if any. */
    static String stateKey(String key) {
        Check.text("state key", key, MAX_STATE_KEY);
        if (key.indexOf('"') >= 0 || key.indexOf('\\') >= 0) {
            throw Failures.invalid("state key must not contain '\"' or '\\': " + Check.quote(key));
        }
        int colon = key.indexOf(':');
        if (colon >= 0) {
            String scope = key.substring(0, colon);
            if (!SCOPES.contains(scope)) {
                throw Failures.invalid("state key " + Check.quote(key) + " has unknown scope prefix "
                        + Check.quote(scope + ":") + " (known: temp:, session:, user:, app:, project:)");
            }
            if (colon == key.length() - 1) {
                throw Failures.invalid("state key " + Check.quote(key) + " is only a scope prefix");
            }
        }
        return key;
    }

    /** Sets ({@code json}) or removes ({@code null}) one shared key through a live session. */
    private static void changeSharedKey(Conn c, String sessionId, String key, String json, Instant now, String doing)
            throws SQLException {
        Owner owner = touch(c, sessionId, now, doing);
        SharedState.change(
                c, key.startsWith("app:") ? APP_STATE : USER_STATE, owner.app(), owner.user(), now, doing, key, json);
    }

    /** Whose a session is: its app and user, the keys of its shared state. */
    private record Owner(String app, String user) {}

    private static boolean isShared(String key) {
        return key.startsWith("app:") || key.startsWith("user:");
    }

    /** Marks a live session changed and returns whose it is; NOT_FOUND or CONFLICT as for any state change. */
    private static Owner touch(Conn c, String sessionId, Instant now, String doing) throws SQLException {
        Optional<Owner> owner = c.call(SESSION_TOUCH)
                .set(NOW, now)
                .set(ID, sessionId)
                .one(r -> new Owner(r.get(SESSIONS.APP_NAME), r.get(SESSIONS.USER_ID)));
        if (owner.isEmpty()) {
            throw missingOrNotLive(c, sessionId, doing);
        }
        return owner.get();
    }

    private static AgentStoreException missingOrNotLive(Conn c, String id, String doing) throws SQLException {
        Optional<Session> s = c.call(SESSION_ROW_FOR_WRITE).set(ID, id).one(SESSION);
        if (s.isEmpty()) {
            return Failures.of(ErrorCode.NOT_FOUND, doing + ": no such session");
        }
        return Failures.of(
                ErrorCode.CONFLICT,
                doing + ": the session is " + Stored.text(s.get().status()) + " and accepts no more changes");
    }

    @Override
    public Page<Event> events(String sessionId, PageRequest page) {
        Check.id("session id", sessionId);
        return eventPage(sessionId, 0, page);
    }

    @Override
    public Page<Event> eventsAfter(String sessionId, long afterSeq, PageRequest page) {
        Check.id("session id", sessionId);
        if (afterSeq < 0) {
            throw Failures.invalid("afterSeq must be >= 0: " + afterSeq);
        }
        return eventPage(sessionId, afterSeq, page);
    }

    /** One range of (session_id, seq): the events after {@code afterSeq}, or after the cursor's seq if one is given. */
    private Page<Event> eventPage(String sessionId, long afterSeq, PageRequest page) {
        String listing = "events:" + sessionId;
        String doing = "reading events of session " + Check.quote(sessionId);
        Page<Event> found = Pages.keyset(
                db,
                doing,
                listing,
                page,
                new String[] {Long.toString(afterSeq)},
                (c, after) -> c.call(EVENTS_AFTER)
                        .set(EVENT_SESSION, sessionId)
                        .set(AFTER_SEQ, Pages.number(listing, after[0])),
                EVENT,
                e -> new String[] {Long.toString(e.seq())});
        if (found.items().isEmpty()) {
            requireSession(sessionId, doing);
        }
        return found;
    }

    @Override
    public List<Event> lastEvents(String sessionId, int limit) {
        Check.id("session id", sessionId);
        Check.limit(limit, Pages.MAX_PAGE);
        return newest(
                sessionId,
                "reading the last events of session " + Check.quote(sessionId),
                c -> c.call(EVENTS_LAST).set(EVENT_SESSION, sessionId).set(LIMIT, limit));
    }

    /** A shape with its parameters bound, on a connection. */
    @FunctionalInterface
    private interface Bound {
        Call call(Conn c) throws SQLException;
    }

    /** Newest events read by {@code query}, returned in seq order; NOT_FOUND when none and no session. */
    private List<Event> newest(String sessionId, String doing, Bound query) {
        List<Event> rows = db.read(doing, c -> query.call(c).list(EVENT));
        if (rows.isEmpty()) {
            requireSession(sessionId, doing);
        }
        List<Event> out = new ArrayList<>(rows);
        out.sort(java.util.Comparator.comparingLong(Event::seq));
        return out;
    }

    @Override
    public Page<Event> eventsSince(String sessionId, Instant since, PageRequest page) {
        Check.id("session id", sessionId);
        Instant from = Check.instant("since", since);
        String listing = "eventsSince:" + sessionId;
        String doing = "reading events of session " + Check.quote(sessionId) + " since " + from;
        Page<Event> found = Pages.keyset(
                db,
                doing,
                listing,
                page,
                // (time, seq) > (since, 0): every event at or after since (seqs start at 1).
                new String[] {Timestamps.format(from), "0"},
                (c, after) -> c.call(EVENTS_SINCE)
                        .set(EVENT_SESSION, sessionId)
                        .set(SINCE, Pages.time(after[0]))
                        .set(AFTER_SEQ, Pages.number(listing, after[1])),
                EVENT,
                e -> new String[] {Timestamps.format(e.createdAt()), Long.toString(e.seq())});
        if (found.items().isEmpty()) {
            requireSession(sessionId, doing);
        }
        return found;
    }

    @Override
    public List<Event> lastEventsSince(String sessionId, Instant since, int limit) {
        Check.id("session id", sessionId);
        Check.limit(limit, Pages.MAX_PAGE);
        Instant from = since == null ? Timestamps.MIN : Check.instant("since", since);
        return newest(
                sessionId,
                "reading the last events of session " + Check.quote(sessionId) + " since " + from,
                c -> c.call(EVENTS_LAST_SINCE)
                        .set(EVENT_SESSION, sessionId)
                        .set(SINCE, from)
                        .set(LIMIT, limit));
    }

    /** An empty listing of a session's own rows is NOT_FOUND when the session itself is missing. */
    // ---- as of an instant ----

    @Override
    public io.agentstore.sessions.SessionsAsOf asOf(Instant at) {
        Instant t = MemoryAsOfImpl.instant(db, at);
        return new io.agentstore.sessions.SessionsAsOf() {
            @Override
            public Instant at() {
                return t;
            }

            @Override
            public Json state(String sessionId) {
                return stateAsOf(sessionId, t);
            }

            @Override
            public Page<Event> events(String sessionId, PageRequest page) {
                return eventsAsOf(sessionId, t, page);
            }
        };
    }

    /** A session's own, app and user state as they were at an instant, merged as a read then merged them. */
    private Json stateAsOf(String sessionId, Instant at) {
        Check.id("session id", sessionId);
        String doing = "reading the state of session " + Check.quote(sessionId) + " as of " + at;
        return db.read(doing, c -> {
            MemoryAsOfImpl.answerable(c, "session_state", "shared_state", at, doing);
            AsOfRow row = c.call(HistoryShapes.SESSION_AS_OF)
                    .set(HistoryShapes.SESSION, sessionId)
                    .set(HistoryShapes.STATE_AT, at)
                    .one(r -> new AsOfRow(
                            r.get(SESSIONS.CREATED_AT),
                            r.get(HistoryShapes.OWN_AT),
                            r.get(HistoryShapes.EARLIEST_AT),
                            r.get(HistoryShapes.APP_AT),
                            r.get(HistoryShapes.USER_AT)))
                    .orElseThrow(() -> Failures.of(ErrorCode.NOT_FOUND, doing + ": no such session"));
            if (at.isBefore(row.created())) {
                throw Failures.of(
                        ErrorCode.NOT_FOUND,
                        doing + ": the session did not exist yet (it was created at " + Timestamps.format(row.created())
                                + ")");
            }
            if (row.own() == null) {
                String earliest = row.earliest() == null ? "none" : Timestamps.format(row.earliest());
                throw Failures.of(
                        ErrorCode.INVALID_ARGUMENT,
                        doing + ": retention removed the session's state history before " + earliest
                                + "; the earliest time that can be answered is " + earliest);
            }
            return SessionShapes.withSharedKeys(Stored.json(row.own()), row.app(), row.user());
        });
    }

    /** A session as of an instant: when it was created, its own state then (null: not kept), its earliest kept change, its shared state then. */
    private record AsOfRow(Instant created, JSON own, Instant earliest, JSON app, JSON user) {}

    /** A session's state right after an event, with what the shared state at the event's time needs. */
    private record AfterRow(
            String app, String user, long eventCount, JSON own, Long earliestSeq, Instant eventAt, Instant created) {}

    @Override
    public Json stateAfter(String sessionId, long seq) {
        Check.id("session id", sessionId);
        if (seq < 0) {
            throw Failures.invalid("seq must be >= 0: " + seq);
        }
        String doing = "reading the state of session " + Check.quote(sessionId) + " after event " + seq;
        return db.read(doing, c -> {
            AfterRow r = c.call(HistoryShapes.SESSION_STATE_AFTER)
                    .set(HistoryShapes.SESSION, sessionId)
                    .set(HistoryShapes.EVENT_SEQ, seq)
                    .one(x -> new AfterRow(
                            x.get(SESSIONS.APP_NAME),
                            x.get(SESSIONS.USER_ID),
                            x.get(SESSIONS.EVENT_COUNT),
                            x.get(HistoryShapes.OWN_AFTER),
                            x.get(HistoryShapes.EARLIEST_SEQ),
                            x.get(HistoryShapes.EVENT_TIME),
                            x.get(SESSIONS.CREATED_AT)))
                    .orElseThrow(() -> Failures.of(ErrorCode.NOT_FOUND, doing + ": no such session"));
            if (seq > r.eventCount()) {
                throw Failures.of(
                        ErrorCode.NOT_FOUND,
                        doing + ": the session has " + r.eventCount() + " events (no event " + seq + ")");
            }
            if (r.own() == null) {
                throw Failures.of(
                        ErrorCode.INVALID_ARGUMENT,
                        doing + ": retention removed the session's state history before event " + r.earliestSeq()
                                + "; the first event that can be answered is " + r.earliestSeq());
            }
            Instant time = seq == 0 ? r.created() : r.eventAt();
            if (time == null) {
                throw Failures.of(
                        ErrorCode.NOT_FOUND,
                        doing + ": event " + seq + " no longer exists (deleted, or removed by retention), so the"
                                + " shared state at its time is unknown");
            }
            MemoryAsOfImpl.answerable(c, "shared_state", time, doing);
            JSON[] shared = c.call(HistoryShapes.SHARED_STATES_AS_OF)
                    .set(HistoryShapes.SHARED_APP, r.app())
                    .set(HistoryShapes.SHARED_USER, r.user())
                    .set(HistoryShapes.SHARED_AT, time)
                    .one(x -> new JSON[] {x.get(HistoryShapes.APP_ONLY_AT), x.get(HistoryShapes.USER_ONLY_AT)})
                    .orElseThrow();
            return SessionShapes.withSharedKeys(Stored.json(r.own()), shared[0], shared[1]);
        });
    }

    /** A session's events created at or before an instant, in seq order. */
    private Page<Event> eventsAsOf(String sessionId, Instant at, PageRequest page) {
        Check.id("session id", sessionId);
        String listing = "eventsAsOf:" + Timestamps.format(at) + ":" + sessionId;
        String doing = "reading events of session " + Check.quote(sessionId) + " as of " + at;
        db.read(doing, c -> {
            MemoryAsOfImpl.answerable(c, "events", at, doing);
            return null;
        });
        Page<Event> found = Pages.keyset(
                db,
                doing,
                listing,
                page,
                new String[] {"0"},
                (c, after) -> c.call(HistoryShapes.EVENTS_AS_OF)
                        .set(HistoryShapes.EVENTS_OF, sessionId)
                        .set(HistoryShapes.AFTER_SEQ, Pages.number(listing, after[0]))
                        .set(HistoryShapes.CREATED_BY, at),
                EVENT,
                e -> new String[] {Long.toString(e.seq())});
        if (found.items().isEmpty()) {
            requireSession(sessionId, doing);
        }
        return found;
    }

    private void requireSession(String sessionId, String doing) {
        if (get(sessionId).isEmpty()) {
            throw Failures.of(ErrorCode.NOT_FOUND, doing + ": no such session");
        }
    }

    @Override
    public Json state(String sessionId) {
        return get(sessionId)
                .map(Session::state)
                .orElseThrow(() -> Failures.of(
                        ErrorCode.NOT_FOUND,
                        "reading the state of session " + Check.quote(sessionId) + ": no such session"));
    }

    @Override
    public Optional<Json> state(String sessionId, String key) {
        stateKey(key);
        JsonNode value = state(sessionId).tree().get(key);
        return value == null ? Optional.empty() : Optional.of(Json.of(value));
    }

    @Override
    public void setState(String sessionId, String key, Object value) {
        Check.id("session id", sessionId);
        stateKey(key);
        if (key.startsWith("temp:")) {
            throw Failures.invalid("state key " + Check.quote(key)
                    + " is turn-scoped (temp:) and is never persisted; keep it in the turn");
        }
        String json = Check.json("state value", Json.of(value));
        String doing = "setting state key " + Check.quote(key) + " of session " + Check.quote(sessionId);
        db.write(doing, c -> {
            Instant now = db.now();
            if (isShared(key)) {
                changeSharedKey(c, sessionId, key, json, now, doing);
                return null;
            }
            Optional<Integer> length = c.call(SESSION_SET_STATE)
                    .set(STATE_KEY, key)
                    .set(STATE_VALUE, Stored.json(json))
                    .set(NOW, now)
                    .set(ID, sessionId)
                    .one(r -> r.get(STATE_LENGTH));
            stateChanged(c, length, sessionId, doing);
            StateHistory.changed(c, sessionId, now);
            return null;
        });
    }

    @Override
    public void mergeState(String sessionId, Map<String, ?> delta) {
        Check.id("session id", sessionId);
        if (delta == null) {
            throw Failures.invalid("state delta must not be null");
        }
        Json persisted = persistedDelta(Json.of(delta));
        if (persisted == null) {
            return;
        }
        String doing = "merging state into session " + Check.quote(sessionId);
        SharedState.Split split = SharedState.Split.of(persisted);
        db.write(doing, c -> {
            Instant now = db.now();
            Owner owner;
            if (split.own() == null) {
                owner = touch(c, sessionId, now, doing);
            } else {
                Optional<Owner> changed = c.call(SESSION_MERGE_STATE)
                        .set(DELTA, Stored.json(split.own()))
                        .set(NOW, now)
                        .set(ID, sessionId)
                        .one(r -> {
                            stateWithinLimit(r.get(STATE_LENGTH), doing);
                            return new Owner(r.get(SESSIONS.APP_NAME), r.get(SESSIONS.USER_ID));
                        });
                if (changed.isEmpty()) {
                    throw missingOrNotLive(c, sessionId, doing);
                }
                owner = changed.get();
                StateHistory.changed(c, sessionId, now);
            }
            SharedState.merge(c, split, owner.app(), owner.user(), now, doing);
            return null;
        });
    }

    @Override
    public void removeState(String sessionId, String key) {
        Check.id("session id", sessionId);
        stateKey(key);
        String doing = "removing state key " + Check.quote(key) + " of session " + Check.quote(sessionId);
        db.write(doing, c -> {
            if (isShared(key)) {
                changeSharedKey(c, sessionId, key, null, db.now(), doing);
                return null;
            }
            Instant now = db.now();
            int n = c.call(SESSION_REMOVE_STATE)
                    .set(STATE_KEY, key)
                    .set(NOW, now)
                    .set(ID, sessionId)
                    .update();
            if (n == 0) {
                throw missingOrNotLive(c, sessionId, doing);
            }
            StateHistory.changed(c, sessionId, now);
            return null;
        });
    }

    @Override
    public boolean delete(String id) {
        Check.id("session id", id);
        return db.write(
                "deleting session " + Check.quote(id),
                c -> c.call(SESSION_DELETE).set(ID, id).update() > 0);
    }
}
