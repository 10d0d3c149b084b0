package io.agentstore.sessions;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@code app:} keys are shared by every session of an app, {@code user:} keys by every session of a user in an app. */
class SharedStateTest extends StoreTestBase {

    private SessionStore sessions() {
        return store().sessions();
    }

    private Session session(String app, String user) {
        return sessions().create(NewSession.of(app, user));
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void appKeysAreSeenByEverySessionOfTheAppAndUserKeysByTheUsersSessionsOnly() {
        Session a1 = session("bot", "alice");
        Session a2 = session("bot", "alice");
        Session b1 = session("bot", "bob");
        Session other = session("otherbot", "alice");

        sessions()
                .append(
                        a1.id(),
                        NewEvent.of("message", "user", Map.of("text", "hi"))
                                .withStateDelta(map("app:theme", "dark", "user:lang", "fr", "step", 1)));

        assertThat(sessions().state(a1.id()))
                .isEqualTo(Json.of(map("app:theme", "dark", "user:lang", "fr", "step", 1)));
        assertThat(sessions().state(a2.id())).isEqualTo(Json.of(map("app:theme", "dark", "user:lang", "fr")));
        assertThat(sessions().state(b1.id())).isEqualTo(Json.of(map("app:theme", "dark")));
        assertThat(sessions().state(other.id())).isEqualTo(Json.of(Map.of()));
        // The event keeps the whole delta it carried, shared keys included.
        assertThat(sessions().lastEvents(a1.id(), 1).get(0).stateDelta())
                .isEqualTo(Json.of(map("app:theme", "dark", "user:lang", "fr", "step", 1)));
        // A session created later sees what its app and user already share.
        Session later = session("bot", "alice");
        assertThat(later.state()).isEqualTo(Json.of(map("app:theme", "dark", "user:lang", "fr")));
        assertThat(sessions().byUser("alice", PageRequest.first(10)).items())
                .filteredOn(s -> s.appName().equals("bot"))
                .allMatch(s -> s.state().tree().get("user:lang").asText().equals("fr"));
    }

    @Test
    void setMergeAndRemoveReachTheSharedStateFromAnySession() {
        Session a1 = session("bot", "alice");
        Session a2 = session("bot", "alice");
        sessions().setState(a1.id(), "app:limits", Map.of("max", 3, "min", 1));
        sessions().setState(a2.id(), "user:name", "Alice");
        // set replaces a whole value; a merge patch merges into it and null removes
        sessions().mergeState(a2.id(), map("app:limits", map("min", null, "step", 2)));
        assertThat(sessions().state(a1.id()))
                .isEqualTo(Json.of(map("app:limits", map("max", 3, "step", 2), "user:name", "Alice")));
        sessions().setState(a1.id(), "app:limits", 7);
        sessions().removeState(a1.id(), "user:name");
        sessions().removeState(a1.id(), "user:never-set");
        assertThat(sessions().state(a2.id())).isEqualTo(Json.of(map("app:limits", 7)));
        assertThat(sessions().state(a2.id(), "app:limits")).contains(Json.of(7));
        sessions().mergeState(a1.id(), map("app:limits", null));
        assertThat(sessions().state(a2.id())).isEqualTo(Json.of(Map.of()));
    }

    @Test
    void initialSharedKeysAreSharedAndASessionRowKeepsOnlyItsOwnKeys() throws Exception {
        Session s = sessions()
                .create(NewSession.of("bot", "alice").withState(map("app:v", 2, "user:u", true, "mine", "x")));
        assertThat(s.state()).isEqualTo(Json.of(map("app:v", 2, "user:u", true, "mine", "x")));
        assertThat(session("bot", "alice").state()).isEqualTo(Json.of(map("app:v", 2, "user:u", true)));
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT state FROM sessions WHERE id = '" + s.id() + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(Json.parse(rs.getString(1))).isEqualTo(Json.of(map("mine", "x")));
        }
    }

    @Test
    void aSharedChangeOnAnEndedSessionIsRefusedAndChangesNothing() {
        Session live = session("bot", "alice");
        Session ended = session("bot", "alice");
        sessions().terminate(ended.id());
        assertFails(ErrorCode.CONFLICT, () -> sessions().setState(ended.id(), "app:x", 1), "terminated");
        assertFails(
                ErrorCode.CONFLICT,
                () -> sessions().append(ended.id(), NewEvent.of("m", "u", "x").withStateDelta(map("user:x", 1))),
                "terminated");
        assertFails(ErrorCode.NOT_FOUND, () -> sessions().removeState("missing", "app:x"), "'missing'");
        assertThat(sessions().state(live.id())).isEqualTo(Json.of(Map.of()));
        // A terminated session still reads its app's and user's state.
        sessions().setState(live.id(), "app:x", 1);
        assertThat(sessions().get(ended.id()).orElseThrow().state()).isEqualTo(Json.of(map("app:x", 1)));
        assertThat(sessions().terminate(live.id()).state()).isEqualTo(Json.of(map("app:x", 1)));
    }

    @Test
    void aSharedStateOverTheLimitIsRefusedWithTheEventThatCarriedIt() {
        Session s = session("bot", "alice");
        String big = "x".repeat(600_000);
        sessions().setState(s.id(), "app:a", big);
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> sessions().append(s.id(), NewEvent.of("m", "u", "x").withStateDelta(map("app:b", big))),
                "app's shared state");
        assertThat(sessions().get(s.id()).orElseThrow().eventCount()).isZero();
        assertThat(sessions().state(s.id()).tree().has("app:b")).isFalse();
    }

    @Test
    void concurrentSharedChangesFromManySessionsAreAllKept() throws Exception {
        int threads = 8;
        int perThread = 25;
        List<Session> own = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            own.add(session("bot", "alice"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (AgentStore second = openStore(options())) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                SessionStore target = t % 2 == 0 ? sessions() : second.sessions();
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        target.append(
                                own.get(thread).id(),
                                NewEvent.of("m", "u", i)
                                        .withStateDelta(map("app:t" + thread + "-" + i, i, "user:last" + thread, i)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Json state = sessions().state(session("bot", "alice").id());
        assertThat(state.tree().size()).isEqualTo(threads * perThread + threads);
        for (int t = 0; t < threads; t++) {
            assertThat(state.tree().get("user:last" + t).asInt()).isEqualTo(perThread - 1);
        }
    }
}
