package io.agentstore;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.memory.MemoryDelete;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemoryType;
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.tasks.NewTask;
import io.agentstore.tasks.Task;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The statements each write runs (issue #15: every statement is a cost a write pays), seen
 * through the statement listener, and what the shorter paths must still do: the same rows,
 * versions, recency rows and audit rows, and nothing written when a write is refused.
 */
class WritePathTest extends StoreTestBase {

    private final List<StatementListener.Executed> seen = new CopyOnWriteArrayList<>();

    @Override
    protected StoreOptions options() {
        return super.options().withStatementListener(seen::add);
    }

    /** The shapes of the statements the action ran, in order. */
    private List<String> statementsOf(Runnable action) {
        seen.clear();
        action.run();
        return seen.stream().map(StatementListener.Executed::shape).toList();
    }

    /** On a server, a write that may add a key reads its current version under the key's lock first. */
    private List<String> addPath(String... sqlite) {
        List<String> out = new ArrayList<>();
        if (onPostgres()) {
            out.add("memoryCurrentForWrite");
        }
        out.addAll(List.of(sqlite));
        return out;
    }

    @Test
    void eachMemoryWriteRunsAtMostFiveStatements() {
        assertThat(statementsOf(() -> store().memory().add(NewMemory.of("user:alice:prefs", "lang", "en"))))
                .containsExactlyElementsOf(
                        addPath("memoryInsertNew", "recencyInsertDepth3", "memoryChange", "auditMemory"));
        // An update: the current version retired and returned by one statement, the next one
        // inserted with its number computed in the insert, the recency rows moved, the change of
        // current version recorded (reads as of a time), the audit row.
        List<String> update =
                List.of("memoryRetireCurrent", "memoryInsertNext", "recencyMoveEntry", "memoryChange", "auditMemory");
        assertThat(statementsOf(() -> store().memory().update(MemoryUpdate.of("user:alice:prefs", "lang", "fr"))))
                .containsExactlyElementsOf(update);
        assertThat(statementsOf(() -> store().memory().put(NewMemory.of("user:alice:prefs", "lang", "de"))))
                .containsExactlyElementsOf(update);
        // A put of a new key finds nothing to retire and adds it.
        assertThat(statementsOf(() -> store().memory().put(NewMemory.of("user:alice:prefs", "tz", "UTC"))))
                .containsExactly(
                        "memoryRetireCurrent", "memoryInsertNew", "recencyInsertDepth3", "memoryChange", "auditMemory");
        assertThat(statementsOf(() -> store().memory()
                        .delete(MemoryDelete.of("user:alice:prefs", "tz").by("alice"))))
                .containsExactly("memoryRetireCurrent", "recencyDeleteEntry", "memoryChange", "auditMemory");

        List<MemoryEntry> history = store().memory().history("user:alice:prefs", "lang");
        assertThat(history).extracting(MemoryEntry::version).containsExactly(1, 2, 3);
        assertThat(history).extracting(MemoryEntry::value).containsExactly(Json.of("en"), Json.of("fr"), Json.of("de"));
        assertThat(history).extracting(MemoryEntry::current).containsExactly(false, false, true);
        assertThat(store().audit()
                        .byMemoryKey("user:alice:prefs", "lang", PageRequest.first(10))
                        .items())
                .extracting(a -> a.memoryOperation() + " v" + a.memoryVersion())
                .containsExactly("update v3", "update v2", "create v1");
    }

    @Test
    void aTaskIsClaimedByOneStatementAndCompletedByTwo() {
        Task first = store().tasks().enqueue(NewTask.of("first").withId("a"));
        store().tasks().enqueue(NewTask.of("then").withId("b").dependingOn("a"));
        List<String> claim = statementsOf(
                () -> assertThat(store().tasks().claim()).map(Task::id).contains(first.id()));
        assertThat(claim).containsExactly("taskClaim");
        // Completing a sets its dependent free, in one statement however many dependents it has.
        assertThat(statementsOf(() -> store().tasks().complete("a", "done")))
                .containsExactly("taskComplete", "taskReleaseDependents");
        assertThat(store().tasks().claim()).map(Task::id).contains("b");
        assertThat(store().tasks().claim()).isEmpty();
    }

    @Test
    void anEventAppendRunsTwoStatements() {
        String id = store().sessions().create(NewSession.of("app", "u")).id();
        store().sessions().activate(id);
        assertThat(statementsOf(() -> store().sessions().append(id, NewEvent.of("message", "user", Map.of("t", "hi")))))
                .containsExactly("sessionNextSeq", "eventInsert");
    }

    @Test
    void aRefusedUpdateOrDeleteWritesNothing() throws Exception {
        store().memory().add(NewMemory.of("team:x", "k", 1));
        store().memory().update(MemoryUpdate.of("team:x", "k", 2));
        long auditRows = store().audit()
                .byMemoryKey("team:x", "k", PageRequest.first(10))
                .items()
                .size();

        assertFails(
                ErrorCode.CONFLICT,
                () -> store().memory().update(MemoryUpdate.of("team:x", "k", 3).expecting(1)),
                "expected version 1 but the current version is 2");
        assertFails(
                ErrorCode.CONFLICT,
                () -> store().memory()
                        .delete(MemoryDelete.of("team:x", "k").by("bob").expecting(1)),
                "current version is 2");
        assertFails(
                ErrorCode.NOT_FOUND,
                () -> store().memory().update(MemoryUpdate.of("team:x", "missing", 3)),
                "the key has no current version");

        MemoryEntry current = store().memory().get("team:x", "k").orElseThrow();
        assertThat(current.version()).isEqualTo(2);
        assertThat(current.value()).isEqualTo(Json.of(2));
        assertThat(store().memory().history("team:x", "k")).hasSize(2);
        assertThat(store().audit()
                        .byMemoryKey("team:x", "k", PageRequest.first(10))
                        .items())
                .hasSize((int) auditRows);
        assertThat(store().memory()
                        .recentByPrefix("team", PageRequest.first(10))
                        .items())
                .extracting(MemoryEntry::version)
                .containsExactly(2);

        // The version the caller expects is updated.
        assertThat(store().memory()
                        .update(MemoryUpdate.of("team:x", "k", 3).expecting(2))
                        .version())
                .isEqualTo(3);
    }

    @Test
    void anUpdateAfterARollbackTakesTheNextFreeVersionNumber() {
        store().memory().add(NewMemory.of("team:y", "k", "a"));
        store().memory().update(MemoryUpdate.of("team:y", "k", "b"));
        store().memory().update(MemoryUpdate.of("team:y", "k", "c"));
        assertThat(store().memory().rollback("team:y", "k").version()).isEqualTo(2);
        // Version 3 exists (retired): the next update is 4, not current + 1.
        MemoryEntry next = store().memory().update(MemoryUpdate.of("team:y", "k", "d"));
        assertThat(next.version()).isEqualTo(4);
        assertThat(store().memory().get("team:y", "k")).contains(next);
    }

    @Test
    void anUpdateRepairsRecencyRowsThatWentMissing() throws Exception {
        store().memory().add(NewMemory.of("org:team:proj", "k", 1));
        store().memory().add(NewMemory.of("org:team:proj", "other", 1));
        try (Connection c = rawConnection();
                PreparedStatement ps =
                        c.prepareStatement("DELETE FROM memory_recency WHERE prefix = 'org:team' AND entry_id = ?")) {
            ps.setLong(
                    1, store().memory().get("org:team:proj", "k").orElseThrow().id());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        clock.advance(Duration.ofSeconds(1));
        MemoryEntry next =
                store().memory().update(MemoryUpdate.of("org:team:proj", "k", 2).withType(MemoryType.EPISODIC));
        for (String prefix : List.of("org", "org:team", "org:team:proj")) {
            assertThat(store().memory()
                            .recentByPrefix(prefix, PageRequest.first(10))
                            .items())
                    .as(prefix)
                    .extracting(MemoryEntry::key)
                    .containsExactly("k", "other");
            assertThat(store().memory()
                            .recentByPrefix(prefix, MemoryType.EPISODIC, PageRequest.first(10))
                            .items())
                    .as(prefix)
                    .containsExactly(next);
        }
        assertThat(recencyRowsOf(next.id())).isEqualTo(3);
    }

    private long recencyRowsOf(long entryId) throws Exception {
        try (Connection c = rawConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM memory_recency WHERE entry_id = ?")) {
            ps.setLong(1, entryId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
