package io.agentstore.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.bench.SearchBenchmarks;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.NewMemory;
import io.agentstore.search.SearchHit;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The report's semantic-search section: on corpora of 384-dimension vectors (random and
 * clustered, {@link SearchBenchmarks}) at the report's scale, the time of the first search (the
 * index build), the heap the index takes, p50/p99 of k = 10 searches within a subtree holding 10%
 * of the vectors and across the whole store, recall@10 against an exact float scan done here by
 * plain JDBC, and the cost a given vector adds to an add.
 */
final class SemanticSearch {

    static final int K = 10;
    static final int QUERIES = 400;
    static final int WARMUP = 300;
    static final int RECALL_QUERIES = 20;
    static final int ADDS = 2_000;

    private SemanticSearch() {}

    static ObjectNode measure(Path dir, int vectors, Consumer<String> say) throws Exception {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("vectors", vectors);
        out.put("dimensions", SearchBenchmarks.DIMENSIONS);
        out.put("k", K);
        out.put("subtree_share", 0.1);
        out.put(
                "vector_api",
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .anyMatch(a -> a.contains("jdk.incubator.vector")));
        var cases = out.putArray("cases");
        for (String distribution : List.of("random", "clustered")) {
            say.accept("semantic search: " + distribution + " corpus of " + vectors + " vectors");
            Path file = SearchBenchmarks.corpus(dir.toString(), distribution, vectors, m -> say.accept("    " + m));
            ObjectNode d = out.putObject(distribution);
            try (AgentStore store = AgentStore.open(file, StoreOptions.defaults())) {
                long heapBefore = usedHeap();
                long start = System.nanoTime();
                store.memory().search(MemorySearch.vector(SearchBenchmarks.query(distribution, 0)));
                d.put("first_search_ms", (System.nanoTime() - start) / 1e6);
                d.put("index_heap_mb", Math.max(0, usedHeap() - heapBefore) / 1e6);
                for (String scope : List.of("subtree", "whole")) {
                    for (int w = 0; w < WARMUP; w++) {
                        search(store, distribution, QUERIES + w % 50, scope);
                    }
                    long[] t = new long[QUERIES];
                    for (int q = 0; q < QUERIES; q++) {
                        long s = System.nanoTime();
                        search(store, distribution, q, scope);
                        t[q] = System.nanoTime() - s;
                    }
                    Arrays.sort(t);
                    double recall = recall(store, file, distribution, scope);
                    ObjectNode c = cases.addObject();
                    c.put("distribution", distribution);
                    c.put("scope", scope);
                    c.put("p50_ms", t[QUERIES / 2] / 1e6);
                    c.put("p99_ms", t[QUERIES * 99 / 100] / 1e6);
                    c.put("recall_at_10", recall);
                    say.accept(String.format(
                            Locale.ROOT,
                            "    %s %s: p50 %.2f ms, p99 %.2f ms, recall@10 %.3f",
                            distribution,
                            scope,
                            t[QUERIES / 2] / 1e6,
                            t[QUERIES * 99 / 100] / 1e6,
                            recall));
                }
            }
        }
        out.set("adds", addCost(dir, say));
        return out;
    }

    private static List<SearchHit<MemoryEntry>> search(AgentStore store, String distribution, int q, String scope) {
        MemorySearch s =
                MemorySearch.vector(SearchBenchmarks.query(distribution, q)).withLimit(K);
        return store.memory().search(scope.equals("subtree") ? s.within(SearchBenchmarks.SUBTREE) : s);
    }

