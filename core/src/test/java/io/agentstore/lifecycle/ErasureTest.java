package io.agentstore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentstore.AgentStore;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import io.agentstore.agents.NewAgent;
import io.agentstore.audit.AuditRecord;
import io.agentstore.audit.NewAuditRecord;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.memory.NewMemory;
import io.agentstore.memory.ScopedMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.tasks.NewCheckpoint;
import io.agentstore.tasks.NewTask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ErasureTest extends StoreTestBase {

    /**
     * Everything a user can leave in a store, each value carrying the user's tag: two sessions
     * of {@code app} (state, shared user state, events, a task with a checkpoint and task state,
     * agents, scoped memory with vectors and several versions), deeper user memory, an elevated
     * write to the app's scope (kept, as the app's), an audit row they did.
     */
    private void seed(AgentStore store, String app, String user) {
        for (int s = 1; s <= 2; s++) {
            String sid = user + "-s" + s + "-" + app;
            store.sessions()
                    .create(NewSession.of(app, user)
                            .withId(sid)
                            .withState(Map.of("mood", user + "-mood"))
                            .withMetadata(Map.of("note", user + "-meta")));
            for (int i = 0; i < 3; i++) {
                store.sessions()
                        .append(
                                sid,
                                NewEvent.of("turn", user, Map.of("text", user + "-said-" + i))
                                        .withStateDelta(
                                                Map.of("topic", user + "-topic-" + i, "user:lang", user + "-lang")));
            }
            store.sessions().setState(sid, "user:plan", user + "-plan");
            ScopedMemory scoped = store.memory().elevated(sid);
            scoped.put(NewMemory.of("session:" + sid, "note", user + "-note").withEmbedding(new float[] {1, s, 0}));
            scoped.put(NewMemory.of("session:" + sid, "note", user + "-note-2").withEmbedding(new float[] {1, s, 1}));
            scoped.put(NewMemory.of("user:" + user, "pref-" + app + s, user + "-pref")
                    .withEmbedding(new float[] {0, 1, s}));
            scoped.put(NewMemory.of("app:" + app, "faq-" + Math.abs(user.hashCode()) + "-" + s, "a shared answer"));
            store.tasks()
                    .enqueue(NewTask.of(user + "-prompt")
                            .withId(user + "-task-" + sid)
                            .inSession(sid)
                            .by(user)
                            .withInput(Map.of("q", user + "-input")));
            store.tasks().setState(user + "-task-" + sid, "progress", user + "-progress");
            store.checkpoints()
                    .save(NewCheckpoint.of(user + "-task-" + sid, 1, Map.of("cp", user + "-cp"))
                            .inSession(sid));
            store.agents()
                    .spawn(NewAgent.of(user + "-agent")
                            .withId(user + "-agent-" + sid)
                            .inSession(sid)
                            .forTask(user + "-task-" + sid));
            store.audit()
                    .record(NewAuditRecord.of("tool-call")
                            .by(user)
                            .inTask(user + "-task-" + sid)
                            .withData(Map.of("args", user + "-args")));
        }
        store.memory().add(NewMemory.of("user:" + user + ":deep:" + app, "k", user + "-deep"));
        store.memory().update(MemoryUpdate.of("user:" + user + ":deep:" + app, "k", user + "-deeper"));
        store.audit().record(NewAuditRecord.of("login").by(user).withData(Map.of("ip", user + "-ip")));
    }

    /** Every table and column of the store, as text: where {@code needle} occurs. */
    private List<String> occurrences(String needle) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(
                    onPostgres()
                            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                                    + " AND table_type = 'BASE TABLE'"
                            : "SELECT name FROM sqlite_schema WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("sessions", "memory_entries", "audit", "memory_recency", "user_states");
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            String v = rs.getString(i);
                            if (v != null && v.contains(needle)) {
                                found.add(table + "." + md.getColumnName(i) + " = " + v);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void noRowOfAnyTableHoldsAnythingOfTheUserAfterwardsAndOthersKeepTheirs() throws Exception {
        AgentStore store = openStore(options().withSecureDelete(true));
        seed(store, "app", "alice");
        seed(store, "app", "bob");
        assertThat(occurrences("alice")).isNotEmpty();
        List<String> bobBefore = occurrences("bob");

        ErasureReport report = store.eraseUser("app", "alice");

        assertThat(occurrences("alice")).isEmpty();
        assertThat(occurrences("bob")).hasSameSizeAs(bobBefore);
        assertThat(report.deleted("sessions")).isEqualTo(2);
        assertThat(report.deleted("session_events")).isEqualTo(6);
        assertThat(report.deleted("tasks")).isEqualTo(2);
        assertThat(report.deleted("checkpoints")).isEqualTo(2);
        assertThat(report.deleted("agents")).isEqualTo(2);
        assertThat(report.deleted("state")).isEqualTo(2);
        assertThat(report.deleted("user_states")).isEqualTo(1);
        // Two versions of each session's note, two user prefs, two versions of the deep key.
        assertThat(report.deleted("memory_entries")).isEqualTo(8);
        assertThat(report.deleted("memory_vectors")).isEqualTo(6);
        assertThat(report.scrubbed("memory_entries")).isEqualTo(2); // the app's faq entries, kept
        assertThat(report.scrubbed("audit")).isPositive();

        // The app keeps what the user wrote into its scope, with no author.
        MemoryEntry faq = store.memory()
                .byPrefix("app:app", PageRequest.first(10))
                .items()
                .get(0);
        assertThat(faq.value().tree().asText()).isEqualTo("a shared answer");
        // Bob's things are whole.
        assertThat(store.sessions().lastEvents("bob-s1-app", 10)).hasSize(3);
        assertThat(store.sessions().state("bob-s1-app", "user:lang")).isPresent();
        assertThat(store.memory().history("user:bob:deep:app", "k")).hasSize(2);
        assertThat(store
                        .memory()
                        .search(MemorySearch.vector(new float[] {0, 1, 1}).withLimit(10))
                        .stream()
                        .map(h -> h.item().namespace()))
                .allMatch(ns -> !ns.contains("alice"))
                .contains("user:bob");
        // The erasure's own audit row counts, and names nobody.
        AuditRecord row = store.audit().timeline(PageRequest.first(1)).items().get(0);
        assertThat(row.actionType()).isEqualTo("erasure");
        assertThat(row.actor()).isEqualTo("system:erasure");
        assertThat(row.actionData().tree().get("deleted").get("sessions").asLong())
                .isEqualTo(2);

        assertThat(store.eraseUser("app", "alice").nothingFound()).isTrue();

        if (!onPostgres()) {
            store.close();
            // Secure delete on: not a byte of the user's is left in the file's pages, free or not, or in its log.
            byte[] needle = "alice".getBytes(StandardCharsets.UTF_8);
            for (Path f : List.of(dbFile(), dir.resolve("test.db-wal"))) {
                if (Files.exists(f)) {
                    assertThat(indexOf(Files.readAllBytes(f), needle))
                            .as(f.toString())
                            .isEqualTo(-1);
                }
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void inOneAppTheUsersOtherAppsStayAndEverywhereTakesThemAll() throws Exception {
        seed(store(), "chat", "carol");
        seed(store(), "mail", "carol");
        store().eraseUser("chat", "carol");
        assertThat(store().sessions().get("carol-s1-chat")).isEmpty();
        assertThat(store().sessions().get("carol-s1-mail")).isPresent();
        assertThat(store().sessions().state("carol-s1-mail", "user:lang")).isPresent();
        // user:<id> memory is not per app: it goes with either.
        assertThat(store().memory()
                        .byPrefix("user:carol", PageRequest.first(10))
                        .items())
                .isEmpty();

        ErasureReport all = store().eraseUserEverywhere("carol");
        assertThat(all.deleted("sessions")).isEqualTo(2);
        assertThat(occurrences("carol")).isEmpty();
    }

    @Test
    void writesThatArriveDuringTheErasureAreErasedOrRefusedNeverLeftHalf() throws Exception {
        seed(store(), "app", "dave");
        for (int i = 0; i < 200; i++) {
            store().sessions().append("dave-s1-app", NewEvent.of("turn", "dave", "more-" + i));
            store().memory().add(NewMemory.of("user:dave:bulk", "k" + i, "dave-bulk-" + i));
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> writers = new ArrayList<>();
        try {
            writers.add(pool.submit(() -> {
                int refused = 0;
                for (int i = 0; !stop.get(); i++) {
                    try {
                        store().sessions().append("dave-s2-app", NewEvent.of("turn", "dave", "late-" + i));
                    } catch (AgentStoreException e) {
                        // Refused: the session is ended first, then gone.
                        assertThat(e.code()).as(e.getMessage()).isIn(ErrorCode.CONFLICT, ErrorCode.NOT_FOUND);
                        refused++;
                    }
                }
                return refused;
            }));
            writers.add(pool.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    store().memory().put(NewMemory.of("user:dave:late", "k" + (i % 50), "dave-late-" + i));
                }
                return 0;
            }));
            Thread.sleep(50);
            store().eraseUserEverywhere("dave");
        } finally {
            stop.set(true);
            for (Future<Integer> f : writers) {
                f.get();
            }
            pool.shutdownNow();
        }
        // What the writers committed after the erasure returned is new data: each piece whole.
        assertThat(store().sessions().get("dave-s2-app")).isEmpty();
        for (MemoryEntry e :
                store().memory().byPrefix("user:dave", PageRequest.first(100)).items()) {
            assertThat(e.value().tree().asText()).startsWith("dave-late-");
            assertThat(store().memory().history(e.namespace(), e.key())).isNotEmpty();
            assertThat(store().memory()
                            .recentByPrefix(e.namespace(), PageRequest.first(100))
                            .items())
                    .extracting(MemoryEntry::key)
                    .contains(e.key());
        }
        store().eraseUserEverywhere("dave");
        assertThat(occurrences("dave")).isEmpty();
    }

    @Test
    void aSessionsScopedMemoryRefusesWritesOnceItsErasureHasBegun() {
        seed(store(), "app", "erin");
        ScopedMemory handle = store().memory().scoped("erin-s1-app");
        store().eraseUser("app", "erin");
        assertThatThrownBy(() -> handle.put(NewMemory.of("session:erin-s1-app", "k", "v")))
                .isInstanceOf(AgentStoreException.class);
        assertThat(store().memory().get("session:erin-s1-app", "k")).isEmpty();
        assertThatThrownBy(() -> store().sessions().append("erin-s1-app", NewEvent.of("t", "erin", "x")))
                .extracting(e -> ((AgentStoreException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void badInputIsRefusedNamingIt() {
        assertThatThrownBy(() -> store().eraseUser("app", ""))
                .isInstanceOf(AgentStoreException.class)
                .extracting(e -> ((AgentStoreException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> store().eraseUser(null, "x")).hasMessageContaining("app name");
        assertThatThrownBy(() -> store().eraseUserEverywhere(null)).hasMessageContaining("user id");
    }
}
