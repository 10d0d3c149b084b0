package io.agentstore.bench.report;

import io.agentstore.AgentStore;
import io.agentstore.PageRequest;
import io.agentstore.StoreOptions;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed's signed-off figures were taken on a tiny database (one session, one memory, or 100
 * memories), 100 timed calls each, and 50 concurrent session reads. This measures agentstore
 * the same way — a fresh tiny database file, 100 timed calls — so that the headline compares
 * like with like, beside the figures at scale.
 */
final class SeedMethod {

    /** The tiny run: per probe (named as the report's probes at scale) the 100 calls, and the 50 concurrent reads. */
    record Run(String database, int calls, List<Runner.Result> results, double concurrent50Ms) {}

    static final int CALLS = 100;

    private SeedMethod() {}

    static Run run(Path file, StoreOptions options) throws Exception {
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
        try (AgentStore store = AgentStore.open(file, options)) {
            store.sessions().create(NewSession.of("seed-agent", "seed-user").withId("seed-session"));
            store.memory().add(NewMemory.of("seed:one", "k", Map.of("v", 0)));
            List<NewMemory> hundred = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                hundred.add(NewMemory.of("bench:big", "k" + i, Map.of("n", i)));
            }
            store.memory().addAll(hundred);
            AtomicLong counter = new AtomicLong();
            Probe byId = new Probe(
                    "session by id",
                    "read",
                    List.of(),
                    null,
                    null,
                    i -> store.sessions().get("seed-session").isPresent() ? 1 : 0);
            List<Probe> probes = List.of(
                    byId,
                    new Probe(
                            "memory current version",
                            "read",
                            List.of(),
                            null,
                            null,
                            i -> store.memory().get("seed:one", "k").isPresent() ? 1 : 0),
                    new Probe(
                            "namespace subtree, 100-row page",
                            "read",
                            List.of(),
                            null,
                            null,
                            i -> store.memory()
                                    .byPrefix("bench:big", PageRequest.first(100))
                                    .items()
                                    .size()),
                    new Probe("memory add (with audit row)", "write", List.of(), null, null, i -> {
                        long n = counter.incrementAndGet();
                        store.memory().add(NewMemory.of("seed:adds", "k" + n, Map.of("n", n)));
                        return 1;
                    }),
                    new Probe("memory update (new version)", "write", List.of(), null, null, i -> {
                        store.memory().put(NewMemory.of("seed:one", "k", Map.of("v", i)));
                        return 1;
                    }),
                    new Probe("session event append", "write", List.of(), null, null, i -> {
                        store.sessions().append("seed-session", NewEvent.of("message", "user", Map.of("i", i)));
                        return 1;
                    }));
            List<Runner.Result> results = new ArrayList<>();
            for (Probe p : probes) {
                results.add(Runner.counted(p, CALLS));
            }
            double concurrent = Runner.concurrentReadsMs(byId, 50, 21);
            return new Run(file.toAbsolutePath().toString(), CALLS, results, concurrent);
        }
    }
}
