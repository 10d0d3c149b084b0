package io.agentstore.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.bench.Dataset;
import io.agentstore.internal.database.PlanVerdict;
import io.agentstore.internal.shape.RenderedShapes;
import io.agentstore.internal.sqlite.PlanCheck;
import io.agentstore.internal.sqlite.SqliteCatalog;
import io.agentstore.internal.store.AllShapes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jooq.SQLDialect;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: the validation report. Builds (or reuses) an embedded SQLite file at a chosen
 * scale through the library's own write path, then times every family of query shapes through
 * the public API, scales the hot ones over threads, checks every registered shape's plan, and
 * writes report.md, report.json and SVG charts.
 */
@Command(
        name = "agentstore-report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Builds an embedded SQLite file at a chosen scale, measures every query shape of agentstore on it,",
            "and writes report.md, report.json and SVG charts, with the seed (Python) figures beside ours."
        })
public final class ReportMain implements Callable<Integer> {

    /** Dataset sizes. */
    enum Scale {
        quick(20_000, 200, 2_000, 5),
        standard(100_000, 1_000, 10_000, 10),
        record(1_000_000, 10_000, 100_000, 10);

        final int memories;
        final int namespaces;
        final int sessions;
        final int events;

        Scale(int memories, int namespaces, int sessions, int events) {
            this.memories = memories;
            this.namespaces = namespaces;
            this.sessions = sessions;
            this.events = events;
        }
    }

    @Option(
            names = "--scale",
            defaultValue = "standard",
            description =
                    "Dataset size: quick (20k memories, ~1 min), standard (100k memories, 10k sessions; the default, "
                            + "a few minutes), record (1M memories, 100k sessions; long). Default: ${DEFAULT-VALUE}.")
    Scale scale;

    @Option(
            names = "--db",
            description = "The SQLite file to build or reuse (default: target/report/agentstore-<scale>.db).")
    Path db;

    @Option(
            names = "--out",
            defaultValue = "target/report",
            description = "Folder for the report files. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(
            names = "--calls",
            defaultValue = "2000",
            description = "Timed calls per read shape. Default: ${DEFAULT-VALUE}.")
    int calls;

    @Option(
            names = "--seconds",
            defaultValue = "2",
            description = "Seconds per write shape and per thread count. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(
            names = "--threads",
            split = ",",
            defaultValue = "1,2,4,16,64",
            description = "Thread counts for the scaling runs. Default: ${DEFAULT-VALUE}.")
    List<Integer> threads;

