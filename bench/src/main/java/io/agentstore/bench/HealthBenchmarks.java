package io.agentstore.bench;

import io.agentstore.AgentStore;
import io.agentstore.StoreHealth;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a health check costs: {@link AgentStore#health()} (the probe behind the Actuator's
 * {@code agentstore} indicator) on an embedded file holding {@code memories} memories and a
 * thousand sessions of ten events, beside a point read for scale. Its cost should not grow with
 * the store: it reads no table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class HealthBenchmarks {

    @Param({"10000", "100000"})
    public int memories;

    private Path dir;
    private AgentStore store;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("agentstore-health");
        store = AgentStore.open(dir.resolve("health.db"));
        List<NewMemory> batch = new ArrayList<>();
        for (int i = 0; i < memories; i++) {
            batch.add(NewMemory.of("user:u" + (i % 100) + ":notes", "k" + i, Map.of("text", "note " + i)));
            if (batch.size() == 1_000) {
                store.memory().addAll(batch);
                batch.clear();
            }
        }
        for (int s = 0; s < 1_000; s++) {
            store.sessions().create(NewSession.of("app", "u" + (s % 100)).withId("s" + s));
            for (int e = 0; e < 10; e++) {
                store.sessions().append("s" + s, NewEvent.of("note", "u", Map.of("n", e)));
            }
        }
    }

    @Benchmark
    public StoreHealth health() {
        return store.health();
    }

    @Benchmark
    public Object sessionById() {
        return store.sessions().get("s500");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
