package io.agentstore.bench.report;

import io.agentstore.AgentStore;
import io.agentstore.PageRequest;
import io.agentstore.bench.Dataset;
import io.agentstore.bench.ShapeCases;
import io.agentstore.memory.MemoryType;
import io.agentstore.memory.NewMemory;
import io.agentstore.memory.ScopedMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.SessionStatus;
import io.agentstore.tasks.NewTask;
import io.agentstore.tasks.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** The probes of the report: every family of query shapes, called through the public API. */
final class Workload {

    private Workload() {}

    static List<Probe> probes(AgentStore store, Dataset data, String runTag) {
        AtomicLong counter = new AtomicLong();
        String appendSession = data.sessionId(0);
        ScopedMemory scoped =
                store.memory().scoped(store.sessions().get(data.sessionId(1)).orElseThrow());
        List<Probe> p = new ArrayList<>();
        // ---- reads ----
        p.add(new Probe(
                "session by id",
                "read",
                List.of("sessionById"),
                0.11,
                1.05,
                i -> store.sessions().get(data.sessionId(i % data.sessions)).isPresent() ? 1 : 0));
        p.add(new Probe(
                "memory current version",
                "read",
                List.of("memoryCurrent"),
                0.11,
                1.10,
                i -> store.memory()
                                .get(data.namespaceOf(i % data.memories), data.keyOf(i % data.memories))
                                .isPresent()
                        ? 1
                        : 0));
        p.add(new Probe(
                "namespace subtree, 100-row page",
                "read",
                List.of("memorySubtreeExact", "memorySubtreeBelow"),
                0.76,
                14.7,
                i -> store.memory()
                        .byPrefix("bench:big", PageRequest.first(100))
                        .items()
                        .size()));
        p.add(new Probe(
                "subtree of one user, 100-row page",
                "read",
                List.of("memorySubtreeExact", "memorySubtreeBelow"),
                null,
                null,
                i -> store.memory()
                        .byPrefix("user:u" + (i % Math.max(1, data.namespaces / 10)), PageRequest.first(100))
                        .items()
                        .size()));
        p.add(new Probe(
                "100 most recent of a 10,000-entry subtree",
                "read",
                List.of("memoryRecent"),
                null,
                20.7,
                i -> store.memory()
                        .recentByPrefix("bench:big", PageRequest.first(100))
                        .items()
                        .size()));
        p.add(new Probe(
                "memory history of a key",
                "read",
                List.of("memoryHistory"),
                null,
                null,
                i -> store.memory()
                        .history(data.namespaceOf((i * 10) % data.memories), data.keyOf((i * 10) % data.memories))
                        .size()));
        p.add(new Probe(
                "memories by type, newest 50",
                "read",
                List.of("memoryByType"),
                null,
                null,
                i -> store.memory()
                        .byType(MemoryType.values()[i % 3], PageRequest.first(50))
                        .items()
                        .size()));
        p.add(new Probe(
                "scoped resolution (4 scopes)",
                "read",
                List.of("memoryResolve"),
                null,
                null,
                i -> scoped.resolve("k" + i).isPresent() ? 1 : 0));
        p.add(new Probe(
                "child namespaces of a user",
                "read",
                List.of("memoryNextNamespace"),
                null,
                null,
                i -> store.memory()
                        .childNamespaces("user:u" + (i % Math.max(1, data.namespaces / 10)), 1, 100)
                        .size()));
        p.add(new Probe(
                "sessions of a user, newest 20",
                "read",
                List.of("sessionsByUser"),
                null,
                null,
                i -> store.sessions()
                        .byUser("user" + (i % 1000), PageRequest.first(20))
                        .items()
                        .size()));
        p.add(new Probe(
                "active sessions by recency, 50",
                "read",
                List.of("sessionsActive"),
                null,
                null,
                i -> store.sessions()
                        .byStatus(SessionStatus.ACTIVE, PageRequest.first(50))
                        .items()
                        .size()));
        p.add(new Probe(
                "events of a session, first page",
                "read",
                List.of("eventsAfter"),
                null,
                null,
                i -> store.sessions()
                        .eventsAfter(data.sessionId(i % data.sessions), 0, PageRequest.first(100))
                        .items()
                        .size()));
        p.add(new Probe(
                "tasks of a session",
                "read",
                List.of("tasksOfSession"),
                null,
                null,
                i -> store.tasks()
                        .bySession(data.sessionId(i % data.sessions), PageRequest.first(20))
                        .items()
                        .size()));
        p.add(new Probe(
                "audit of a namespace, newest 50",
                "read",
                List.of("auditByNamespace"),
                null,
                null,
                i -> store.audit()
                        .byNamespace(data.namespaceOf(i % data.memories), PageRequest.first(50))
                        .items()
                        .size()));
        p.add(new Probe(
                "audit timeline, newest 100",
                "read",
                List.of("auditTimeline"),
                null,
                null,
                i -> store.audit().timeline(PageRequest.first(100)).items().size()));
        // ---- every other read shape, as the call ShapeCases makes for it ----
        Set<String> covered = new HashSet<>();
        p.forEach(probe -> covered.addAll(probe.shapes()));
        ShapeCases.of(store, data).forEach((shape, call) -> {
            if (!covered.contains(shape)) {
                p.add(new Probe(shape, "read", List.of(shape), null, null, i -> ShapeCases.rows(call.apply(i))));
            }
        });
        // ---- writes ----
        p.add(new Probe(
                "memory add (with audit row)",
                "write",
                List.of("memoryInsertNew", "recencyInsertDepth3", "memoryChange", "auditMemory"),
                4347.0,
                373.0,
                i -> {
                    long n = counter.incrementAndGet();
                    store.memory().add(NewMemory.of("report:" + runTag + ":w" + (n % 1000), "k" + n, Map.of("n", n)));
                    return 1;
                }));
        p.add(new Probe(
                "memory batch load, 1,000 per call (rows = memories)",
                "write",
                List.of("memoryInsertBulk", "recencyInsertBulk", "auditMemoryBulk"),
                null,
                null,
                i -> {
                    long n = counter.addAndGet(1_000);
                    List<NewMemory> batch = new ArrayList<>(1_000);
                    for (int k = 0; k < 1_000; k++) {
                        batch.add(NewMemory.of(
                                "report:" + runTag + ":load" + (k % 100), "k" + (n - k), Map.of("n", n - k)));
                    }
                    return store.memory().addAll(batch).size();
                }));
        p.add(new Probe(
                "memory update (new version)",
                "write",
                List.of("memoryRetireCurrent", "memoryInsertNext", "recencyMoveEntry", "memoryChange", "auditMemory"),
                3162.0,
                346.0,
                i -> {
                    store.memory()
                            .put(NewMemory.of(
                                    data.namespaceOf(i % data.memories),
                                    data.keyOf(i % data.memories),
                                    Map.of("v", i)));
                    return 1;
                }));
        p.add(new Probe("session event append", "write", List.of("sessionNextSeq", "eventInsert"), 4072.0, 473.0, i -> {
            store.sessions().append(appendSession, NewEvent.of("message", "user", Map.of("i", i)));
            return 1;
        }));
        p.add(new Probe("task enqueue", "write", List.of("taskInsert", "taskByIdForWrite"), null, null, i -> {
            store.tasks().enqueue(NewTask.of("report task").withPriority(1 + i % 10));
            return 1;
        }));
        p.add(new Probe(
                "task dequeue (claim + complete)",
                "write",
                List.of("taskClaim", "taskComplete", "taskReleaseDependents"),
                null,
                null,
                i -> {
                    List<Task> t = store.tasks().claim(1);
                    for (Task task : t) {
                        store.tasks().complete(task.id(), "ok");
                    }
                    return t.size();
                }));
        p.add(new Probe("metric record", "write", List.of("metricInsert"), null, null, i -> {
            store.metrics().record("latency", i % 1000, null);
            return 1;
        }));
        return p;
    }
}
