package io.agentstore.bench;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.NewMemory;
import io.agentstore.search.SearchHit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * Semantic search, k = 10, over {@code vectors} memories of 384 dimensions, {@code random}
 * (Gaussian) or {@code clustered} (100 centres), within a subtree holding 10% of them
 * ({@code bench:sub}) or across the whole store. The file is built once per (distribution, size)
 * under {@code dir} and reused; the trial's first search builds the store's index before
 * measuring. Sample mode: the summary gives p50 and p99. Run with
 * {@code --jvmArgsAppend --add-modules=jdk.incubator.vector} for the Vector API (the
 * {@code bench/profile search} profile does).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class SearchBenchmarks {

    public static final int DIMENSIONS = Dataset.VECTOR_DIMENSIONS;
    public static final String SUBTREE = "bench:sub";
    static final int QUERIES = 1_000;
    static final int CENTRES = 100;

    @Param({"10000"})
    public int vectors;

    @Param({"random", "clustered"})
    public String distribution;

    @Param({"subtree", "whole"})
    public String scope;

    @Param("/tmp/agentstore-bench")
    public String dir;

    /** {@code sqlite}, or {@code postgres} on {@link #jdbcUrl} (a database per distribution and size, built once). */
    @Param({"sqlite"})
    public String engine;

    @Param("")
    public String jdbcUrl;

    AgentStore store;
    float[][] queries;
    int next;

    /** Vector i of a corpus: Gaussian, or a Gaussian centre (one of 100) plus noise. */
    public static float[] corpusVector(String distribution, int i) {
        if (distribution.equals("random")) {
            return Dataset.vector(i);
        }
        float[] centre = Dataset.vector(-1 - Math.floorMod(i, CENTRES));
        float[] noise = Dataset.vector(i);
        float[] v = new float[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] = centre[d] + 0.8f * noise[d];
        }
        return v;
    }

    /** Query q of a corpus: drawn like its vectors, but never one of them. */
    public static float[] query(String distribution, int q) {
        return corpusVector(distribution, 100_000_000 + q);
    }

    /** Memory i's namespace: one in ten is under {@link #SUBTREE}, in 100 namespaces; the rest in 1,000 others. */
    public static String namespaceOf(int i) {
        return i % 10 == 0 ? SUBTREE + ":n" + (i / 10 % 100) : "bench:rest:n" + (i % 1000);
    }

    /** Builds an empty store's corpus through the library (batches of 1,000 with their vectors). */
    public static void build(AgentStore store, String distribution, int vectors, Consumer<String> progress) {
        List<NewMemory> batch = new ArrayList<>(1_000);
        for (int i = 0; i < vectors; i++) {
            batch.add(NewMemory.of(namespaceOf(i), "m" + i, Map.of("text", "memory " + i))
                    .withEmbedding(corpusVector(distribution, i)));
            if (batch.size() == 1_000) {
                store.memory().addAll(batch);
                batch.clear();
                if ((i + 1) % 100_000 == 0) {
                    progress.accept(String.format("%s: %,d / %,d vectors", distribution, i + 1, vectors));
                }
            }
        }
        store.memory().addAll(batch);
    }

    /** The corpus file (SQLite), built if missing. */
    public static Path corpus(String dir, String distribution, int vectors, Consumer<String> progress)
            throws IOException {
        Path file = Path.of(dir, "search-" + distribution + "-" + vectors + ".db");
        Path marker = file.resolveSibling(file.getFileName() + ".done");
        if (Files.exists(marker) && Dataset.schemaIsCurrent(file)) {
            return file;
        }
        Files.createDirectories(file.getParent());
        Dataset.deleteDatabase(file);
        long start = System.nanoTime();
        try (AgentStore s = AgentStore.open(file, StoreOptions.defaults())) {
            build(s, distribution, vectors, progress);
        }
        Files.writeString(marker, "built");
        progress.accept(
                String.format("built %s (%,d vectors) in %.1f s", file, vectors, (System.nanoTime() - start) / 1e9));
        return file;
    }

    @Setup(Level.Trial)
    public void open() throws Exception {
        if (engine.equals("postgres")) {
            String db = "search_" + distribution + "_" + vectors;
            String url = PgDatasets.ensureDatabase(
                    jdbcUrl, db, "search v1 " + db, s -> build(s, distribution, vectors, System.out::println));
            store = AgentStore.open(url, PgDatasets.USER, PgDatasets.PASSWORD, StoreOptions.defaults());
        } else {
            store = AgentStore.open(corpus(dir, distribution, vectors, System.out::println), StoreOptions.defaults());
        }
        queries = new float[QUERIES][];
        for (int q = 0; q < QUERIES; q++) {
            queries[q] = query(distribution, q);
        }
        long start = System.nanoTime();
        search(); // builds the index
        System.out.printf(
                "%n[search] index of %,d vectors built by the first search in %.0f ms%n",
                vectors, (System.nanoTime() - start) / 1e6);
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    @Benchmark
    public List<SearchHit<MemoryEntry>> search() {
        MemorySearch s = MemorySearch.vector(queries[next++ % QUERIES]).withLimit(10);
        return store.memory().search(scope.equals("subtree") ? s.within(SUBTREE) : s);
    }
}
