package io.agentstore.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.StoreStats;
import io.agentstore.bench.Dataset;
import io.agentstore.bench.PgServer;
import io.agentstore.internal.database.PlanVerdict;
import io.agentstore.internal.postgres.PostgresPlanCheck;
import io.agentstore.internal.shape.RenderedShapes;
import io.agentstore.internal.sqlite.PlanCheck;
import io.agentstore.internal.sqlite.SqliteCatalog;
import io.agentstore.internal.store.AllShapes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
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
import java.util.function.Function;
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

    /** Which engines the run measures. */
    enum EngineChoice {
        sqlite,
        postgres,
        both
    }

    @Option(
            names = "--engine",
            defaultValue = "sqlite",
            description = "sqlite (an embedded file), postgres (an embedded PostgreSQL, or --jdbc-url), or both, "
                    + "side by side. Default: ${DEFAULT-VALUE}.")
    EngineChoice engine;

    @Option(
            names = "--jdbc-url",
            description = "A PostgreSQL server to measure (jdbc:postgresql://…); the run works in a new schema "
                    + "of its own. Default: an embedded PostgreSQL started for the run.")
    String jdbcUrl;

    @Option(names = "--user", defaultValue = "postgres", description = "PostgreSQL user. Default: ${DEFAULT-VALUE}.")
    String user;

    @Option(
            names = "--password",
            defaultValue = "postgres",
            description = "PostgreSQL password. Default: ${DEFAULT-VALUE}.")
    String password;

    @Option(
            names = "--processes",
            split = ",",
            defaultValue = "1,4",
            description = "Process counts for the multi-process write run (4 threads each). Default: ${DEFAULT-VALUE}.")
    List<Integer> processes;

    /** Sections of the report a run can leave out. */
    enum Section {
        growth,
        search,
        lifecycle,
        transfer
    }

    @Option(
            names = "--skip",
            split = ",",
            description = "Sections to leave out: growth (record scale's comparison with standard), search, lifecycle, "
                    + "transfer. Default: none.")
    List<Section> skip = new ArrayList<>();

    @Option(
            names = "--standard-db",
            description = "With --scale record: the standard-scale SQLite file the growth section compares with, built "
                    + "or reused (default: agentstore-standard.db in the --out folder, where a standard run puts it).")
    Path standardDb;

    /** What one engine's run measured. */
    record Measured(
            String engine,
            String database,
            Map<String, Long> counts,
            List<Probe> probes,
            List<Runner.Result> shapes,
            List<Runner.Result> scaling,
            List<long[]> processRuns,
            double concurrent50,
            List<PlanVerdict> plans,
            List<SqliteCatalog.Index> indexes,
            Map<String, Long> sizes,
            Map<String, Long> storage,
            List<Observed.WriteRun> observedWrites,
            List<Observed.CommitRun> observedCommits,
            SeedMethod.Run seedMethod) {

        /**
         * The timings of this run with what was measured after them: processes, plans, storage,
         * what the meters saw, and the seed's method (null where not run).
         */
        Measured with(
                List<long[]> processRuns,
                List<PlanVerdict> plans,
                List<SqliteCatalog.Index> indexes,
                Map<String, Long> sizes,
                Map<String, Long> storage,
                List<Observed.WriteRun> observedWrites,
                List<Observed.CommitRun> observedCommits,
                SeedMethod.Run seedMethod) {
            return new Measured(
                    engine,
                    database,
                    counts,
                    probes,
                    shapes,
                    scaling,
                    processRuns,
                    concurrent50,
                    plans,
                    indexes,
                    sizes,
                    storage,
                    observedWrites,
                    observedCommits,
                    seedMethod);
        }
    }

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
        Files.createDirectories(out);
        Dataset data = new Dataset(scale.memories, scale.namespaces, scale.sessions, scale.events);
        String tag = Long.toString(System.currentTimeMillis(), 36);
        List<Measured> runs = new ArrayList<>();
        if (engine != EngineChoice.postgres) {
            runs.add(measureSqlite(data, tag));
        }
        if (engine != EngineChoice.sqlite) {
            runs.add(measurePostgres(data, tag));
        }
        Measured main = runs.get(0);
        say("writing the report");
        ObjectNode json = json(main);
        if (runs.size() > 1) {
            json.set("comparison", comparison(runs.get(0), runs.get(1)));
        }
        Path jsonFile = out.resolve("report.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonFile.toFile(), json);
        if (engine != EngineChoice.postgres && scale == Scale.record && !skip.contains(Section.growth)) {
            say("growth: standard scale against record scale");
            json.set("growth", growth(tag));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonFile.toFile(), json);
            Files.writeString(out.resolve("growth.svg"), Growth.chart(json.get("growth")));
        }
        if (engine != EngineChoice.postgres && !skip.contains(Section.search)) {
            say("semantic search");
            json.set("semantic_search", SemanticSearch.measure(out, scale.memories, ReportMain::say));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonFile.toFile(), json);
            Files.writeString(out.resolve("search.svg"), SemanticSearch.chart(json.get("semantic_search")));
        }
        if (engine != EngineChoice.postgres && !skip.contains(Section.lifecycle)) {
            say("data lifecycle");
            json.set("lifecycle", Lifecycle.measure(out, scale.memories * 10, 0, 0, ReportMain::say));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonFile.toFile(), json);
        }
        if (engine != EngineChoice.postgres && !skip.contains(Section.transfer)) {
            say("backup, export and import");
            json.set(
                    "transfer",
                    TransferRates.measure(
                            db != null ? db : out.resolve("agentstore-" + scale + ".db"),
                            out.resolve("transfer"),
                            3,
                            ReportMain::say));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonFile.toFile(), json);
        }
        Path md = out.resolve("report.md");
        Markdown.write(md, json);
        charts(main.probes(), main.shapes(), main.scaling());
        say("");
        say("Report: " + md.toAbsolutePath());
        say("        " + jsonFile.toAbsolutePath());
        say("        " + out.resolve("latency.svg").toAbsolutePath()
                + ", writes.svg, threads-reads.svg, threads-writes.svg"
                + (json.has("semantic_search") ? ", search.svg" : "")
                + (json.has("growth") ? ", growth.svg" : ""));
        long failing = 0;
        for (Measured m : runs) {
            long f = m.plans().stream().filter(v -> !v.passes()).count();
            failing += f;
            say(String.format(
                    Locale.ROOT,
                    "%s: %d query shapes measured, %d of %d registered shapes index-served (%d allow-listed, %d failing)",
                    m.engine(),
                    m.shapes().size(),
                    m.plans().stream().filter(PlanVerdict::indexServed).count(),
                    m.plans().size(),
                    m.plans().stream()
                            .filter(v -> !v.indexServed() && v.passes())
                            .count(),
                    f));
        }
        for (Runner.Result r : main.shapes()) {
            Probe p = probesByName.get(r.name());
            if (p.seedAtScale() != null) {
                say(String.format(
                        Locale.ROOT,
                        "  %-44s %s",
                        r.name(),
                        p.isWrite()
                                ? String.format(
                                        Locale.ROOT,
                                        "%,.0f ops/s (seed at scale on this machine kind: %,.0f ops/s)",
                                        r.opsPerSec(),
                                        p.seedAtScale())
                                : String.format(
                                        Locale.ROOT,
                                        "p50 %.3f ms (seed at scale on this machine kind: %.2f ms)",
                                        r.p50Us() / 1e3,
                                        p.seedAtScale())));
            }
        }
        return failing == 0 ? 0 : 2;
    }

    /** Rounds per shape in the growth section (odd, so that each figure is one round's). */
    private static final int GROWTH_ROUNDS = 3;

    /**
     * The growth section: the standard-scale file built (or reused) beside the record one, both
     * copied afresh (the main run wrote to its copy), and every probe timed on both in turn.
     */
    private ObjectNode growth(String tag) throws Exception {
        Scale small = Scale.standard;
        Dataset smallData = new Dataset(small.memories, small.namespaces, small.sessions, small.events);
        Path smallFile = standardDb != null ? standardDb : out.resolve("agentstore-" + small + ".db");
        say("    standard dataset " + smallData.describe());
        Path smallBuilt = smallData.ensure(smallFile, m -> say("    " + m));
        Path largeBuilt = db != null ? db : out.resolve("agentstore-" + scale + ".db");
        Path smallRun = Dataset.copy(smallBuilt, smallBuilt.resolveSibling(smallBuilt.getFileName() + ".growth"));
        Path largeRun = Dataset.copy(largeBuilt, largeBuilt.resolveSibling(largeBuilt.getFileName() + ".growth"));
        try (AgentStore smallStore = AgentStore.open(smallRun, measuring(10));
                AgentStore largeStore = AgentStore.open(largeRun, measuring(10))) {
            return Growth.measure(
                    smallStore, smallData, largeStore, data(), tag, calls, seconds, GROWTH_ROUNDS, ReportMain::say);
        } finally {
            Dataset.deleteDatabase(smallRun);
            Dataset.deleteDatabase(largeRun);
        }
    }

    /** The store's clock runs Dataset.LATER ahead, so that claimed tasks have timed out and episodic memories expired. */
    private static StoreOptions measuring(int poolSize) {
        return StoreOptions.defaults()
                .withClock(Clock.offset(Clock.systemUTC(), Dataset.LATER))
                .withPoolSize(poolSize);
    }

    private Measured measureSqlite(Dataset data, String tag) throws Exception {
        Path file = db != null ? db : out.resolve("agentstore-" + scale + ".db");
        say("SQLite: dataset " + data.describe());
        Path built = data.ensure(file, m -> say("    " + m));
        Map<String, Long> counts = counts(DriverManager.getConnection("jdbc:sqlite:" + built.toAbsolutePath()));
        // The probes write (adds, appends, tasks): they run on a copy, so every run measures the same data.
        file = Dataset.copy(built, built.resolveSibling(built.getFileName() + ".run"));
        Measured timed;
        try (AgentStore store = AgentStore.open(file, measuring(10))) {
            timed = measure("sqlite", file.toAbsolutePath().toString(), counts, store, tag);
        }
        List<long[]> processRuns = processRuns(file.toAbsolutePath().toString(), tag);
        say("SQLite: plans, indexes and sizes");
        List<PlanVerdict> plans;
        List<SqliteCatalog.Index> indexes;
        Map<String, Long> sizes;
        Map<String, Long> storage = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            plans = PlanCheck.check(c, new RenderedShapes(SQLDialect.SQLITE, AllShapes.all()));
            indexes = SqliteCatalog.indexes(c);
            sizes = indexSizes(c);
        }
        // The store's own figures (store.stats()), as a user reads them.
        try (AgentStore store = AgentStore.open(file, measuring(10))) {
            StoreStats.Storage st = store.stats().storage();
            storage.put("page_size", (long) st.pageSize());
            storage.put("page_count", st.pages());
            storage.put("freelist_count", st.freePages().orElse(-1));
            storage.put("database_bytes", st.databaseBytes());
            storage.put("wal_bytes", st.logBytes().orElse(-1));
        }
        Path run = file;
        say("SQLite: what the meters see");
        Function<StoreOptions, AgentStore> open = o -> AgentStore.open(run, o);
        List<Observed.WriteRun> writes = observeWrites(open, measuring(10), tag + "s");
        List<Observed.CommitRun> commits = observeCommits(open, measuring(10), tag + "s");
        say("SQLite: the seed's method (a tiny database, " + SeedMethod.CALLS + " calls)");
        SeedMethod.Run seed = SeedMethod.run(out.resolve("seed-method.db"), measuring(10));
        for (Runner.Result r : seed.results()) {
            say(String.format(
                    Locale.ROOT,
                    "    %-44s p50 %9.1f µs  p99 %9.1f µs  %,10.0f ops/s",
                    r.name(),
                    r.p50Us(),
                    r.p99Us(),
                    r.opsPerSec()));
        }
        say(String.format(
                Locale.ROOT, "    50 concurrent session reads: %.2f ms (median of 21)", seed.concurrent50Ms()));
        return timed.with(processRuns, plans, indexes, sizes, storage, writes, commits, seed);
    }

    private Measured measurePostgres(Dataset data, String tag) throws Exception {
        EmbeddedPostgres embedded = null;
        String base = jdbcUrl;
        if (base == null) {
            say("PostgreSQL: starting an embedded PostgreSQL (synchronous_commit=on, fsync=on: a server's defaults)");
            embedded = PgServer.start();
            base = "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres";
        }
        try {
            String schema = "report_" + scale + "_" + tag;
            try (Connection c = DriverManager.getConnection(base, user, password);
                    Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
            }
            String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            say("PostgreSQL: dataset " + data.describe() + " in schema " + schema);
            long t0 = System.nanoTime();
            try (AgentStore store =
                    AgentStore.open(url, user, password, StoreOptions.defaults().withPoolSize(8))) {
                data.build(store, m -> say("    " + m));
            }
            Map<String, Long> counts;
            try (Connection c = DriverManager.getConnection(url, user, password);
                    Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE");
                counts = counts(c);
            }
            say(String.format(Locale.ROOT, "    built in %.1f s", (System.nanoTime() - t0) / 1e9));
            int pool = threads.stream().mapToInt(Integer::intValue).max().orElse(1) + 2;
            Measured timed;
            try (AgentStore store = AgentStore.open(url, user, password, measuring(pool))) {
                timed = measure("postgres", url.replaceAll("\\?.*", "") + " schema " + schema, counts, store, tag);
            }
            List<long[]> processRuns = processRuns(url, tag);
            say("PostgreSQL: plans and sizes");
            List<PlanVerdict> plans;
            Map<String, Long> storage = new LinkedHashMap<>();
            try (Connection c = DriverManager.getConnection(url, user, password);
                    Statement st = c.createStatement()) {
                plans = PostgresPlanCheck.check(c, new RenderedShapes(SQLDialect.POSTGRES, AllShapes.all()));
                try (ResultSet rs = st.executeQuery("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                        + "AND c.relkind = 'r'")) {
                    rs.next();
                    storage.put("database_bytes", rs.getLong(1));
                }
                storage.put("wal_bytes", 0L);
            }
            say("PostgreSQL: what the meters see");
            String measuredUrl = url;
            Function<StoreOptions, AgentStore> open = o -> AgentStore.open(measuredUrl, user, password, o);
            List<Observed.WriteRun> writes = observeWrites(open, measuring(pool), tag + "p");
            List<Observed.CommitRun> commits = observeCommits(open, measuring(pool), tag + "p");
            return timed.with(processRuns, plans, List.of(), Map.of(), storage, writes, commits, null);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** Times every probe, then the hot ones over threads, on an open store. */
    private Measured measure(String engineName, String database, Map<String, Long> counts, AgentStore store, String tag)
            throws Exception {
        List<Runner.Result> shapes = new ArrayList<>();
        List<Runner.Result> scaling = new ArrayList<>();
        List<Probe> probes = Workload.probes(store, data(), tag + engineName.charAt(0));
        probes.forEach(p -> probesByName.put(p.name(), p));
        say(engineName + ": timing " + probes.size() + " query shapes (" + calls + " calls per read, " + seconds
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
        say(engineName + ": threads " + threads);
        for (String name : List.of(
                "session by id",
                "memory current version",
                "memory add (with audit row)",
                "memory update (new version)",
                "session event append")) {
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
        double concurrent50 = Runner.concurrentReadsMs(probes.get(0), 50, 21);
        say(String.format(Locale.ROOT, "    50 concurrent session reads: %.2f ms (median of 21)", concurrent50));
        return new Measured(
                engineName,
                database,
                counts,
                probes,
                shapes,
                scaling,
                List.of(),
                concurrent50,
                List.of(),
                List.of(),
                Map.of(),
                Map.of(),
                List.of(),
                List.of(),
                null);
    }

    private List<Observed.WriteRun> observeWrites(
            Function<StoreOptions, AgentStore> open, StoreOptions base, String tag) throws Exception {
        List<Observed.WriteRun> writes = Observed.writes(open, base, data(), tag, seconds);
        for (Observed.WriteRun w : writes) {
            say(String.format(
                    Locale.ROOT,
                    "    %-44s %,8.0f ops/s  %5.1f statements/call  %4.2f commits/call  %s pages/commit",
                    w.name(),
                    w.opsPerSec(),
                    w.statementsPerCall(),
                    w.commitsPerCall(),
                    w.logPagesPerCommit() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", w.logPagesPerCommit())));
        }
        return writes;
    }

    /** Group commit over threads: 1, 16 and 64 writers (as the issue of record asks), with the report's seconds. */
    private List<Observed.CommitRun> observeCommits(
            Function<StoreOptions, AgentStore> open, StoreOptions base, String tag) throws Exception {
        List<Observed.CommitRun> runs = Observed.commits(open, base, data(), tag, seconds, List.of(1, 16, 64));
        for (Observed.CommitRun c : runs) {
            say(String.format(
                    Locale.ROOT,
                    "    memory add, %2d threads: %,8.0f ops/s  %6.1f writes/commit (max %d)  %d + %d checkpoints  "
                            + "log peak %,d bytes",
                    c.threads(),
                    c.opsPerSec(),
                    c.operationsPerCommit(),
                    c.operationsMax(),
                    c.passiveCheckpoints(),
                    c.pausedCheckpoints(),
                    c.logPeakBytes()));
        }
        return runs;
    }

    private Dataset dataset;

    private Dataset data() {
        if (dataset == null) {
            dataset = new Dataset(scale.memories, scale.namespaces, scale.sessions, scale.events);
        }
        return dataset;
    }

    /**
     * Memory adds from 1 and 4 processes at once (4 threads each) on the same database: each a JVM
     * started from this jar, all released together. Returns per run {processes, operations, nanos}.
     */
    private List<long[]> processRuns(String target, String tag) throws Exception {
        List<long[]> runs = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        for (int n : processes) {
            List<Process> ps = new ArrayList<>();
            List<BufferedReader> outs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Process p = new ProcessBuilder(
                                java,
                                "-cp",
                                cp,
                                ProcessLoad.class.getName(),
                                target,
                                user,
                                password,
                                "4",
                                Double.toString(seconds),
                                tag + "p" + n + "x" + i)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                ps.add(p);
                BufferedReader r =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                outs.add(r);
            }
            for (BufferedReader r : outs) {
                String ready = r.readLine();
                if (!"READY".equals(ready)) {
                    throw new IllegalStateException("a load process did not start: " + ready);
                }
            }
            for (Process p : ps) {
                p.getOutputStream().write('\n');
                p.getOutputStream().flush();
            }
            long ops = 0;
            long nanos = 0;
            for (int i = 0; i < n; i++) {
                String line = outs.get(i).readLine();
                if (line == null || !line.startsWith("OPS ")) {
                    throw new IllegalStateException("a load process failed: " + line);
                }
                String[] f = line.split(" ");
                ops += Long.parseLong(f[1]);
                nanos = Math.max(nanos, Long.parseLong(f[2]));
                ps.get(i).waitFor();
            }
            runs.add(new long[] {n, ops, nanos});
            say(String.format(
                    Locale.ROOT,
                    "    memory add, %d process%s x 4 threads: %,.0f ops/s",
                    n,
                    n == 1 ? "" : "es",
                    ops / (nanos / 1e9)));
        }
        return runs;
    }

    /** Rows of the dataset as built, counted in the database (not derived from the builder's parameters). */
    private static Map<String, Long> counts(Connection connection) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = connection;
                Statement st = c.createStatement()) {
            String[][] counts = {
                {"memories", "SELECT count(*) FROM memory_entries WHERE is_current = true"},
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
                    out.put(q[0], rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** SQLite and PostgreSQL side by side: per shape, per thread count, per process count. */
    private static ObjectNode comparison(Measured a, Measured b) {
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.put("engines", a.engine() + " vs " + b.engine());
        ArrayNode shapes = c.putArray("shapes");
        for (Runner.Result ra : a.shapes()) {
            for (Runner.Result rb : b.shapes()) {
                if (rb.name().equals(ra.name())) {
                    ObjectNode o = shapes.addObject();
                    o.put("name", ra.name());
                    o.put("kind", ra.kind());
                    o.put(a.engine() + "_p50_us", round(ra.p50Us()));
                    o.put(b.engine() + "_p50_us", round(rb.p50Us()));
                    o.put(a.engine() + "_ops_per_s", round(ra.opsPerSec()));
                    o.put(b.engine() + "_ops_per_s", round(rb.opsPerSec()));
                }
            }
        }
        ArrayNode threads = c.putArray("threads");
        for (Runner.Result ra : a.scaling()) {
            for (Runner.Result rb : b.scaling()) {
                if (rb.name().equals(ra.name()) && rb.threads() == ra.threads()) {
                    ObjectNode o = threads.addObject();
                    o.put("name", ra.name());
                    o.put("threads", ra.threads());
                    o.put(a.engine() + "_ops_per_s", round(ra.opsPerSec()));
                    o.put(b.engine() + "_ops_per_s", round(rb.opsPerSec()));
                }
            }
        }
        ArrayNode procs = c.putArray("processes");
        for (long[] pa : a.processRuns()) {
            for (long[] pb : b.processRuns()) {
                if (pa[0] == pb[0]) {
                    ObjectNode o = procs.addObject();
                    o.put("processes", pa[0]);
                    o.put(a.engine() + "_ops_per_s", round(pa[1] / (pa[2] / 1e9)));
                    o.put(b.engine() + "_ops_per_s", round(pb[1] / (pb[2] / 1e9)));
                }
            }
        }
        return c;
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

    private ObjectNode json(Measured m) {
        List<Runner.Result> shapes = m.shapes();
        List<Runner.Result> scaling = m.scaling();
        Map<String, PlanVerdict> byShape = new HashMap<>();
        m.plans().forEach(v -> byShape.put(v.shape(), v));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("generated_at", Instant.now().toString());
        root.put("engine", m.engine());
        ObjectNode sc = root.putObject("scale");
        sc.put("name", scale.name());
        m.counts().forEach(sc::put);
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
        env.put("database", m.database());
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
            if (p.seedToy() != null) {
                o.put(p.isWrite() ? "seed_ops_per_s_toy" : "seed_p99_ms_toy", p.seedToy());
            }
            if (p.seedAtScale() != null) {
                o.put(p.isWrite() ? "seed_ops_per_s_at_scale" : "seed_p50_ms_at_scale", p.seedAtScale());
            }
            ArrayNode plan = o.putArray("plan");
            boolean served = true;
            for (String s : p.shapes()) {
                PlanVerdict v = byShape.get(s);
                if (v == null) {
                    throw new IllegalStateException("probe " + p.name() + " names shape " + s + ", which " + m.engine()
                            + "'s plan check did not see (" + byShape.keySet() + ")");
                }
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
        root.put("concurrent_50_session_reads_ms", round(m.concurrent50()));
        ArrayNode pr = root.putArray("processes");
        for (long[] run : m.processRuns()) {
            ObjectNode o = pr.addObject();
            o.put("processes", run[0]);
            o.put("threads_each", 4);
            o.put("ops_per_s", round(run[1] / (run[2] / 1e9)));
        }
        ArrayNode pl = root.putArray("plans");
        for (PlanVerdict v : m.plans()) {
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
        for (SqliteCatalog.Index i : m.indexes()) {
            ObjectNode o = ix.addObject();
            o.put("index", i.name());
            o.put("table", i.table());
            o.put("columns", i.columns().toString());
            o.put("unique", i.unique());
            o.put("origin", i.origin());
            if (i.where() != null) {
                o.put("where", i.where());
            }
            Long size = m.sizes().get(i.origin().equals("rowid") ? i.table() : i.name());
            if (size != null) {
                o.put("bytes", size);
            }
        }
        ObjectNode st = root.putObject("storage");
        m.storage().forEach(st::put);
        ObjectNode meters = root.putObject("meters");
        ArrayNode ws = meters.putArray("write_shapes");
        for (Observed.WriteRun w : m.observedWrites()) {
            ObjectNode o = ws.addObject();
            o.put("name", w.name());
            o.put("ops_per_s", round(w.opsPerSec()));
            o.put("calls", w.calls());
            o.put("statements_per_call", round(w.statementsPerCall()));
            o.put("commits_per_call", round(w.commitsPerCall()));
            o.put("log_pages_per_commit", round(w.logPagesPerCommit()));
            o.put("log_pages_max", w.logPagesMax());
            Observed.Before before = Observed.BEFORE_15.get(w.name());
            if (before != null && scale == Scale.standard && m.engine().equals("sqlite")) {
                o.put("statements_per_call_before_15", before.statementsPerCall());
                o.put("log_pages_per_commit_before_15", before.logPagesPerCommit());
            }
        }
        ArrayNode gc = meters.putArray("group_commit");
        for (Observed.CommitRun c : m.observedCommits()) {
            ObjectNode o = gc.addObject();
            o.put("threads", c.threads());
            o.put("ops_per_s", round(c.opsPerSec()));
            o.put("commits", c.commits());
            o.put("writes_per_commit", round(c.operationsPerCommit()));
            o.put("writes_per_commit_p50", c.operationsP50());
            o.put("writes_per_commit_max", c.operationsMax());
            o.put("log_pages_per_commit", round(c.logPagesPerCommit()));
            o.put("checkpoints_passive", c.passiveCheckpoints());
            o.put("checkpoints_paused", c.pausedCheckpoints());
            o.put("log_peak_bytes", c.logPeakBytes());
        }
        if (m.seedMethod() != null) {
            SeedMethod.Run seed = m.seedMethod();
            ObjectNode sm = root.putObject("seed_method");
            sm.put("database", seed.database());
            sm.put("calls", seed.calls());
            sm.put("concurrent_50_session_reads_ms", round(seed.concurrent50Ms()));
            ArrayNode rows = sm.putArray("shapes");
            for (Runner.Result r : seed.results()) {
                ObjectNode o = rows.addObject();
                o.put("name", r.name());
                o.put("kind", r.kind());
                o.put("p50_us", round(r.p50Us()));
                o.put("p99_us", round(r.p99Us()));
                o.put("ops_per_s", round(r.opsPerSec()));
            }
        }
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
                writes.add(new Svg.Bar(r.name(), r.opsPerSec(), p.seedAtScale()));
            } else {
                reads.add(new Svg.Bar(r.name(), r.p50Us() / 1e3, p.seedAtScale()));
            }
        }
        Files.writeString(
                out.resolve("latency.svg"),
                Svg.logBars("Read latency, p50 (ms): agentstore vs the seed at scale", "milliseconds", reads));
        Files.writeString(
                out.resolve("writes.svg"),
                Svg.logBars(
                        "Write throughput (ops/s, one thread): agentstore vs the seed at scale",
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
