package io.agentstore.adk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.adk.events.Event;
import com.google.adk.sessions.BaseSessionService;
import com.google.adk.sessions.GetSessionConfig;
import com.google.adk.sessions.ListEventsResponse;
import com.google.adk.sessions.ListSessionsResponse;
import com.google.adk.sessions.Session;
import com.google.adk.sessions.State;
import com.google.common.collect.MapMaker;
import io.agentstore.AgentStore;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.internal.Failures;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.SessionStore;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;

/**
 * ADK's session service on agentstore: sessions, their events and their state, durable and
 * safe with several instances (and processes) writing one session.
 *
 * <p>ADK's semantics: a partial event is not stored; an event's state delta is applied in the
 * same transaction as the event; {@code temp:} keys are never persisted; {@link State#REMOVED}
 * removes a key; {@code app:} keys are shared by every session of the app and {@code user:} keys
 * by every session of the user in that app, and every session returned carries them. An event
 * is stored whole (ADK's own JSON) in one row, with its author and time in columns; its time is
 * the event's own timestamp, so {@code afterTimestamp} reads one range of the (session, time)
 * index and {@code numRecentEvents} the last entries of it.
 *
 * <p>A {@link Session} object read before another instance appended to the same session stays
 * usable: the append is numbered after the other's, and the object is brought up to date (the
 * missed events inserted before the new one, the state read back) instead of silently diverging.
 *
 * <p>A session is ADK's (app name, user id, session id): the same session id under another
 * user or app is another session, with its own state, events and memory. Ids and names may be
 * any string and are returned exactly as given; {@link #storedSessionId} tells under which id
 * agentstore keeps a session (for its own API and the {@code agentstore} command). Sessions
 * stored before this scoping (under ADK's id itself) are found and kept working as they are.
 *
 * <p>The store is the caller's: this service does not close it.
 */
public final class AgentStoreSessionService implements BaseSessionService {

    private static final int PAGE = 1_000;

    /** The session metadata that holds ADK's own app name, user id and session id, as given. */
    private static final String ADK = "adk";

    private static final String APP = "app";
    private static final String USER = "user";
    private static final String ID = "id";

    private final AgentStore store;

    /** What this service knows of a Session object it handed out: where it is stored, and the seq of its last event. */
    private record Tracked(String storedId, long lastSeq) {}

    /** For each Session object this service handed out (weakly, by identity). */
    private final ConcurrentMap<Session, Tracked> seen =
            new MapMaker().weakKeys().makeMap();

