package io.agentstore.bench;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.StoreStats;
import io.agentstore.memory.NewMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What each secondary index costs a memory write, in pages of log and in rate: for each variant
 * a fresh copy of a dataset file with some indexes dropped by hand, then adds (three-segment
 * namespaces) and puts of existing keys spread over the dataset, each phase on a store of its own
 * with statistics on (pages per commit from {@code store.stats()}). A diagnostic for deciding which
 * indexes a write path can do without; it changes only its copies.
 *
 * <pre>java -cp benchmarks.jar io.agentstore.bench.IndexCost &lt;dataset file&gt; &lt;memories in it&gt; [calls]</pre>
 *
 * (the report's standard file is {@code target/report/agentstore-standard.db}, 100,000 memories).
 */
public final class IndexCost {

    private static final List<List<String>> VARIANTS = List.of(
            List.of(),
            List.of("audit_memory_by_operation"),
            List.of("audit_memory_by_namespace"),
            List.of("audit_memory_by_key"),
            List.of("memory_current_by_type"),
            List.of("memory_current_by_creator"),
            List.of(
                    "audit_memory_by_operation",
                    "audit_memory_by_namespace",
                    "audit_memory_by_key",
                    "memory_current_by_type",
                    "memory_current_by_creator"));

    private IndexCost() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: IndexCost <dataset file> <memories in it> [calls, default 3000]");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        Dataset data = Dataset.forMemories(Integer.parseInt(args[1]));
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        Path copy = source.resolveSibling(source.getFileName() + ".index-cost");
        System.out.println("| indexes dropped | add /s | add pages per commit | update /s | update pages per commit |");
        System.out.println("|---|---:|---:|---:|---:|");
        // The first pass only warms the JVM (its write path compiled), as the rest of the variants find it.
        boolean warm = false;
        for (int v = -1; v < VARIANTS.size(); v++) {
            List<String> dropped = VARIANTS.get(Math.max(0, v));
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(copy + suffix));
            }
            Files.copy(source, copy);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy.toAbsolutePath());
                    Statement st = c.createStatement()) {
                for (String index : dropped) {
                    st.execute("DROP INDEX " + index);
                }
            }
            double[] add = phase(
                    copy,
                    calls,
                    true,
                    i -> NewMemory.of("cost:w:n" + (i % 1000), "k" + i, Map.of("n", i))
                            .by("bench"));
            double[] update = phase(copy, calls, false, i -> {
                int k = (int) ((i * 7919L) % data.memories);
                return NewMemory.of(data.namespaceOf(k), data.keyOf(k), Map.of("v", i));
            });
            if (!warm) {
                warm = true;
                continue;
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,.0f | %.1f | %,.0f | %.1f |%n",
                    dropped.isEmpty() ? "none" : String.join(", ", dropped),
                    add[0],
                    add[1],
                    update[0],
                    update[1]);
        }
        for (String suffix : List.of("", "-wal", "-shm", "-migrate.lock")) {
            Files.deleteIfExists(Path.of(copy + suffix));
        }
    }

    /** {@code calls} adds (or puts) on a store of its own: {ops per second, log pages per commit}. */
    private static double[] phase(Path file, int calls, boolean add, IntFunction<NewMemory> memory) {
        try (AgentStore store = AgentStore.open(file, StoreOptions.defaults().withStatistics(true))) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                if (add) {
                    store.memory().add(memory.apply(i));
                } else {
                    store.memory().put(memory.apply(i));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            StoreStats.Commits commits = store.stats().commits();
            return new double[] {calls / seconds, commits.logPagesPerCommit().orElse(-1)};
        }
    }
}
