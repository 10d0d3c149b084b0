package io.agentstore.bench;

import io.agentstore.AgentStore;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.agents.AgentState;
import io.agentstore.audit.MemoryOperation;
import io.agentstore.documents.DocumentSearch;
import io.agentstore.documents.DocumentType;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.MemoryType;
import io.agentstore.memory.ScopedMemory;
import io.agentstore.sessions.SessionStatus;
import io.agentstore.tasks.TaskStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * One public-API call per registered read shape, on a {@link Dataset}: the call a user makes
 * that runs that shape. {@code i} varies the arguments (which session, which key, …). The JMH
 * shape benchmarks and the report both time these; {@code ShapeCasesTest} checks that each
 * call really runs its shape and reads rows.
 */
public final class ShapeCases {

    private static final Instant FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2999-01-01T00:00:00Z");

    private ShapeCases() {}

    /** The calls, by the name of the shape each one exercises, in registry order. */
    public static Map<String, IntFunction<Object>> of(AgentStore store, Dataset d) {
        Map<String, IntFunction<Object>> m = new LinkedHashMap<>();
        int withExtras = Math.max(1, d.sessions / 10);
        IntFunction<String> sid = i -> d.sessionId(Math.floorMod(i, d.sessions));
        IntFunction<Integer> extra = i -> Math.floorMod(i, withExtras) * 10;
        IntFunction<Integer> versioned = i -> Math.floorMod(i * 10, d.memories);
        int users = Math.max(1, d.namespaces / 10);
        ScopedMemory scoped =
                store.memory().scoped(store.sessions().get(d.sessionId(1)).orElseThrow());

        m.put("sessionById", i -> store.sessions().get(sid.apply(i)));
        m.put("sessionsByUser", i -> store.sessions().byUser("user" + Math.floorMod(i, 1000), PageRequest.first(20)));
        m.put(
                "sessionsByProject",
                i -> store.sessions().byProject("project" + Math.floorMod(i, 100), PageRequest.first(20)));
        m.put("sessionsActive", i -> store.sessions().byStatus(SessionStatus.ACTIVE, PageRequest.first(50)));
        m.put("sessionsPaused", i -> store.sessions().byStatus(SessionStatus.PAUSED, PageRequest.first(50)));
        m.put("eventsAfter", i -> store.sessions().eventsAfter(sid.apply(i), 0, PageRequest.first(100)));
        m.put("eventsLast", i -> store.sessions().lastEvents(sid.apply(i), 5));
        m.put("eventsSince", i -> store.sessions().eventsSince(sid.apply(i), FROM, PageRequest.first(100)));
        m.put("eventsLastSince", i -> store.sessions().lastEventsSince(sid.apply(i), FROM, 5));
        m.put(
                "memoryCurrent",
                i -> store.memory()
                        .get(d.namespaceOf(Math.floorMod(i, d.memories)), d.keyOf(Math.floorMod(i, d.memories))));
        m.put(
                "memoryVersion",
                i -> store.memory().version(d.namespaceOf(versioned.apply(i)), d.keyOf(versioned.apply(i)), 1));
        m.put(
                "memoryHistory",
                i -> store.memory().history(d.namespaceOf(versioned.apply(i)), d.keyOf(versioned.apply(i))));
        // A leaf namespace of the big subtree: the exact-namespace range holds all 100 rows.
        m.put(
                "memorySubtreeExact",
                i -> store.memory().byPrefix("bench:big:n" + Math.floorMod(i, 100), PageRequest.first(100)));
        // The big subtree's root holds nothing itself: the page comes from the range below it.
        m.put("memorySubtreeBelow", i -> store.memory().byPrefix("bench:big", PageRequest.first(100)));
        m.put("memoryRecent", i -> store.memory().recentByPrefix("bench:big", PageRequest.first(100)));
        m.put(
                "memoryByType",
                i -> store.memory().byType(MemoryType.values()[Math.floorMod(i, 3)], PageRequest.first(50)));
        m.put(
                "memoryByCreator",
                i -> store.memory().byCreator("creator" + Math.floorMod(i, 50), PageRequest.first(50)));
        m.put("memoryNextNamespace", i -> store.memory().childNamespaces("user:u" + Math.floorMod(i, users), 1, 100));
        m.put("memoryExpired", i -> store.memory().expired(100));
        m.put("memoryResolve", i -> scoped.resolve("k" + i));
        m.put("auditByTask", i -> store.audit().byTask(d.taskId(extra.apply(i)), PageRequest.first(20)));
        m.put("auditByAgent", i -> store.audit().byAgent(d.agentId(extra.apply(i)), PageRequest.first(20)));
        m.put(
                "auditByMemoryEntry",
                i -> store.audit().byMemoryEntry(1 + Math.floorMod(i * 7919L, d.memories), PageRequest.first(20)));
        m.put(
                "auditByMemoryKey",
                i -> store.audit()
                        .byMemoryKey(
                                d.namespaceOf(versioned.apply(i)), d.keyOf(versioned.apply(i)), PageRequest.first(20)));
        m.put(
                "auditByNamespace",
                i -> store.audit().byNamespace(d.namespaceOf(Math.floorMod(i, d.memories)), PageRequest.first(50)));
        m.put("auditByOperation", i -> store.audit().byOperation(MemoryOperation.UPDATE, PageRequest.first(50)));
        m.put(
                "auditNamespacesAfter",
                i -> store.audit().bySubtree("user:u" + Math.floorMod(i, users), PageRequest.first(50)));
        m.put("auditTimeline", i -> store.audit().timeline(PageRequest.first(100)));
        m.put("taskById", i -> store.tasks().get(d.taskId(Math.floorMod(i, d.sessions))));
        m.put("tasksTimedOut", i -> store.tasks().timedOut(100));
        m.put("tasksChildren", i -> store.tasks().byParent(d.taskId(extra.apply(i)), PageRequest.first(20)));
        m.put("tasksOfSession", i -> store.tasks().bySession(sid.apply(i), PageRequest.first(20)));
        m.put("tasksByStatus", i -> store.tasks().byStatus(TaskStatus.PENDING, PageRequest.first(50)));
        m.put("tasksSubmittedBetween", i -> store.tasks().bySubmittedAt(FROM, TO, PageRequest.first(50)));
        m.put("legacyStateGet", i -> store.tasks().state(d.taskId(extra.apply(i)), "progress"));
        m.put("agentById", i -> store.agents().get(d.agentId(extra.apply(i))));
        m.put("agentsByTask", i -> store.agents().byTask(d.taskId(extra.apply(i)), PageRequest.first(20)));
        m.put("agentsBySession", i -> store.agents().bySession(d.sessionId(extra.apply(i)), PageRequest.first(20)));
        m.put(
                "agentsByState",
                i -> store.agents().byState(AgentState.values()[Math.floorMod(i, 3)], PageRequest.first(50)));
        m.put("checkpointGet", i -> store.checkpoints().get(d.taskId(extra.apply(i)), 1 + Math.floorMod(i, 5)));
        m.put("checkpointsBefore", i -> store.checkpoints().byTask(d.taskId(extra.apply(i)), PageRequest.first(10)));
        m.put("metricsRange", i -> store.metrics().byName("latency", FROM, TO, PageRequest.first(100)));
        m.put("metricsAggregate", i -> store.metrics().summary("tokens", FROM, TO));
        int documents = Math.max(10, d.sessions / 10);
        m.put("documentByPath", i -> store.documents().get(d.documentPath(Math.floorMod(i, documents))));
        m.put("documentEmbedding", i -> store.documents().embedding(d.documentPath(Math.floorMod(i * 2, documents))));
        m.put(
                "documentsByType",
                i -> store.documents().byType(DocumentType.values()[Math.floorMod(i, 4)], PageRequest.first(50)));
        m.put("documentsSyncQueue", i -> store.documents().syncQueue(50));
        m.put(
                "documentsByHash",
                i -> store.documents()
                        .byContentHash(Dataset.documentHash(Math.floorMod(i, documents)), PageRequest.first(20)));
        // A search of the vector subtree: the feed's horizon, the feed, the exact re-scoring.
        IntFunction<Object> search = i -> store.memory()
                .search(MemorySearch.vector(Dataset.vector(1_000_000 + i))
                        .within(Dataset.VECTORS)
                        .withLimit(10));
        m.put("memoryVectorHorizon", search);
        m.put("memoryVectorFeed", search);
        m.put("memoryVectorsRanked", search);
        m.put(
                "memoryVectorOfKey",
                i -> store.memory()
                        .embedding(
                                Dataset.VECTORS + ":n" + Math.floorMod(i, 20),
                                "v" + Math.floorMod(i, Dataset.VECTOR_MEMORIES)));
        IntFunction<Object> documentSearch = i -> store.documents()
                .search(DocumentSearch.vector(Dataset.vector(2_000_000 + i)).withLimit(10));
        m.put("documentVectorHorizon", documentSearch);
        m.put("documentVectorFeed", documentSearch);
        m.put("documentVectorsRanked", documentSearch);
        // Reads as of an instant after the dataset was built (the store's clock runs ahead of it).
        Instant asOf = Instant.now();
        m.put(
                "memoryAsOfKey",
                i -> store.memory()
                        .asOf(asOf)
                        .get(d.namespaceOf(Math.floorMod(i, d.memories)), d.keyOf(Math.floorMod(i, d.memories))));
        m.put(
                "memoryAsOfSubtreeExact",
                i -> store.memory().asOf(asOf).byPrefix("bench:big:n" + Math.floorMod(i, 100), PageRequest.first(100)));
        m.put("memoryAsOfSubtreeBelow", i -> store.memory().asOf(asOf).byPrefix("bench:big", PageRequest.first(100)));
        m.put("memoryAsOfResolve", i -> scoped.asOf(asOf).resolve("k" + i));
        m.put("sessionStateAsOf", i -> store.sessions().asOf(asOf).state(sid.apply(i)));
        // The state after a session's last event (with the shared state at its time: sharedStatesAsOf).
        m.put("sessionStateAfterEvent", i -> store.sessions().stateAfter(sid.apply(i), d.eventsPerSession));
        m.put("eventsAsOf", i -> store.sessions().asOf(asOf).events(sid.apply(i), PageRequest.first(100)));
        return m;
    }

    /**
     * The read shapes a case runs besides its own (a summary's percentiles come from the values
     * shape); such shapes have no case of their own.
     */
    public static final Map<String, String> COVERED_BY = Map.of(
            "metricsValues", "metricsAggregate",
            // A store reads its embedding space and builds its search index on its first search.
            "vectorSpace", "memoryVectorsRanked",
            "memoryVectorsLoad", "memoryVectorsRanked",
            "documentVectorsLoad", "documentVectorsRanked",
            // Every read as of an instant checks its kind's horizon first.
            "historyHorizon", "memoryAsOfKey",
            "sharedStatesAsOf", "sessionStateAfterEvent",
            // Every search reads its feed's floor after the feed (retention may have trimmed it).
            "memoryVectorFloor", "memoryVectorsRanked",
            "documentVectorFloor", "documentVectorsRanked");

    /** The rows a call's result holds (a present Optional or a summary counts as one). */
    public static int rows(Object result) {
        if (result instanceof Page<?> p) {
            return p.items().size();
        }
        if (result instanceof Collection<?> c) {
            return c.size();
        }
        if (result instanceof Optional<?> o) {
            return o.isPresent() ? 1 : 0;
        }
        return result == null ? 0 : 1;
    }
}