    private static long usedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * recall@10 of the store's searches against an exact float scan of every stored vector, read
     * here by plain JDBC (one pass for all the queries): the share of the scan's top 10 the store
     * returned.
     */
    private static double recall(AgentStore store, Path file, String distribution, String scope) throws Exception {
        float[][] queries = new float[RECALL_QUERIES][];
        double[][] best = new double[RECALL_QUERIES][K];
        String[][] bestKeys = new String[RECALL_QUERIES][K];
        for (int q = 0; q < RECALL_QUERIES; q++) {
            queries[q] = unit(SearchBenchmarks.query(distribution, 10_000 + q));
            Arrays.fill(best[q], Double.NEGATIVE_INFINITY);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT e.namespace, e.key, v.vector FROM memory_entries e"
                        + " JOIN memory_vectors v ON v.entry_id = e.id WHERE e.is_current = 1")) {
            float[] v = new float[SearchBenchmarks.DIMENSIONS];
            while (rs.next()) {
                String ns = rs.getString(1);
                if (scope.equals("subtree") && !ns.startsWith(SearchBenchmarks.SUBTREE + ":")) {
                    continue;
                }
                ByteBuffer.wrap(rs.getBytes(3))
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(v);
                String key = ns + "/" + rs.getString(2);
                for (int q = 0; q < RECALL_QUERIES; q++) {
                    double s = 0;
                    float[] qv = queries[q];
                    for (int i = 0; i < qv.length; i++) {
                        s += (double) qv[i] * v[i];
                    }
                    if (s > best[q][K - 1]) {
                        int at = K - 1;
                        while (at > 0 && best[q][at - 1] < s) {
                            best[q][at] = best[q][at - 1];
                            bestKeys[q][at] = bestKeys[q][at - 1];
                            at--;
                        }
                        best[q][at] = s;
                        bestKeys[q][at] = key;
                    }
                }
            }
        }
        int found = 0;
        for (int q = 0; q < RECALL_QUERIES; q++) {
            Set<String> ours = new HashSet<>();
            for (SearchHit<MemoryEntry> h : search(store, distribution, 10_000 + q, scope)) {
                ours.add(h.item().namespace() + "/" + h.item().key());
            }
            for (String k : bestKeys[q]) {
                if (ours.contains(k)) {
                    found++;
                }
            }
        }
        return found / (double) (RECALL_QUERIES * K);
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }

    /**
     * One add with a given 384-dimension vector against one without, on a scratch file: rounds of
     * 100 of each, alternating, the median of the per-round ratio.
     */
    private static ObjectNode addCost(Path dir, Consumer<String> say) throws IOException {
        Path file = dir.resolve("semantic-adds.db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
        List<Double> plain = new ArrayList<>();
        List<Double> withVector = new ArrayList<>();
        try (AgentStore store = AgentStore.open(file, StoreOptions.defaults())) {
            int n = 0;
            for (int round = 0; round < ADDS / 100; round++) {
                for (boolean vector : new boolean[] {round % 2 == 0, round % 2 != 0}) {
                    long start = System.nanoTime();
                    for (int i = 0; i < 100; i++, n++) {
                        NewMemory m = NewMemory.of("bench:adds:n" + (n % 100), "k" + n, Map.of("n", n));
                        store.memory().add(vector ? m.withEmbedding(SearchBenchmarks.corpusVector("random", n)) : m);
                    }
                    (vector ? withVector : plain).add((System.nanoTime() - start) / 100e3);
                }
            }
        }
        double p = median(plain);
        double v = median(withVector);
        say.accept(String.format(
                Locale.ROOT, "    adds: %.1f µs without a vector, %.1f µs with one (x%.2f)", p, v, v / p));
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("add_us", p);
        o.put("add_with_vector_us", v);
        o.put("ratio", v / p);
        return o;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    /** The section's chart: p50 per case, beside the goal. */
    static String chart(JsonNode r) {
        List<Svg.Bar> bars = new ArrayList<>();
        int n = r.get("vectors").asInt();
        for (JsonNode c : r.get("cases")) {
            double goal = n >= 1_000_000 && c.get("scope").asText().equals("whole") ? 25 : 5;
            bars.add(new Svg.Bar(
                    c.get("distribution").asText() + ", " + c.get("scope").asText(),
                    c.get("p50_ms").asDouble(),
                    goal));
        }
        return Svg.logBars(
                String.format(
                        Locale.ROOT, "Semantic search p50 (ms), k = 10, %,d vectors of 384 dimensions, vs the goal", n),
                "milliseconds",
                bars);
    }

    /** The section of report.md. */
    static void markdown(java.io.PrintWriter w, JsonNode r) {
        w.println("## Semantic search");
        w.println();
        w.printf(
                Locale.ROOT,
                "%,d memories with %d-dimension vectors (random Gaussian, and clustered around 100 centres), k = %d,"
                        + " searched within a subtree holding 10%% of them and across the whole store; Vector API %s."
                        + " Recall@10 is against an exact float scan of every stored vector (plain JDBC, here).%n%n",
                r.get("vectors").asInt(),
                r.get("dimensions").asInt(),
                r.get("k").asInt(),
                r.get("vector_api").asBoolean() ? "on" : "off (start the JVM with --add-modules jdk.incubator.vector)");
        w.println("| corpus | scope | p50 ms | p99 ms | recall@10 |");
        w.println("|---|---|---:|---:|---:|");
        for (JsonNode c : r.get("cases")) {
            w.printf(
                    Locale.ROOT,
                    "| %s | %s | %.2f | %.2f | %.3f |%n",
                    c.get("distribution").asText(),
                    c.get("scope").asText(),
                    c.get("p50_ms").asDouble(),
                    c.get("p99_ms").asDouble(),
                    c.get("recall_at_10").asDouble());
        }
        w.println();
        for (String d : List.of("random", "clustered")) {
            JsonNode o = r.get(d);
            w.printf(
                    Locale.ROOT,
                    "- %s: the first search (which builds this process's index) took %,.0f ms; the index took about %,.0f MB of heap.%n",
                    d,
                    o.get("first_search_ms").asDouble(),
                    o.get("index_heap_mb").asDouble());
        }
        JsonNode a = r.get("adds");
        w.printf(
                Locale.ROOT,
                "- An add with a given vector: %.1f µs against %.1f µs without (×%.2f; goal ≤ ×1.3).%n%n",
                a.get("add_with_vector_us").asDouble(),
                a.get("add_us").asDouble(),
                a.get("ratio").asDouble());
        w.println("![semantic search](search.svg)");
        w.println();
    }
}
