package io.agentstore.bench;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.agents.AgentState;
import io.agentstore.agents.NewAgent;
import io.agentstore.audit.NewAuditRecord;
import io.agentstore.documents.DocumentSync;
import io.agentstore.documents.DocumentType;
import io.agentstore.documents.NewDocument;
import io.agentstore.internal.database.Migrations;
import io.agentstore.memory.MemoryType;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.tasks.NewCheckpoint;
import io.agentstore.tasks.NewTask;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;

/**
 * Builds a benchmark database through the library's own write path (batched), or reuses one
 * built earlier at the same scale and schema.
 *
 * <p>Memories: {@code memories} entries spread over {@code namespaces} namespaces three or four
 * segments deep ({@code user:u<i>:topic<j>[:sub<k>]}); every 10th key has a second version.
 * The big subtree {@code bench:big} holds {@link #BIG_SUBTREE} entries in 100 namespaces.
 * Sessions: {@code sessions} sessions (every 10th paused, the rest active, in 100 projects) with
 * {@code eventsPerSession} events and one task each; every 10th session's task has two children,
 * an agent (with three audit records and five checkpoints) and a legacy state value. One task in
 * 100 is claimed (running, and timed out to a clock {@link #LATER} ahead). Metrics: one point per
 * session in 10 series; app-wide and user memories for scoped resolution. Documents: one per 10 sessions, every other one synced with an embedding. Vectors: {@link #VECTOR_MEMORIES} memories under {@link #VECTORS} with 384-dimension vectors.
 */
public final class Dataset {

    public static final int BIG_SUBTREE = 10_000;
    /** How far ahead of the build a reader's clock must be to see claimed tasks and episodic memories expired. */
    public static final Duration LATER = Duration.ofDays(60);
    /** Sessions built concurrently (their writes share commits). */
    private static final int BUILDERS = 8;

    private static final int FORMAT = 6;

    /** The subtree of memories with vectors ({@link #VECTOR_DIMENSIONS} dimensions, {@link #vector}). */
    public static final String VECTORS = "bench:vectors";

    public static final int VECTOR_DIMENSIONS = 384;

    /** How many memories of {@link #VECTORS} the dataset has. */
    public static final int VECTOR_MEMORIES = 2_000;

    public final int memories;
    public final int namespaces;
    public final int sessions;
    public final int eventsPerSession;

    public Dataset(int memories, int namespaces, int sessions, int eventsPerSession) {
        this.memories = memories;
        this.namespaces = namespaces;
        this.sessions = sessions;
        this.eventsPerSession = eventsPerSession;
    }

    /**
     * Builds (or reuses) the benchmarks' dataset ahead of a run:
     * {@code java -cp benchmarks.jar io.agentstore.bench.Dataset <memories> [dir]}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2 || !args[0].matches("[1-9][0-9]{3,7}")) {
            System.err.println("usage: Dataset <memories: 1000..99999999> [dir, default /tmp/agentstore-bench]");
            System.exit(2);
        }
        int memories = Integer.parseInt(args[0]);
        Path dir = Path.of(args.length == 2 ? args[1] : "/tmp/agentstore-bench");
        Files.createDirectories(dir);
        forMemories(memories).ensure(dir.resolve("read-" + memories + ".db"), System.out::println);
    }

    /** The benchmarks' proportions: a namespace per 100 memories, a session per 10, 10 events each. */
    public static Dataset forMemories(int memories) {
        return new Dataset(memories, Math.max(10, memories / 100), Math.max(100, memories / 10), 10);
    }

    public String describe() {
        return memories + " memories in " + namespaces + " namespaces (+ a " + BIG_SUBTREE + "-entry subtree), "
                + sessions + " sessions x " + eventsPerSession + " events";
    }

    public String signature() {
        return "format=" + FORMAT + " memories=" + memories + " namespaces=" + namespaces + " sessions=" + sessions
                + " events=" + eventsPerSession;
    }

    /** The namespace of memory i. */
    public String namespaceOf(int i) {
        int n = i % namespaces;
        return "user:u" + (n / 10) + ":topic" + (n % 10) + (n % 3 == 0 ? ":sub" + (n % 7) : "");
    }

    public String keyOf(int i) {
        return "k" + i;
    }

    public String sessionId(int i) {
        return "session-" + i;
    }

    public String taskId(int i) {
        return "task-" + i;
    }

    public String agentId(int i) {
        return "agent-" + i;
    }

    public String documentPath(int i) {
        return "docs/d" + i + ".md";
    }

