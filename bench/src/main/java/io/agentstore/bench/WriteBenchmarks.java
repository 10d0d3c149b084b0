package io.agentstore.bench;

import io.agentstore.AgentStore;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.Event;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Write shapes as throughput, on a file copied from the read dataset so that indexes have
 * realistic depth. Run with {@code -t 1} for one writer and {@code -t 16} for contended
 * (group commit) figures.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class WriteBenchmarks {

    @Param({"100000"})
    public int memories;

    @Param("/tmp/agentstore-bench")
    public String dir;

    /** Events already in the session that appends go to: the append must cost the same at any length. */
    @Param({"0", "10000"})
    public int eventsBefore;

    AgentStore store;
    final AtomicLong counter = new AtomicLong();
    String appendSession;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Dataset data = new Dataset(memories, Math.max(10, memories / 100), Math.max(100, memories / 10), 10);
        Path source = data.ensure(Path.of(dir, "read-" + memories + ".db"), m -> { });
        Path file = Path.of(dir, "write-" + memories + ".db");
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        // The source is closed and checkpointed (no -wal content): a plain copy is a consistent snapshot.
        Files.copy(source, file);
        store = AgentStore.open(file);
        appendSession = store.sessions().create(NewSession.of("bench", "writer")).id();
        store.sessions().activate(appendSession);
        for (int i = 0; i < eventsBefore; i++) {
            store.sessions().append(appendSession, NewEvent.of("message", "user", Map.of("i", i)));
        }
        store.memory().add(NewMemory.of("bench:hot", "counter", 0));
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** One memory with its audit row (and its recency rows), one transaction per call unless callers overlap. */
    @Benchmark
    public MemoryEntry memoryAdd() {
        long n = counter.incrementAndGet();
        return store.memory().add(NewMemory.of("bench:w:n" + (n % 1000), "k" + n, Map.of("n", n)).by("bench"));
    }

    /** A new version of one of 1,000 keys. */
    @Benchmark
    public MemoryEntry memoryUpdate() {
        long n = counter.incrementAndGet();
        return store.memory().put(NewMemory.of("bench:u", "k" + (n % 1000), Map.of("n", n)));
    }

    @Benchmark
    public Event eventAppend() {
        return store.sessions().append(appendSession, NewEvent.of("message", "user", Map.of("text", "hello")));
    }
}
