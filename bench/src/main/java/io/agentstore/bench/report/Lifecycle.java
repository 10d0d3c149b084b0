package io.agentstore.bench.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.lifecycle.RetentionPolicy;
import io.agentstore.lifecycle.RetentionReport;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The report's data-lifecycle section: what a retention sweep of many rows does to the writes
 * and reads that go on meanwhile. On an SQLite file holding {@code rows} events to be swept (and
 * a working set of memories), one thread adds memories and one reads them by key, first for a
 * while with no sweep (idle), then while a retention run deletes the events; the p50 and p99 of
 * each, their ratios sweep/idle, and the sweep's rate. Both phases run in this one process, back
 * to back, so the ratios compare like with like on this noisy machine.
 */
public final class Lifecycle {

    static final int MEMORIES = 20_000;
    static final int SESSIONS = 1_000;

    private Lifecycle() {}

    /** Standalone: {@code java -cp bench/target/benchmarks.jar io.agentstore.bench.report.Lifecycle DIR ROWS [BATCH [PACE [sqlite|postgres]]]} (0: the default). */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/lifecycle");
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Files.createDirectories(dir);
        ObjectNode r = measure(
                dir,
                rows,
                args.length > 2 ? Integer.parseInt(args[2]) : 0,
                args.length > 3 ? Double.parseDouble(args[3]) : 0,
                args.length > 4 && args[4].equals("postgres"),
                System.out::println);
        System.out.println(r.toPrettyString());
    }

    /** {@code batch}, {@code pace}: the policy's, or 0 for its defaults. */
    static ObjectNode measure(Path dir, int rows, int batch, double pace, Consumer<String> say) throws Exception {
        return measure(dir, rows, batch, pace, false, say);
    }

    /** As above, on an embedded PostgreSQL server ({@code postgres}) instead of an SQLite file. */
    static ObjectNode measure(Path dir, int rows, int batch, double pace, boolean postgres, Consumer<String> say)
            throws Exception {
        if (!postgres) {
            return measure(
                    dir, rows, batch, pace, say, () -> AgentStore.open(dir.resolve("lifecycle-" + rows + ".db")));
        }
        try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = io.agentstore.bench.PgServer.start()) {
            ObjectNode out = measure(
                    dir,
                    rows,
                    batch,
                    pace,
                    say,
                    () -> AgentStore.open(
                            "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres",
                            "postgres",
                            "postgres",
                            StoreOptions.defaults()));
            out.put("engine", "postgresql");
            return out;
        }
    }

    private static ObjectNode measure(
            Path dir,
            int rows,
            int batch,
            double pace,
            Consumer<String> say,
            java.util.function.Supplier<AgentStore> open)
            throws Exception {
        Path file = dir.resolve("lifecycle-" + rows + ".db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        RetentionPolicy base = RetentionPolicy.keepEverything().withEventsKeepLast(1);
        RetentionPolicy sized = batch > 0 ? base.withBatchSize(batch) : base;
        RetentionPolicy policy = pace > 0 ? sized.withPace(pace) : sized;
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("rows", rows);
        out.put("batch_size", policy.batchSize());
        out.put("pace", policy.pace());
        out.put("engine", "sqlite");
        try (AgentStore store = open.get()) {
            say.accept("lifecycle: building " + rows + " events in " + SESSIONS + " sessions and " + MEMORIES
                    + " memories");
            build(store, rows);
            Phase idle = phase(store, () -> sleepQuietly(15_000));
            say.accept("lifecycle: idle " + idle);
            RetentionReport[] report = new RetentionReport[1];
            long start = System.nanoTime();
            Phase sweep = phase(store, () -> report[0] = store.retention().run(policy));
            double seconds = (System.nanoTime() - start) / 1e9;
            say.accept("lifecycle: sweep " + sweep);
            long deleted = report[0].deleted("session_events");
            out.put("deleted", deleted);
            out.put("sweep_seconds", seconds);
            out.put("sweep_rows_per_second", deleted / seconds);
            out.set("idle", idle.json());
            out.set("sweep", sweep.json());
            out.put("add_p99_ratio", sweep.addP99() / idle.addP99());
            out.put("read_p99_ratio", sweep.readP99() / idle.readP99());
            out.put("add_p50_ratio", sweep.addP50() / idle.addP50());
            out.put("read_p50_ratio", sweep.readP50() / idle.readP50());
        }
        return out;
    }

    static void markdown(java.io.PrintWriter w, com.fasterxml.jackson.databind.JsonNode r) {
        w.println("## Data lifecycle: a retention sweep beside live traffic");
        w.println();
        w.printf(
                Locale.ROOT,
                "A retention run (`withEventsKeepLast(1)`, batches of %d, pace %.2f) deleting %,d events from an SQLite"
                        + " file while one thread adds memories (one per millisecond) and another reads them by key;"
                        + " the same two threads on the same file with no sweep first (idle).%n%n",
                r.get("batch_size").asInt(),
                r.get("pace").asDouble(),
                r.get("deleted").asLong());
        w.println("| | add p50 ms | add p99 ms | read p50 ms | read p99 ms |");
        w.println("|---|---:|---:|---:|---:|");
        for (String phase : List.of("idle", "sweep")) {
            com.fasterxml.jackson.databind.JsonNode p = r.get(phase);
            w.printf(
                    Locale.ROOT,
                    "| %s | %.3f | %.3f | %.3f | %.3f |%n",
                    phase,
                    p.get("add_p50_ms").asDouble(),
                    p.get("add_p99_ms").asDouble(),
                    p.get("read_p50_ms").asDouble(),
                    p.get("read_p99_ms").asDouble());
        }
        w.println();
        w.printf(
                Locale.ROOT,
                "p99 sweep/idle: adds ×%.2f, reads ×%.2f. Sweep: %,.0f rows/s (%.1f s).%n%n",
                r.get("add_p99_ratio").asDouble(),
                r.get("read_p99_ratio").asDouble(),
                r.get("sweep_rows_per_second").asDouble(),
                r.get("sweep_seconds").asDouble());
    }

    private static void build(AgentStore store, int rows) {
        int perSession = Math.max(2, rows / SESSIONS + 1);
        String text = "x".repeat(200);
        for (int s = 0; s < SESSIONS; s++) {
            String id = String.format(Locale.ROOT, "s%05d", s);
            store.sessions().create(NewSession.of("bench", "u" + (s % 100)).withId(id));
            for (int from = 0; from < perSession; from += 1_000) {
                List<NewEvent> events = new ArrayList<>();
                for (int i = from; i < Math.min(perSession, from + 1_000); i++) {
                    events.add(NewEvent.of("turn", "user", text));
                }
                store.sessions().appendAll(id, events);
            }
        }
        List<NewMemory> batch = new ArrayList<>();
        for (int i = 0; i < MEMORIES; i++) {
            batch.add(NewMemory.of("user:u" + (i % 100), "k" + i, "value " + i));
            if (batch.size() == 1_000) {
                store.memory().addAll(batch);
                batch.clear();
            }
        }
    }

    record Phase(long adds, long reads, double addP50, double addP99, double readP50, double readP99) {
        ObjectNode json() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("adds", adds);
            o.put("reads", reads);
            o.put("add_p50_ms", addP50);
            o.put("add_p99_ms", addP99);
            o.put("read_p50_ms", readP50);
            o.put("read_p99_ms", readP99);
            return o;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "adds %d p50 %.3f p99 %.3f ms; reads %d p50 %.3f p99 %.3f ms",
                    adds,
                    addP50,
                    addP99,
                    reads,
                    readP50,
                    readP99);
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong NEXT = new java.util.concurrent.atomic.AtomicLong();

    /** One adder and one reader run while {@code during} runs; their latencies. */
    private static Phase phase(AgentStore store, Runnable during) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<long[]> adds = pool.submit(() -> {
                List<Long> t = new ArrayList<>();
                while (!stop.get()) {
                    long s = System.nanoTime();
                    store.memory().add(NewMemory.of("bench:adds", "a" + NEXT.incrementAndGet(), "v"));
                    t.add(System.nanoTime() - s);
                    Thread.sleep(1); // a steady stream, not a saturating one
                }
                return t.stream().mapToLong(Long::longValue).toArray();
            });
            Future<long[]> reads = pool.submit(() -> {
                List<Long> t = new ArrayList<>();
                while (!stop.get()) {
                    int i = ThreadLocalRandom.current().nextInt(MEMORIES);
                    long s = System.nanoTime();
                    store.memory().get("user:u" + (i % 100), "k" + i).orElseThrow();
                    t.add(System.nanoTime() - s);
                    Thread.sleep(0, 200_000);
                }
                return t.stream().mapToLong(Long::longValue).toArray();
            });
            Thread.sleep(500);
            during.run();
            stop.set(true);
            long[] a = adds.get();
            long[] r = reads.get();
            Arrays.sort(a);
            Arrays.sort(r);
            return new Phase(a.length, r.length, pct(a, 0.5), pct(a, 0.99), pct(r, 0.5), pct(r, 0.99));
        } finally {
            pool.shutdownNow();
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
