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
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.Event;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.Session;
import io.agentstore.tasks.NewCheckpoint;
import io.agentstore.tasks.NewTask;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RetentionTest extends StoreTestBase {

    private Session session(String id) {
        return store().sessions().create(NewSession.of("app", "alice").withId(id));
    }

    private long count(String sql) throws Exception {
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void eventsOlderThanAnAgeGoAndTheSessionStateStaysAsItWas() {
        session("s1");
        for (int i = 1; i <= 6; i++) {
            store().sessions()
                    .append("s1", NewEvent.of("turn", "user", Map.of("n", i)).withStateDelta(Map.of("k" + i, i)));
            clock.advance(Duration.ofHours(1));
        }
        String stateBefore = store().sessions().state("s1").text();
        RetentionPolicy policy = RetentionPolicy.keepEverything().withEventsOlderThan(Duration.ofMinutes(150));

        RetentionReport dry = store().retention().dryRun(policy);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.deleted("session_events")).isEqualTo(4); // created 6, 5, 4, 3 hours ago
        assertThat(store().sessions().lastEvents("s1", 10)).hasSize(6);

        RetentionReport run = store().retention().run(policy);
        assertThat(run.complete()).isTrue();
        assertThat(run.deleted()).isEqualTo(dry.deleted());
        assertThat(store().sessions().lastEvents("s1", 10))
                .extracting(Event::seq)
                .containsExactly(5L, 6L);
        assertThat(store().sessions().state("s1").text()).isEqualTo(stateBefore);
        assertThat(store().sessions()
                        .append("s1", NewEvent.of("turn", "user", "next"))
                        .seq())
                .isEqualTo(7);
        assertThat(store().retention().run(policy).total()).isZero();
    }

    @Test
    void eventsBeyondTheLastNOfEachSessionGo() {
        session("a");
        session("b");
        for (int i = 0; i < 10; i++) {
            store().sessions().append("a", NewEvent.of("turn", "user", i));
        }
        store().sessions().append("b", NewEvent.of("turn", "user", "only"));
        RetentionReport r =
                store().retention().run(RetentionPolicy.keepEverything().withEventsKeepLast(3));
        assertThat(r.deleted("session_events")).isEqualTo(7);
        assertThat(store().sessions().lastEvents("a", 100))
                .extracting(Event::seq)
                .containsExactly(8L, 9L, 10L);
        assertThat(store().sessions().lastEvents("b", 100)).hasSize(1);
    }

    @Test
    void memoryKeepsTheLastVersionsAndTheCurrentOneAndRollbackGoesOnOverWhatIsLeft() {
        store().memory().add(NewMemory.of("user:alice", "tone", "v1"));
        for (int v = 2; v <= 6; v++) {
            store().memory().update(MemoryUpdate.of("user:alice", "tone", "v" + v));
        }
        store().memory().rollback("user:alice", "tone"); // v5 current again; v6 retired above it
        store().memory().add(NewMemory.of("user:alice", "gone", "x"));
        store().memory().update(MemoryUpdate.of("user:alice", "gone", "y"));
        store().memory().delete("user:alice", "gone");

        RetentionReport r =
                store().retention().run(RetentionPolicy.keepEverything().withMemoryVersionsKeepLast(2));
        // tone keeps v5 (current) and v6 (newest); gone keeps its two: 4 of tone's versions go.
        assertThat(r.deleted("memory_entries")).isEqualTo(4);
        assertThat(store().memory().history("user:alice", "tone"))
                .extracting(MemoryEntry::version)
                .containsExactly(5, 6);
        assertThat(store().memory()
                        .get("user:alice", "tone")
                        .orElseThrow()
                        .value()
                        .tree()
                        .asText())
                .isEqualTo("v5");
        // v4 is gone: a rollback from v5 finds nothing live below it.
        assertThatThrownBy(() -> store().memory().rollback("user:alice", "tone"))
                .isInstanceOf(AgentStoreException.class);
        assertThat(store().memory().get("user:alice", "tone")).isPresent();
        assertThat(store().memory().history("user:alice", "gone")).hasSize(2);
    }

    @Test
    void memoryVersionsOlderThanAnAgeGoButNeverTheCurrentOne() {
        store().memory().add(NewMemory.of("app:a", "old", "v1")); // current, old: kept
        store().memory().add(NewMemory.of("app:a", "k", "v1"));
        clock.advance(Duration.ofDays(10));
        store().memory().update(MemoryUpdate.of("app:a", "k", "v2"));
        store().memory().update(MemoryUpdate.of("app:a", "k", "v3"));
        RetentionReport r = store().retention()
                .run(RetentionPolicy.keepEverything().withMemoryVersionsOlderThan(Duration.ofDays(5)));
        assertThat(r.deleted("memory_entries")).isEqualTo(1); // k's v1
        assertThat(store().memory().history("app:a", "k"))
                .extracting(MemoryEntry::version)
                .containsExactly(2, 3);
        assertThat(store().memory().history("app:a", "old")).hasSize(1);
        assertThat(store().memory().rollback("app:a", "k").version()).isEqualTo(2);
    }

    @Test
    void aPrunedVersionTakesItsVectorWithIt() throws Exception {
        store().memory().add(NewMemory.of("app:a", "k", "v1").withEmbedding(new float[] {1, 0, 0}));
        store().memory().update(MemoryUpdate.of("app:a", "k", "v2").withEmbedding(new float[] {0, 1, 0}));
        store().memory().update(MemoryUpdate.of("app:a", "k", "v3").withEmbedding(new float[] {0, 0, 1}));
        assertThat(count("SELECT count(*) FROM memory_vectors")).isEqualTo(3);
        RetentionReport r =
                store().retention().run(RetentionPolicy.keepEverything().withMemoryVersionsKeepLast(1));
        assertThat(r.deleted("memory_vectors")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM memory_vectors")).isEqualTo(1);
        assertThat(store().memory().embedding("app:a", "k").orElseThrow()).containsExactly(0, 0, 1);
    }

    @Test
    void auditRowsAndMetricPointsOlderThanAnAgeGo() {
        for (int i = 0; i < 5; i++) {
            store().audit().record(NewAuditRecord.of("old").by("ops"));
            store().metrics().record("latency", i, null);
        }
        clock.advance(Duration.ofDays(40));
        store().audit().record(NewAuditRecord.of("new").by("ops"));
        store().metrics().record("latency", 99, null);
        RetentionReport r = store().retention()
                .run(RetentionPolicy.keepEverything()
                        .withAuditOlderThan(Duration.ofDays(30))
                        .withMetricsOlderThan(Duration.ofDays(30)));
        assertThat(r.deleted("audit")).isEqualTo(5);
        assertThat(r.deleted("metrics")).isEqualTo(5);
        List<AuditRecord> left = store().audit().timeline(PageRequest.first(10)).items();
        // The new row, and the run's own row.
        assertThat(left).extracting(AuditRecord::actionType).containsExactlyInAnyOrder("new", "retention");
        assertThat(store().metrics()
                        .summary("latency", Instant.EPOCH, clock.instant().plusSeconds(1))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void checkpointsBeyondTheLastNOfEachTaskGo() {
        store().tasks().enqueue(NewTask.of("p").withId("t1"));
        store().tasks().enqueue(NewTask.of("p").withId("t2"));
        for (int i = 0; i < 5; i++) {
            store().checkpoints().save(NewCheckpoint.of("t1", i, Map.of("i", i)));
        }
        store().checkpoints().save(NewCheckpoint.of("t2", 7, "only"));
        RetentionReport r =
                store().retention().run(RetentionPolicy.keepEverything().withCheckpointsKeepLast(2));
        assertThat(r.deleted("checkpoints")).isEqualTo(3);
        assertThat(store().checkpoints().byTask("t1", PageRequest.first(10)).items())
                .extracting(c -> c.iteration())
                .containsExactlyInAnyOrder(3, 4);
        assertThat(store().checkpoints().latest("t2")).isPresent();
    }

    @Test
    void endedSessionsOlderThanAnAgeGoWithEverythingTheyHold() throws Exception {
        session("done");
        session("recent");
        session("live");
        for (String s : List.of("done", "recent", "live")) {
            store().sessions().append(s, NewEvent.of("turn", "user", "hello"));
            store().memory().scoped(s).put(NewMemory.of("session:" + s, "note", "n"));
            store().tasks().enqueue(NewTask.of("p").withId("task-" + s).inSession(s));
            store().checkpoints().save(NewCheckpoint.of("task-" + s, 1, "c").inSession(s));
            store().agents().spawn(NewAgent.of("helper").withId("agent-" + s).inSession(s));
        }
        store().sessions().terminate("done");
        clock.advance(Duration.ofDays(10));
        store().sessions().terminate("recent");
        RetentionReport r = store().retention()
                .run(RetentionPolicy.keepEverything().withEndedSessionsOlderThan(Duration.ofDays(7)));
        assertThat(r.deleted("sessions")).isEqualTo(1);
        assertThat(r.deleted("session_events")).isEqualTo(1);
        assertThat(r.deleted("memory_entries")).isEqualTo(1);
        assertThat(r.deleted("tasks")).isEqualTo(1);
        assertThat(r.deleted("checkpoints")).isEqualTo(1);
        assertThat(r.deleted("agents")).isEqualTo(1);
        assertThat(store().sessions().get("done")).isEmpty();
        assertThat(store().memory().get("session:done", "note")).isEmpty();
        assertThat(store().tasks().get("task-done")).isEmpty();
        assertThat(store().agents().get("agent-done")).isEmpty();
        assertThat(count("SELECT count(*) FROM memory_recency WHERE prefix LIKE 'session:done%'"))
                .isZero();
        for (String kept : List.of("recent", "live")) {
            assertThat(store().sessions().get(kept)).isPresent();
            assertThat(store().memory().get("session:" + kept, "note")).isPresent();
            assertThat(store().tasks().get("task-" + kept)).isPresent();
            assertThat(store().checkpoints().latest("task-" + kept)).isPresent();
        }
    }

    @Test
    void aRunLeavesOneAuditRowWithItsCounts() {
        session("s");
        for (int i = 0; i < 4; i++) {
            store().sessions().append("s", NewEvent.of("turn", "user", i));
        }
        store().retention().run(RetentionPolicy.keepEverything().withEventsKeepLast(1));
        store().retention().dryRun(RetentionPolicy.keepEverything().withEventsKeepLast(1));
        List<AuditRecord> runs = store().audit().timeline(PageRequest.first(10)).items().stream()
                .filter(a -> a.actionType().equals("retention"))
                .toList();
        assertThat(runs).hasSize(1); // the dry run leaves none
        assertThat(runs.get(0).actor()).isEqualTo("system:retention");
        assertThat(runs.get(0)
                        .actionData()
                        .tree()
                        .get("deleted")
                        .get("session_events")
                        .asLong())
                .isEqualTo(3);
        assertThat(runs.get(0).result()).isEqualTo("complete");
    }

    @Test
    void aStoppedRunIsResumedByTheNextOneFromAnotherStore() {
        for (int s = 0; s < 30; s++) {
            session(String.format("s%02d", s));
            for (int i = 0; i < 5; i++) {
                store().sessions().append(String.format("s%02d", s), NewEvent.of("turn", "user", i));
            }
        }
        RetentionPolicy policy =
                RetentionPolicy.keepEverything().withEventsKeepLast(1).withBatchSize(8);
        RetentionReport first = store().retention().run(policy, Duration.ofNanos(1));
        assertThat(first.complete()).isFalse();
        assertThat(first.deleted("session_events")).isBetween(1L, 119L);
        long done = first.deleted("session_events");
        try (AgentStore other = openStore(options())) {
            RetentionReport rest = other.retention().run(policy);
            assertThat(rest.complete()).isTrue();
            assertThat(done + rest.deleted("session_events")).isEqualTo(120);
        }
        for (int s = 0; s < 30; s++) {
            assertThat(store().sessions().lastEvents(String.format("s%02d", s), 10))
                    .hasSize(1);
        }
        assertThat(store().audit().timeline(PageRequest.first(10)).items().stream()
                        .filter(a -> a.actionType().equals("retention"))
                        .map(AuditRecord::result))
                .containsExactlyInAnyOrder("stopped", "complete");
    }

    @Test
    void anInterruptedRunStopsBetweenBatchesAndKeepsTheFlag() {
        session("s");
        for (int i = 0; i < 50; i++) {
            store().sessions().append("s", NewEvent.of("turn", "user", i));
        }
        Thread.currentThread().interrupt();
        RetentionReport r;
        try {
            r = store().retention()
                    .run(RetentionPolicy.keepEverything().withEventsKeepLast(1).withBatchSize(5));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(r.complete()).isFalse();
        assertThat(r.total()).isZero();
        assertThat(store().retention()
                        .run(RetentionPolicy.keepEverything().withEventsKeepLast(1))
                        .deleted("session_events"))
                .isEqualTo(49);
    }

    @Test
    void twoRunsAtOnceDeleteEachRowOnceBetweenThem() throws Exception {
        int sessions = 40;
        for (int s = 0; s < sessions; s++) {
            session("s" + s);
            for (int i = 0; i < 6; i++) {
                store().sessions().append("s" + s, NewEvent.of("turn", "user", i));
            }
            store().memory().add(NewMemory.of("user:u" + s, "k", 0));
            for (int v = 1; v <= 4; v++) {
                store().memory().update(MemoryUpdate.of("user:u" + s, "k", v));
            }
        }
        RetentionPolicy policy = RetentionPolicy.keepEverything()
                .withEventsKeepLast(2)
                .withMemoryVersionsKeepLast(1)
                .withBatchSize(7);
        RetentionReport dry = store().retention().dryRun(policy);
        assertThat(dry.deleted("session_events")).isEqualTo(sessions * 4L);
        assertThat(dry.deleted("memory_entries")).isEqualTo(sessions * 4L);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (AgentStore a = openStore(options());
                AgentStore b = openStore(options())) {
            List<Future<RetentionReport>> runs = new ArrayList<>();
            runs.add(pool.submit(() -> a.retention().run(policy)));
            runs.add(pool.submit(() -> b.retention().run(policy)));
            long events = 0;
            long versions = 0;
            for (Future<RetentionReport> f : runs) {
                RetentionReport r = f.get();
                assertThat(r.complete()).isTrue();
                events += r.deleted("session_events");
                versions += r.deleted("memory_entries");
            }
            assertThat(events).isEqualTo(sessions * 4L);
            assertThat(versions).isEqualTo(sessions * 4L);
        } finally {
            pool.shutdownNow();
        }
        for (int s = 0; s < sessions; s++) {
            assertThat(store().sessions().lastEvents("s" + s, 10))
                    .extracting(Event::seq)
                    .containsExactly(5L, 6L);
            assertThat(store().memory().history("user:u" + s, "k"))
                    .extracting(MemoryEntry::version)
                    .containsExactly(5);
        }
    }

    @Test
    void aDryRunCountsWhatARunDeletesAndDeletesNothing() throws Exception {
        session("s");
        store().tasks().enqueue(NewTask.of("p").withId("t"));
        for (int i = 0; i < 30; i++) {
            store().sessions().append("s", NewEvent.of("turn", "user", i));
            store().checkpoints().save(NewCheckpoint.of("t", i, i));
            store().metrics().record("m", i, null);
        }
        store().memory().add(NewMemory.of("app:a", "k", 0));
        for (int v = 1; v < 30; v++) {
            store().memory().update(MemoryUpdate.of("app:a", "k", v));
        }
        clock.advance(Duration.ofDays(2));
        RetentionPolicy policy = RetentionPolicy.keepEverything()
                .withEventsKeepLast(5)
                .withCheckpointsKeepLast(3)
                .withMemoryVersionsKeepLast(4)
                .withMetricsOlderThan(Duration.ofDays(1))
                .withBatchSize(4);
        long rows = count("SELECT (SELECT count(*) FROM session_events) + (SELECT count(*) FROM checkpoints)"
                + " + (SELECT count(*) FROM memory_entries) + (SELECT count(*) FROM metrics)");
        RetentionReport dry = store().retention().dryRun(policy);
        assertThat(count("SELECT (SELECT count(*) FROM session_events) + (SELECT count(*) FROM checkpoints)"
                        + " + (SELECT count(*) FROM memory_entries) + (SELECT count(*) FROM metrics)"))
                .isEqualTo(rows);
        RetentionReport run = store().retention().run(policy);
        assertThat(run.deleted()).isEqualTo(dry.deleted());
        assertThat(dry.deleted())
                .containsEntry("session_events", 25L)
                .containsEntry("checkpoints", 27L)
                .containsEntry("memory_entries", 26L)
                .containsEntry("metrics", 30L);
    }

    @Test
    void badPoliciesAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> RetentionPolicy.keepEverything().withBatchSize(0))
                .isInstanceOf(AgentStoreException.class)
                .hasMessageContaining("batchSize")
                .hasMessageContaining("0")
                .extracting(e -> ((AgentStoreException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> RetentionPolicy.keepEverything().withEventsOlderThan(Duration.ofSeconds(-5)))
                .hasMessageContaining("eventsOlderThan")
                .hasMessageContaining("PT-5S");
        assertThatThrownBy(() -> RetentionPolicy.keepEverything().withMemoryVersionsKeepLast(0))
                .hasMessageContaining("memoryVersionsKeepLast")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> store().retention().run(RetentionPolicy.keepEverything(), Duration.ZERO))
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> store().retention().run(null)).hasMessageContaining("retention policy");
    }

    @Test
    void theStoresPolicyComesFromItsOptions() {
        RetentionPolicy policy = RetentionPolicy.keepEverything().withEventsKeepLast(2);
        try (AgentStore s = openStore(options().withRetention(policy))) {
            assertThat(s.retention().policy()).isEqualTo(policy);
            s.sessions().create(NewSession.of("app", "bob").withId("x"));
            for (int i = 0; i < 5; i++) {
                s.sessions().append("x", NewEvent.of("t", "u", i));
            }
            assertThat(s.retention().dryRun().deleted("session_events")).isEqualTo(3);
            assertThat(s.retention().run().deleted("session_events")).isEqualTo(3);
        }
    }
}