    /** The probes of this run by name (results refer to their probe by name). */
    private final Map<String, Probe> probesByName = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReportMain()).execute(args));
    }

    private void validate() {
        CommandLine.Model.CommandSpec spec = new CommandLine(this).getCommandSpec();
        if (calls < 100 || calls > 10_000_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--calls must be 100..10000000, not " + calls);
        }
        if (!(seconds > 0 && seconds <= 600)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--seconds must be > 0 and <= 600, not " + seconds);
        }
        for (int t : threads) {
            if (t < 1 || t > 512) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--threads values must be 1..512, not " + t);
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        Path file = db != null ? db : out.resolve("agentstore-" + scale + ".db");
        Files.createDirectories(out);
        Dataset data = new Dataset(scale.memories, scale.namespaces, scale.sessions, scale.events);
        say("1/5 dataset: " + data.describe());
        Path built = data.ensure(file, m -> say("    " + m));
        // The probes write (adds, appends, tasks): they run on a copy, so every run measures the same data.
        file = Dataset.copy(built, built.resolveSibling(built.getFileName() + ".run"));
        String tag = Long.toString(System.currentTimeMillis(), 36);
        List<Runner.Result> shapes = new ArrayList<>();
        List<Runner.Result> scaling = new ArrayList<>();
        double concurrent50;
        List<Probe> probes;
        // The store's clock runs Dataset.LATER ahead, so that claimed tasks have timed out and episodic
        // memories expired for the shapes that list them.
        try (AgentStore store = AgentStore.open(
                file, StoreOptions.defaults().withClock(Clock.offset(Clock.systemUTC(), Dataset.LATER)))) {
            probes = Workload.probes(store, data, tag);
            probes.forEach(p -> probesByName.put(p.name(), p));
            say("2/5 timing " + probes.size() + " query shapes (" + calls + " calls per read, " + seconds
                    + " s per write)");
            for (Probe p : probes) {
                Runner.Result r = p.isWrite() ? Runner.timed(p, 1, seconds) : Runner.reads(p, calls);
                shapes.add(r);
                say(String.format(
                        Locale.ROOT,
                        "    %-44s p50 %9.1f µs  p99 %9.1f µs  %,10.0f ops/s",
                        p.name(),
                        r.p50Us(),
                        r.p99Us(),
                        r.opsPerSec()));
            }
            say("3/5 threads " + threads);
            for (String name : List.of(
                    "session by id", "memory current version", "memory add (with audit row)", "session event append")) {
                Probe p = probesByName.get(name);
                for (int t : threads) {
                    Runner.Result r = Runner.timed(p, t, seconds);
                    scaling.add(r);
                    say(String.format(
                            Locale.ROOT,
                            "    %-32s %3d threads  %,10.0f ops/s  p99 %9.1f µs",
                            name,
                            t,
                            r.opsPerSec(),
                            r.p99Us()));
                }
            }
            concurrent50 = Runner.concurrentReadsMs(probes.get(0), 50, 21);
            say(String.format(Locale.ROOT, "    50 concurrent session reads: %.2f ms (median of 21)", concurrent50));
        }
        say("4/5 plans, indexes and sizes");
        List<PlanVerdict> plans;
        List<SqliteCatalog.Index> indexes;
        Map<String, Long> sizes;
        Map<String, Long> pages = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            plans = PlanCheck.check(c, new RenderedShapes(SQLDialect.SQLITE, AllShapes.all()));
            indexes = SqliteCatalog.indexes(c);
            sizes = indexSizes(c);
            for (String pragma : List.of("page_size", "page_count", "freelist_count")) {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
                    rs.next();
                    pages.put(pragma, rs.getLong(1));
                }
            }
        }
        long dbBytes = Files.size(file);
        Path walFile = file.resolveSibling(file.getFileName() + "-wal");
        long walBytes = Files.exists(walFile) ? Files.size(walFile) : 0;
        say("5/5 writing the report");
        Map<String, PlanVerdict> byShape = new HashMap<>();
        plans.forEach(v -> byShape.put(v.shape(), v));
        ObjectNode json = json(
                data,
                built,
                file,
                probes,
                shapes,
                scaling,
                concurrent50,
                plans,
                byShape,
                indexes,
                sizes,
                pages,
                dbBytes,
                walBytes);
        Path jsonFile = out.resolve("report.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonFile.toFile(), json);
        Path md = out.resolve("report.md");
        Markdown.write(md, json);
        charts(probes, shapes, scaling);
        long failing = plans.stream().filter(v -> !v.passes()).count();
        say("");
        say("Report: " + md.toAbsolutePath());
        say("        " + jsonFile.toAbsolutePath());
        say("        " + out.resolve("latency.svg").toAbsolutePath()
                + ", writes.svg, threads-reads.svg, threads-writes.svg");
        say(String.format(
                Locale.ROOT,
                "%d query shapes measured, %d of %d registered shapes index-served (%d allow-listed, %d failing)",
                shapes.size(),
                plans.stream().filter(PlanVerdict::indexServed).count(),
                plans.size(),
                plans.stream().filter(v -> !v.indexServed() && v.passes()).count(),
                failing));
        for (Runner.Result r : shapes) {
            Probe p = probesByName.get(r.name());
            if (p.seedMachine() != null) {
                say(String.format(
                        Locale.ROOT,
                        "  %-44s %s",
                        r.name(),
                        p.isWrite()
                                ? String.format(
                                        Locale.ROOT,
                                        "%,.0f ops/s (seed: %,.0f ops/s, toy data)",
                                        r.opsPerSec(),
                                        p.seedMachine())
                                : String.format(
                                        Locale.ROOT,
                                        "p50 %.3f ms (seed at scale on this machine kind: %.2f ms)",
                                        r.p50Us() / 1e3,
                                        p.seedMachine())));
            }
        }
        return failing == 0 ? 0 : 2;
    }

    private static Map<String, Long> indexSizes(Connection c) {
        Map<String, Long> sizes = new HashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")) {
            while (rs.next()) {
                sizes.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            // dbstat is an optional SQLite feature: sizes are left out where it is missing.
        }
        return sizes;
    }

    private ObjectNode json(
            Dataset data,
            Path built,
            Path file,
            List<Probe> probes,
            List<Runner.Result> shapes,
            List<Runner.Result> scaling,
            double concurrent50,
            List<PlanVerdict> plans,
            Map<String, PlanVerdict> byShape,
            List<SqliteCatalog.Index> indexes,
            Map<String, Long> sizes,
            Map<String, Long> pages,
            long dbBytes,
            long walBytes) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("generated_at", Instant.now().toString());
        ObjectNode sc = root.putObject("scale");
        sc.put("name", scale.name());
        // Counted in the file as built (before the probes wrote), not derived from the builder's parameters.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + built.toAbsolutePath());
                Statement st = c.createStatement()) {
            String[][] counts = {
                {"memories", "SELECT count(*) FROM memory_entries WHERE is_current = 1"},
                {"memory_versions", "SELECT count(*) FROM memory_entries"},
                {"namespaces", "SELECT count(DISTINCT namespace) FROM memory_entries"},
                {"sessions", "SELECT count(*) FROM sessions"},
                {"events", "SELECT count(*) FROM session_events"},
                {"tasks", "SELECT count(*) FROM tasks"},
                {"agents", "SELECT count(*) FROM agents"},
                {"checkpoints", "SELECT count(*) FROM checkpoints"},
                {"audit", "SELECT count(*) FROM audit"},
                {"metrics", "SELECT count(*) FROM metrics"},
                {"documents", "SELECT count(*) FROM document_index"}
            };
            for (String[] q : counts) {
                try (ResultSet rs = st.executeQuery(q[1])) {
                    rs.next();
                    sc.put(q[0], rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counting the rows of " + built, e);
        }
        ObjectNode env = root.putObject("environment");
        env.put("cpus", Runtime.getRuntime().availableProcessors());
        env.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        env.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        env.put(
                "jvm_args",
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        env.put("database", file.toAbsolutePath().toString());
        ArrayNode arr = root.putArray("shapes");
        for (Runner.Result r : shapes) {
            Probe p = probesByName.get(r.name());
            ObjectNode o = arr.addObject();
            o.put("name", r.name());
            o.put("kind", r.kind());
            o.put("p50_us", round(r.p50Us()));
            o.put("p95_us", round(r.p95Us()));
            o.put("p99_us", round(r.p99Us()));
            o.put("ops_per_s", round(r.opsPerSec()));
            o.put("calls", r.ops());
            o.put("rows", round(r.rowsPerCall()));
            if (p.seedP99Ms() != null) {
                o.put("seed_p99_ms_toy", p.seedP99Ms());
            }
            if (p.seedMachine() != null) {
                o.put(p.isWrite() ? "seed_ops_per_s_toy" : "seed_p50_ms_at_scale", p.seedMachine());
            }
            ArrayNode plan = o.putArray("plan");
            boolean served = true;
            for (String s : p.shapes()) {
                PlanVerdict v = byShape.get(s);
                plan.add(s + ": "
                        + String.join(" | ", v.plan().isEmpty() ? List.of("(no table access to plan)") : v.plan()));
                served &= v.indexServed();
            }
            o.put("index_served", served);
        }
        ArrayNode th = root.putArray("threads");
        for (Runner.Result r : scaling) {
            ObjectNode o = th.addObject();
            o.put("name", r.name());
            o.put("threads", r.threads());
            o.put("ops_per_s", round(r.opsPerSec()));
            o.put("p99_us", round(r.p99Us()));
        }
        root.put("concurrent_50_session_reads_ms", round(concurrent50));
        ArrayNode pl = root.putArray("plans");
        for (PlanVerdict v : plans) {
            ObjectNode o = pl.addObject();
            o.put("shape", v.shape());
            o.put("index_served", v.indexServed());
            o.put("passes", v.passes());
            if (v.allowance() != null) {
                o.put("allowance", v.allowance());
            }
            o.put("plan", String.join(" | ", v.plan()));
        }
        ArrayNode ix = root.putArray("indexes");
        for (SqliteCatalog.Index i : indexes) {
            ObjectNode o = ix.addObject();
            o.put("index", i.name());
            o.put("table", i.table());
            o.put("columns", i.columns().toString());
            o.put("unique", i.unique());
            o.put("origin", i.origin());
            if (i.where() != null) {
                o.put("where", i.where());
            }
            Long size = sizes.get(i.origin().equals("rowid") ? i.table() : i.name());
            if (size != null) {
                o.put("bytes", size);
            }
        }
        ObjectNode st = root.putObject("storage");
        st.put("database_bytes", dbBytes);
        st.put("wal_bytes", walBytes);
        pages.forEach(st::put);
        return root;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private void charts(List<Probe> probes, List<Runner.Result> shapes, List<Runner.Result> scaling)
            throws IOException {
        List<Svg.Bar> reads = new ArrayList<>();
        List<Svg.Bar> writes = new ArrayList<>();
        for (Runner.Result r : shapes) {
            Probe p = probesByName.get(r.name());
            if (p.isWrite()) {
                writes.add(new Svg.Bar(r.name(), r.opsPerSec(), p.seedMachine()));
            } else {
                reads.add(new Svg.Bar(r.name(), r.p50Us() / 1e3, p.seedMachine()));
            }
        }
        Files.writeString(
                out.resolve("latency.svg"),
                Svg.logBars("Read latency, p50 (ms): agentstore vs the seed at scale", "milliseconds", reads));
        Files.writeString(
                out.resolve("writes.svg"),
                Svg.logBars(
                        "Write throughput (ops/s, one thread): agentstore vs the seed",
                        "operations per second",
                        writes));
        String[] colors = {"#2b7bb9", "#e07b39", "#3a9e4f", "#9b59b6"};
        for (String kind : List.of("read", "write")) {
            Map<String, List<Runner.Result>> byName = new LinkedHashMap<>();
            for (Runner.Result r : scaling) {
                if (r.kind().equals(kind)) {
                    byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
                }
            }
            if (byName.isEmpty()) {
                continue;
            }
            List<Svg.Series> series = new ArrayList<>();
            int c = 0;
            for (Map.Entry<String, List<Runner.Result>> e : byName.entrySet()) {
                double[] x = e.getValue().stream()
                        .mapToDouble(Runner.Result::threads)
                        .toArray();
                double[] y = e.getValue().stream()
                        .mapToDouble(Runner.Result::opsPerSec)
                        .toArray();
                series.add(new Svg.Series(e.getKey(), colors[c++ % colors.length], x, y));
            }
            Files.writeString(
                    out.resolve("threads-" + kind + "s.svg"),
                    Svg.lines(
                            "Aggregate " + kind + " throughput against threads",
                            "threads",
                            "operations per second",
                            series));
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
