package io.agentstore.bench;

import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.Event;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Write shapes as throughput, each beside its raw-JDBC twin ({@link RawWriter}: the same SQL,
 * hand-run per operation), on a file copied from the read dataset so that indexes have realistic
 * depth. Run with {@code -t 1} for one writer and {@code -t 16} for contended (group commit)
 * figures; the twins then each get their own connection, as a naive pool would.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class WriteBenchmarks extends BenchState {

    /** Events already in the long session: an append must cost the same at any history length. */
    static final int LONG_HISTORY = 10_000;
    /** Memories per batch load call. */
    static final int BATCH = 1_000;

    final AtomicLong counter = new AtomicLong();
    String freshSession;
    String longSession;
    String rawSession;

    /** The dataset this trial's file is a copy of (its keys are what {@link #memoryUpdate} updates). */
    Dataset data;

    @Override
    protected void afterOpen() {
        data = Dataset.forMemories(memories);
        freshSession = session(0);
        longSession = session(LONG_HISTORY);
        rawSession = session(0);
        for (int k = 0; k < 1_000; k++) {
            store.memory().add(NewMemory.of("bench:u", "k" + k, Map.of("n", 0)));
        }
    }

    /** The file a write benchmark class works on: {@code <dir>/<ClassName>-<memories>.db}. */
    static Path fileOf(String dir, String benchmarkClass, int memories) {
        return Path.of(dir, benchmarkClass + "-" + memories + ".db");
    }

    /** A fresh copy of the read dataset at this scale (built first if needed), at {@link #fileOf}. */
    static Path copyOfDataset(int memories, String dir, Class<?> benchmark) throws IOException {
        Path source = Dataset.forMemories(memories).ensure(Path.of(dir, "read-" + memories + ".db"), m -> {});
        return Dataset.copy(source, fileOf(dir, benchmark.getSimpleName(), memories));
    }

    String session(int events) {
        String id = store.sessions().create(NewSession.of("bench", "writer")).id();
        store.sessions().activate(id);
        for (int i = 0; i < events; i++) {
            store.sessions().append(id, NewEvent.of("message", "user", Map.of("i", i)));
        }
        return id;
    }

    /** One memory with its audit row (and its recency rows), one transaction per call unless callers overlap. */
    @Benchmark
    public MemoryEntry memoryAdd() {
        long n = counter.incrementAndGet();
        return store.memory()
                .add(NewMemory.of("bench:w:n" + (n % 1000), "k" + n, Map.of("n", n))
                        .by("bench"));
    }

    /** {@link #memoryAdd} with a 384-dimension vector the caller gives: what storing it for search costs. */
    @Benchmark
    public MemoryEntry memoryAddWithVector() {
        long n = counter.incrementAndGet();
        return store.memory()
                .add(NewMemory.of("bench:w:n" + (n % 1000), "k" + n, Map.of("n", n))
                        .by("bench")
                        .withEmbedding(Dataset.vector((int) (n % 100_000))));
    }

    @Benchmark
    public long memoryAddRaw(RawWriter.PerThread raw) throws SQLException {
        long n = counter.incrementAndGet();
        return raw.writer.memoryAdd("bench:w:n" + (n % 1000), "r" + n, "{\"n\":" + n + "}", "bench");
    }

    /** {@value #BATCH} memories with their audit rows in one call; the score is memories per second. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<MemoryEntry> memoryBatchLoad() {
        long n = counter.addAndGet(BATCH);
        List<NewMemory> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(NewMemory.of("bench:load:n" + (i % 100), "k" + (n - i), Map.of("n", n - i))
                    .by("bench"));
        }
        return store.memory().addAll(batch);
    }

    /**
     * A new version of a key of the dataset, the keys taken all over it (a stride that is prime
     * to the scale), as a store's updates land: every version, index and recency row it retires is
     * wherever that key's are, not on a few hot pages.
     */
    @Benchmark
    public MemoryEntry memoryUpdate() {
        int i = spread(counter.incrementAndGet());
        return store.memory().put(NewMemory.of(data.namespaceOf(i), data.keyOf(i), Map.of("n", i)));
    }

    @Benchmark
    public long memoryUpdateRaw(RawWriter.PerThread raw) throws SQLException {
        int i = spread(counter.incrementAndGet());
        return raw.writer.memoryUpdate(data.namespaceOf(i), data.keyOf(i), "{\"n\":" + i + "}");
    }

    /** The n-th key of the dataset in a scattered order that visits every key once per {@code memories} calls. */
    int spread(long n) {
        return (int) ((n * 7_919L) % data.memories);
    }

    /** A new version of one of 1,000 keys of one namespace, written again and again: the pages stay hot. */
    @Benchmark
    public MemoryEntry memoryUpdateHotKeys() {
        long n = counter.incrementAndGet();
        return store.memory().put(NewMemory.of("bench:u", "k" + (n % 1000), Map.of("n", n)));
    }

    /** An event appended to a session that started empty. */
    @Benchmark
    public Event eventAppend() {
        return store.sessions().append(freshSession, NewEvent.of("message", "user", Map.of("text", "hello")));
    }

    private long deltas;

    /**
     * An event with a state delta (one key) appended to a session that started empty: the delta
     * applied to the session row, and the state after it kept in the session's state history.
     */
    @Benchmark
    public Event eventAppendWithDelta() {
        long n = ++deltas;
        return store.sessions()
                .append(
                        freshSession,
                        NewEvent.of("message", "user", Map.of("text", "hello")).withStateDelta(Map.of("turn", n)));
    }

    /** An event appended to a session that already held {@value #LONG_HISTORY} events. */
    /** Per benchmark thread: a session of its own (writers of different conversations, as a service has). */
    @State(Scope.Thread)
    public static class OwnSession {
        String id;

        @Setup(Level.Trial)
        public void create(WriteBenchmarks b) {
            id = b.session(0);
        }
    }

    /** Appends to the thread's own session: on a server, writers of different sessions do not wait for each other. */
    @Benchmark
    public Event eventAppendOwnSession(OwnSession own) {
        return store.sessions().append(own.id, NewEvent.of("message", "user", Map.of("text", "hello")));
    }

    @Benchmark
    public Event eventAppendLongHistory() {
        return store.sessions().append(longSession, NewEvent.of("message", "user", Map.of("text", "hello")));
    }

    @Benchmark
    public long eventAppendRaw(RawWriter.PerThread raw) throws SQLException {
        return raw.writer.eventAppend(rawSession, "{\"text\":\"hello\"}");
    }
}