    /** The content hash of document i (SHA-256-shaped: 64 lowercase hex digits). */
    public static String documentHash(int i) {
        return String.format("%064x", i % 1000);
    }

    /** Vector i of the dataset (and, past its memories, of queries): Gaussian, seeded by i. */
    public static float[] vector(int i) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(i * 0x9E3779B97F4A7C15L);
        float[] v = new float[VECTOR_DIMENSIONS];
        for (int d = 0; d < v.length; d++) {
            // Box-Muller on two uniforms: a Gaussian component.
            v[d] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        return v;
    }

    /** Whether session i has the extras (children, agent, checkpoints, state). */
    public static boolean hasExtras(int i) {
        return i % 10 == 0;
    }

    private void buildSessions(AgentStore store, Consumer<String> progress) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(BUILDERS);
        AtomicInteger done = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int b = 0; b < BUILDERS; b++) {
            int first = b;
            futures.add(pool.submit(() -> {
                for (int s = first; s < sessions; s += BUILDERS) {
                    buildSession(store, s);
                    int n = done.incrementAndGet();
                    if (n % 10_000 == 0) {
                        progress.accept(String.format("sessions %,d / %,d", n, sessions));
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building sessions", e);
        } catch (ExecutionException e) {
            throw new IOException("building sessions failed", e.getCause());
        }
        // One task in 100 is running: claimed now, timed out for a clock LATER ahead.
        int claimed = 0;
        while (claimed < sessions / 100) {
            claimed +=
                    store.tasks().claim(Math.min(100, sessions / 100 - claimed)).size();
        }
        progress.accept(String.format("sessions done (%,d, %,d tasks running)", sessions, claimed));
    }

    private void buildSession(AgentStore store, int s) {
        String id = store.sessions()
                .create(NewSession.of("bench", "user" + (s % 1000))
                        .withProject("project" + (s % 100))
                        .withId(sessionId(s)))
                .id();
        store.sessions().activate(id);
        for (int e = 0; e < eventsPerSession; e++) {
            store.sessions()
                    .append(id, NewEvent.of("message", e % 2 == 0 ? "user" : "agent", Map.of("text", "event " + e)));
        }
        if (s % 10 == 9) {
            store.sessions().pause(id);
        }
        String task = store.tasks()
                .enqueue(NewTask.of("task of " + id)
                        .withId(taskId(s))
                        .withPriority(1 + s % 10)
                        .inSession(id))
                .id();
        if (hasExtras(s)) {
            for (int c = 0; c < 2; c++) {
                store.tasks()
                        .enqueue(NewTask.of("child " + c + " of " + task)
                                .withId(task + "-c" + c)
                                .withParent(task)
                                .inSession(id));
            }
            String agent = store.agents()
                    .spawn(NewAgent.of("agent of " + id)
                            .withId(agentId(s))
                            .forTask(task)
                            .inSession(id)
                            .specialisedIn("research"))
                    .id();
            store.agents().transition(agent, AgentState.values()[s / 10 % 3]);
            for (int a = 0; a < 3; a++) {
                store.audit()
                        .record(NewAuditRecord.of("tool_call")
                                .byAgent(agent)
                                .inTask(task)
                                .by("bench")
                                .withData(Map.of("call", a))
                                .withResult("ok"));
            }
            for (int it = 1; it <= 5; it++) {
                store.checkpoints()
                        .save(NewCheckpoint.of(task, it, Map.of("iteration", it, "notes", "state of " + task))
                                .inSession(id));
            }
            store.tasks().setState(task, "progress", Map.of("step", s % 7));
        }
    }

    private void buildTheRest(AgentStore store, Consumer<String> progress) {
        List<String> names = List.of(
                "latency",
                "tokens",
                "cost",
                "queue_depth",
                "errors",
                "retries",
                "cache_hits",
                "tool_calls",
                "memory_reads",
                "memory_writes");
        for (int i = 0; i < sessions; i++) {
            store.metrics().record(names.get(i % names.size()), i % 1000, Map.of("host", "h" + (i % 4)));
        }
        // What a session's scoped handle resolves: app-wide keys k0..k999, and k0..k99 of session 1's user.
        List<NewMemory> scoped = new ArrayList<>();
        for (int k = 0; k < 1_000; k++) {
            scoped.add(NewMemory.of("app:bench", "k" + k, Map.of("app", k)));
            if (k < 100) {
                scoped.add(NewMemory.of("user:user1", "k" + k, Map.of("user", k)));
            }
        }
        store.memory().addAll(scoped);
        List<NewMemory> embedded = new ArrayList<>();
        for (int v = 0; v < VECTOR_MEMORIES; v++) {
            embedded.add(NewMemory.of(VECTORS + ":n" + (v % 20), "v" + v, Map.of("text", "vector memory " + v))
                    .withEmbedding(vector(v)));
            if (embedded.size() == 500) {
                store.memory().addAll(embedded);
                embedded.clear();
            }
        }
        store.memory().addAll(embedded);
        DocumentType[] types = DocumentType.values();
        for (int d = 0; d < Math.max(10, sessions / 10); d++) {
            String hash = documentHash(d);
            store.documents()
                    .upsert(NewDocument.of(documentPath(d), types[d % types.length], hash)
                            .withTitle("Document " + d)
                            .withChunks(1 + d % 20)
                            .withMetadata(Map.of("owner", "team" + (d % 5))));
            if (d % 2 == 0) {
                store.documents()
                        .markSynced(DocumentSync.of(documentPath(d), hash)
                                .withEmbedding("embed-small", vector(2_000_000 + d)));
            }
        }
        progress.accept(String.format("metrics (%,d) and documents (%,d) done", sessions, Math.max(10, sessions / 10)));
    }

    /**
     * Whether the file was migrated with exactly the migrations on the class path (same versions,
     * same checksums, none pending): a dataset built on another schema is rebuilt, not reused.
     */
    static boolean schemaIsCurrent(Path file) {
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        Flyway flyway = Migrations.flyway(sqlite, "sqlite");
        return flyway.validateWithResult().validationSuccessful && flyway.info().pending().length == 0;
    }

    /** Deletes a database file with its {@code -wal} and {@code -shm} files. */
    public static void deleteDatabase(Path file) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
    }

    /**
     * A fresh copy of a file {@link #ensure} built, at {@code target} (replacing what was there),
     * for runs that write: the built file stays as built. It was closed and checkpointed (no
     * {@code -wal} content), so a plain copy is a consistent snapshot. The copy is on disk when
     * this returns.
     */
    public static Path copy(Path built, Path target) throws IOException {
        deleteDatabase(target);
        Files.copy(built, target);
        // Written to disk before it is used: the copy's write-back (a gigabyte at record scale)
        // would otherwise run under the first timings taken on it.
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return target;
    }

    /** Creates the file at this scale, or reuses it if it was built at the same scale and schema. */
    public Path ensure(Path file, Consumer<String> progress) throws IOException {
        Path marker = file.resolveSibling(file.getFileName() + ".dataset");
        if (Files.exists(file)
                && Files.exists(marker)
                && Files.readString(marker).equals(signature())
                && schemaIsCurrent(file)) {
            progress.accept("reusing " + file + " (" + describe() + ")");
            return file;
        }
        Files.deleteIfExists(marker);
        deleteDatabase(file);
        long start = System.nanoTime();
        try (AgentStore store = AgentStore.open(file, StoreOptions.defaults())) {
            build(store, progress);
        }
        Files.writeString(marker, signature());
        progress.accept(String.format("built %s in %.1f s", describe(), (System.nanoTime() - start) / 1e9));
        return file;
    }

    /** Fills an empty store (an SQLite file or a PostgreSQL schema) with this dataset, through the library. */
    public void build(AgentStore store, Consumer<String> progress) throws IOException {
        int batch = 2_000;
        List<NewMemory> buffer = new ArrayList<>(batch);
        for (int i = 0; i < memories; i++) {
            buffer.add(NewMemory.of(namespaceOf(i), keyOf(i), Map.of("text", "memory number " + i, "score", i % 100))
                    .withType(MemoryType.values()[i % 3])
                    .by("creator" + (i % 50)));
            if (buffer.size() == batch) {
                store.memory().addAll(buffer);
                buffer.clear();
                if (i % 100_000 < batch) {
                    progress.accept(String.format("memories %,d / %,d", i + 1, memories));
                }
            }
        }
        for (int i = 0; i < BIG_SUBTREE; i++) {
            buffer.add(NewMemory.of("bench:big:n" + (i % 100), "k" + i, Map.of("i", i)));
            if (buffer.size() == batch) {
                store.memory().addAll(buffer);
                buffer.clear();
            }
        }
        if (!buffer.isEmpty()) {
            store.memory().addAll(buffer);
        }
        for (int i = 0; i < memories; i += 10) {
            store.memory().put(NewMemory.of(namespaceOf(i), keyOf(i), Map.of("text", "second version", "score", 1)));
        }
        progress.accept(String.format("memories done (%,d)", memories + BIG_SUBTREE));
        buildSessions(store, progress);
        buildTheRest(store, progress);
    }
}