    public AgentStoreSessionService(AgentStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    private SessionStore sessions() {
        return store.sessions();
    }

    @Override
    @SuppressWarnings("deprecation") // the abstract form ADK 1.8 still declares
    public Single<Session> createSession(
            String appName, String userId, ConcurrentMap<String, Object> state, String sessionId) {
        return createSession(appName, userId, (Map<String, Object>) state, sessionId);
    }

    @Override
    public Single<Session> createSession(String appName, String userId, Map<String, Object> state, String sessionId) {
        return Single.fromCallable(() -> {
            String app = AdkJson.required(appName, "appName");
            String user = AdkJson.required(userId, "userId");
            String given = sessionId == null ? "" : sessionId.trim();
            String id = given.isEmpty() ? UUID.randomUUID().toString() : given;
            if (!given.isEmpty() && legacy(app, user, id).isPresent()) {
                throw taken(app, user, id, null);
            }
            ObjectNode adk = AdkJson.mapper().createObjectNode();
            adk.put(APP, app).put(USER, user).put(ID, id);
            NewSession n = NewSession.of(AdkIds.segment(app), AdkIds.segment(user))
                    .withId(AdkIds.sessionKey(app, user, id))
                    .withMetadata(Json.of(AdkJson.mapper().createObjectNode().set(ADK, adk)));
            var persisted = AdkJson.persisted(state, false);
            if (persisted != null) {
                n = n.withState(Json.of(persisted));
            }
            io.agentstore.sessions.Session created;
            try {
                created = sessions().create(n);
            } catch (AgentStoreException e) {
                if (e.code() == ErrorCode.CONFLICT) {
                    throw taken(app, user, id, e);
                }
                throw e;
            }
            Session s = AdkJson.session(created, app, user, id, new ArrayList<>());
            seen.put(s, new Tracked(created.id(), 0L));
            return s;
        });
    }

    private static AgentStoreException taken(String app, String user, String id, Throwable cause) {
        return Failures.of(
                ErrorCode.CONFLICT,
                "creating session " + Failures.quote(id) + " of user " + Failures.quote(user) + " in app "
                        + Failures.quote(app) + ": the id is taken",
                cause);
    }

    /**
     * Under which id agentstore keeps ADK's session (app, user, session id), if it exists: for
     * agentstore's own API ({@code store.sessions()}) and the {@code agentstore} command.
     */
    public Optional<String> storedSessionId(String appName, String userId, String sessionId) {
        AdkJson.required(appName, "appName");
        AdkJson.required(userId, "userId");
        AdkJson.required(sessionId, "sessionId");
        return owned(appName, userId, sessionId).map(io.agentstore.sessions.Session::id);
    }

    @Override
    public Maybe<Session> getSession(
            String appName, String userId, String sessionId, Optional<GetSessionConfig> config) {
        return Maybe.fromCallable(() -> {
            AdkJson.required(appName, "appName");
            AdkJson.required(userId, "userId");
            AdkJson.required(sessionId, "sessionId");
            Objects.requireNonNull(config, "config must not be null (Optional.empty() for none)");
            Optional<io.agentstore.sessions.Session> found = owned(appName, userId, sessionId);
            if (found.isEmpty()) {
                return null;
            }
            GetSessionConfig c = config.orElse(null);
            Optional<Integer> recent = c == null ? Optional.empty() : c.numRecentEvents();
            Optional<Instant> after = c == null ? Optional.empty() : c.afterTimestamp();
            String stored = found.get().id();
            List<io.agentstore.sessions.Event> rows = events(stored, recent, after);
            List<Event> events = new ArrayList<>(rows.size());
            long last = found.get().eventCount();
            for (io.agentstore.sessions.Event row : rows) {
                events.add(AdkJson.event(row, sessionId));
                last = Math.max(last, row.seq());
            }
            Session s = AdkJson.session(found.get(), appName, userId, sessionId, events);
            seen.put(s, new Tracked(stored, last));
            return s;
        });
    }

    /** The stored events a getSession asks for, in seq order: one index range for each form of the config. */
    private List<io.agentstore.sessions.Event> events(
            String sessionId, Optional<Integer> recent, Optional<Instant> after) {
        if (recent.isPresent()) {
            int n = recent.get();
            if (n < 0) {
                throw Failures.invalid("numRecentEvents must be >= 0: " + n);
            }
            if (n == 0) {
                return List.of();
            }
            if (n <= PAGE) {
                return after.isPresent()
                        ? sessions().lastEventsSince(sessionId, after.get(), n)
                        : sessions().lastEvents(sessionId, n);
            }
            List<io.agentstore.sessions.Event> all = all(sessionId, after);
            return all.subList(Math.max(0, all.size() - n), all.size());
        }
        return all(sessionId, after);
    }

    private List<io.agentstore.sessions.Event> all(String sessionId, Optional<Instant> after) {
        List<io.agentstore.sessions.Event> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<io.agentstore.sessions.Event> page = after.isPresent()
                    ? sessions()
                            .eventsSince(
                                    sessionId,
                                    after.get(),
                                    (cursor == null ? PageRequest.first(PAGE) : PageRequest.after(cursor, PAGE)))
                    : sessions()
                            .events(
                                    sessionId,
                                    (cursor == null ? PageRequest.first(PAGE) : PageRequest.after(cursor, PAGE)));
            out.addAll(page.items());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        if (after.isPresent()) {
            // Read in time order; returned, as every history is, in the order appended.
            out.sort(java.util.Comparator.comparingLong(io.agentstore.sessions.Event::seq));
        }
        return out;
    }

    @Override
    public Single<ListSessionsResponse> listSessions(String appName, String userId) {
        return Single.fromCallable(() -> {
            AdkJson.required(appName, "appName");
            AdkJson.required(userId, "userId");
            String app = AdkIds.segment(appName);
            List<Session> out = new ArrayList<>();
            String cursor = null;
            do {
                Page<io.agentstore.sessions.Session> page = sessions()
                        .byUser(
                                AdkIds.segment(userId),
                                (cursor == null ? PageRequest.first(PAGE) : PageRequest.after(cursor, PAGE)));
                for (io.agentstore.sessions.Session s : page.items()) {
                    if (!s.appName().equals(app)) {
                        continue;
                    }
                    JsonNode adk = adk(s);
                    if (adk.isMissingNode()) {
                        if (s.appName().equals(appName) && s.userId().equals(userId)) {
                            out.add(AdkJson.session(s, appName, userId, s.id(), new ArrayList<>()));
                        }
                    } else if (adk.path(APP).asText().equals(appName)
                            && adk.path(USER).asText().equals(userId)) {
                        out.add(AdkJson.session(s, appName, userId, adk.path(ID).asText(), new ArrayList<>()));
                    }
                }
                cursor = page.nextCursor().orElse(null);
            } while (cursor != null);
            return ListSessionsResponse.builder().sessions(out).build();
        });
    }

    @Override
    public Completable deleteSession(String appName, String userId, String sessionId) {
        return Completable.fromAction(() -> {
            AdkJson.required(appName, "appName");
            AdkJson.required(userId, "userId");
            AdkJson.required(sessionId, "sessionId");
            owned(appName, userId, sessionId).ifPresent(s -> sessions().delete(s.id()));
        });
    }

    @Override
    public Single<ListEventsResponse> listEvents(String appName, String userId, String sessionId) {
        return Single.fromCallable(() -> {
            List<Event> out = new ArrayList<>();
            String token = null;
            do {
                ListEventsResponse page =
                        listEvents(appName, userId, sessionId, PAGE, token).blockingGet();
                out.addAll(page.events());
                token = page.nextPageToken().orElse(null);
            } while (token != null);
            return ListEventsResponse.builder().events(out).build();
        });
    }

    /**
     * A page of a session's events, oldest first: {@code pageToken} is the previous page's
     * {@code nextPageToken} (null for the first page). An unknown session has no events.
     */
    public Single<ListEventsResponse> listEvents(
            String appName, String userId, String sessionId, int pageSize, String pageToken) {
        return Single.fromCallable(() -> {
            AdkJson.required(appName, "appName");
            AdkJson.required(userId, "userId");
            AdkJson.required(sessionId, "sessionId");
            Optional<io.agentstore.sessions.Session> found = owned(appName, userId, sessionId);
            if (found.isEmpty()) {
                return ListEventsResponse.builder().build();
            }
            Page<io.agentstore.sessions.Event> page = sessions()
                    .events(
                            found.get().id(),
                            (pageToken == null || pageToken.isEmpty()
                                    ? PageRequest.first(pageSize)
                                    : PageRequest.after(pageToken, pageSize)));
            List<Event> events = new ArrayList<>(page.items().size());
            for (io.agentstore.sessions.Event row : page.items()) {
                events.add(AdkJson.event(row, sessionId));
            }
            ListEventsResponse.Builder b = ListEventsResponse.builder().events(events);
            page.nextCursor().ifPresent(b::nextPageToken);
            return b.build();
        });
    }

    @Override
    public Single<Event> appendEvent(Session session, Event event) {
        return Single.fromCallable(() -> {
            Objects.requireNonNull(session, "session must not be null");
            Objects.requireNonNull(event, "event must not be null");
            AdkJson.required(session.id(), "session.id");
            if (event.partial().orElse(false)) {
                return event; // a partial (streaming) event is never stored, as ADK's base service does
            }
            var delta = event.actions() == null
                    ? null
                    : AdkJson.persisted(event.actions().stateDelta(), true);
            NewEvent row = new NewEvent(
                            AdkJson.EVENT_TYPE,
                            event.author(),
                            AdkJson.stored(event),
                            delta == null ? null : Json.of(delta))
                    .withCreatedAt(AdkJson.time(event));
            // One append at a time per Session object: what it holds is updated in the order appended.
            synchronized (session) {
                Tracked known = seen.get(session);
                String stored = known != null ? known.storedId() : storedIdOf(session);
                io.agentstore.sessions.Event appended = sessions().append(stored, row);
                boolean stale = known != null && appended.seq() > known.lastSeq() + 1;
                if (stale) {
                    // Another instance appended since this object was read: its events come first.
                    session.events().addAll(between(stored, session.id(), known.lastSeq(), appended.seq()));
                }
                BaseSessionService.super.appendEvent(session, event);
                if (stale) {
                    Map<String, Object> state = session.state();
                    state.clear();
                    state.putAll(AdkJson.state(sessions().state(stored)));
                }
                session.lastUpdateTime(AdkJson.time(event));
                seen.put(session, new Tracked(stored, appended.seq()));
            }
            return event;
        });
    }

    /** Where a Session object this service did not hand out is stored; NOT_FOUND naming it if nowhere. */
    private String storedIdOf(Session session) {
        String app = AdkJson.required(session.appName(), "session.appName");
        String user = AdkJson.required(session.userId(), "session.userId");
        return owned(app, user, session.id())
                .map(io.agentstore.sessions.Session::id)
                .orElseThrow(() -> Failures.of(
                        ErrorCode.NOT_FOUND,
                        "appending to session " + Failures.quote(session.id()) + " of user " + Failures.quote(user)
                                + " in app " + Failures.quote(app) + ": there is no such session"));
    }

    /** The events with seq in (after, before), in order, of the session stored as {@code storedId}. */
    private List<Event> between(String storedId, String sessionId, long after, long before) {
        List<Event> out = new ArrayList<>();
        long from = after;
        while (from < before - 1) {
            int n = (int) Math.min(PAGE, before - 1 - from);
            List<io.agentstore.sessions.Event> page =
                    sessions().eventsAfter(storedId, from, PageRequest.first(n)).items();
            if (page.isEmpty()) {
                break;
            }
            for (io.agentstore.sessions.Event row : page) {
                if (row.seq() < before) {
                    out.add(AdkJson.event(row, sessionId));
                }
                from = row.seq();
            }
        }
        return out;
    }

    /** The stored session of ADK's (app, user, id), if there is one: scoped, or stored before the scoping. */
    private Optional<io.agentstore.sessions.Session> owned(String appName, String userId, String sessionId) {
        Optional<io.agentstore.sessions.Session> scoped = sessions()
                .get(AdkIds.sessionKey(appName, userId, sessionId))
                .filter(s -> {
                    JsonNode adk = adk(s);
                    return adk.path(APP).asText().equals(appName)
                            && adk.path(USER).asText().equals(userId)
                            && adk.path(ID).asText().equals(sessionId);
                });
        return scoped.isPresent() ? scoped : legacy(appName, userId, sessionId);
    }

    /**
     * A session stored before the scoping: under ADK's id itself, with ADK's app and user as
     * its own, and no {@code adk} metadata (so a scoped session is never found by its stored id).
     */
    private Optional<io.agentstore.sessions.Session> legacy(String appName, String userId, String sessionId) {
        if (!AdkIds.legacyId(sessionId)) {
            return Optional.empty(); // never a stored id: the build before the scoping refused it
        }
        return sessions()
                .get(sessionId)
                .filter(s -> adk(s).isMissingNode()
                        && s.appName().equals(appName)
                        && s.userId().equals(userId));
    }

    private static JsonNode adk(io.agentstore.sessions.Session s) {
        return s.metadata().tree().path(ADK);
    }
}
