package io.agentstore.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** report.md, written from report.json so the two never disagree. */
final class Markdown {

    private Markdown() {}

    static void write(Path file, JsonNode r) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            JsonNode sc = r.get("scale");
            JsonNode env = r.get("environment");
            w.println("# agentstore validation report");
            w.println();
            w.printf(
                    Locale.ROOT,
                    "Generated %s on %d CPUs, %s, %s.%n",
                    r.get("generated_at").asText(),
                    env.get("cpus").asInt(),
                    env.get("java").asText(),
                    env.get("os").asText());
            w.printf(
                    Locale.ROOT,
                    "Scale **%s**: %,d current memory entries (%,d versions) in %,d namespaces, %,d sessions "
                            + "with %,d events, %,d tasks, %,d agents, %,d checkpoints, %,d audit rows, %,d metric points, "
                            + "%,d documents, on %s (`%s`).%n",
                    sc.get("name").asText(),
                    sc.get("memories").asLong(),
                    sc.get("memory_versions").asLong(),
                    sc.get("namespaces").asLong(),
                    sc.get("sessions").asLong(),
                    sc.get("events").asLong(),
                    sc.get("tasks").asLong(),
                    sc.get("agents").asLong(),
                    sc.get("checkpoints").asLong(),
                    sc.get("audit").asLong(),
                    sc.get("metrics").asLong(),
                    sc.get("documents").asLong(),
                    r.path("engine").asText("sqlite").equals("postgres")
                            ? "PostgreSQL (a schema of its own)"
                            : "an SQLite file-backed WAL database",
                    env.get("database").asText());
            w.println();
            w.println(
                    "The seed's signed-off figures came from an in-memory database holding one session, one memory or 100");
            w.println(
                    "memories, 100 timed calls each; its figures at scale were measured on this machine kind, with 100,000");
            w.println(
                    "memories in 1,000 namespaces and 10,000 sessions in a WAL file. Ours are measured here, through the");
            w.println("public API: at the scale above, and again the seed's way.");
            w.println();
            headline(w, r);
            w.println("![read latency](latency.svg)");
            w.println();
            w.println("## Query shapes");
            w.println();
            w.println(
                    "| shape | kind | p50 µs | p95 µs | p99 µs | ops/s | rows | seed, its method | seed at scale | index-served |");
            w.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
            for (JsonNode s : r.get("shapes")) {
                String seedToy = s.has("seed_p99_ms_toy")
                        ? "p99 " + s.get("seed_p99_ms_toy").asText() + " ms"
                        : s.has("seed_ops_per_s_toy")
                                ? String.format(
                                        Locale.ROOT,
                                        "%,.0f ops/s",
                                        s.get("seed_ops_per_s_toy").asDouble())
                                : "";
                String seedScale = s.has("seed_p50_ms_at_scale")
                        ? "p50 " + s.get("seed_p50_ms_at_scale").asText() + " ms"
                        : s.has("seed_ops_per_s_at_scale")
                                ? String.format(
                                        Locale.ROOT,
                                        "%,.0f ops/s",
                                        s.get("seed_ops_per_s_at_scale").asDouble())
                                : "";
                w.printf(
                        Locale.ROOT,
                        "| %s | %s | %.1f | %.1f | %.1f | %,.0f | %.1f | %s | %s | %s |%n",
                        s.get("name").asText(),
                        s.get("kind").asText(),
                        s.get("p50_us").asDouble(),
                        s.get("p95_us").asDouble(),
                        s.get("p99_us").asDouble(),
                        s.get("ops_per_s").asDouble(),
                        s.get("rows").asDouble(),
                        seedToy,
                        seedScale,
                        s.get("index_served").asBoolean() ? "yes" : "**no**");
            }
            w.println();
            w.printf(
                    Locale.ROOT,
                    "50 concurrent session reads (50 threads, one read each, wall time, median of 21): **%.2f ms** "
                            + "(seed: 4 ms toy, 53 ms at scale).%n",
                    r.get("concurrent_50_session_reads_ms").asDouble());
            w.println();
            w.println("## Threads");
            w.println();
            w.println("![read throughput against threads](threads-reads.svg)");
            w.println();
            w.println("![write throughput against threads](threads-writes.svg)");
            w.println();
            w.println("| shape | threads | aggregate ops/s | p99 µs |");
            w.println("|---|---:|---:|---:|");
            for (JsonNode t : r.get("threads")) {
                w.printf(
                        Locale.ROOT,
                        "| %s | %d | %,.0f | %.1f |%n",
                        t.get("name").asText(),
                        t.get("threads").asInt(),
                        t.get("ops_per_s").asDouble(),
                        t.get("p99_us").asDouble());
            }
            w.println();
            if (r.has("processes") && !r.get("processes").isEmpty()) {
                w.println("Memory adds from several processes at once on the same database (each process a JVM "
                        + "with 4 writer threads, all released together):");
                w.println();
                w.println("| processes | aggregate ops/s |");
                w.println("|---:|---:|");
                for (JsonNode p : r.get("processes")) {
                    w.printf(
                            Locale.ROOT,
                            "| %d | %,.0f |%n",
                            p.get("processes").asInt(),
                            p.get("ops_per_s").asDouble());
                }
                w.println();
            }
            if (r.has("comparison")) {
                comparison(w, r.get("comparison"));
            }
            w.println("![write throughput](writes.svg)");
            w.println();
            if (r.has("growth")) {
                Growth.markdown(w, r.get("growth"));
            }
            if (r.has("semantic_search")) {
                SemanticSearch.markdown(w, r.get("semantic_search"));
            }
            if (r.has("lifecycle")) {
                Lifecycle.markdown(w, r.get("lifecycle"));
            }
            if (r.has("transfer")) {
                TransferRates.markdown(w, r.get("transfer"));
            }
            w.println("## Query plans of every registered shape");
            w.println();
            w.println("| shape | plan | verdict |");
            w.println("|---|---|---|");
            for (JsonNode p : r.get("plans")) {
                String verdict = p.get("index_served").asBoolean()
                        ? "index-served"
                        : p.get("passes").asBoolean()
                                ? "allowed: " + p.get("allowance").asText()
                                : "**FAILS**";
                w.printf(
                        "| %s | `%s` | %s |%n",
                        p.get("shape").asText(),
                        p.get("plan").asText().isEmpty()
                                ? "(no table access)"
                                : p.get("plan").asText(),
                        verdict);
            }
            w.println();
            if (r.get("indexes").isEmpty()) {
                meters(w, r); // the index inventory and page counts are the SQLite file's
                return;
            }
            w.println("## Index inventory");
            w.println();
            w.println("| index | table | columns | unique | origin | partial WHERE | size |");
            w.println("|---|---|---|---|---|---|---:|");
            for (JsonNode i : r.get("indexes")) {
                w.printf(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s | %s | %s |%n",
                        i.get("index").asText(),
                        i.get("table").asText(),
                        i.get("columns").asText(),
                        i.get("unique").asBoolean() ? "yes" : "",
                        i.get("origin").asText(),
                        i.has("where") ? "`" + i.get("where").asText() + "`" : "",
                        i.has("bytes")
                                ? String.format(
                                        Locale.ROOT, "%,d KiB", i.get("bytes").asLong() / 1024)
                                : "n/a");
            }
            w.println();
            meters(w, r);
            JsonNode st = r.get("storage");
            w.println("## Storage");
            w.println();
            w.printf(
                    Locale.ROOT,
                    "Database %,d bytes, WAL %,d bytes; page size %d, %,d pages, %,d free.%n",
                    st.get("database_bytes").asLong(),
                    st.get("wal_bytes").asLong(),
                    st.get("page_size").asLong(),
                    st.get("page_count").asLong(),
                    st.get("freelist_count").asLong());
        }
    }

    /**
     * The seed's figures beside ours, each pair measured the same way: the seed's method (a tiny
     * database, 100 calls) and at scale. Reads compare latency (p99 by the seed's method, as it
     * signed off; p50 at scale, as it was measured there), writes operations per second on one
     * thread; "better" is how many times ours is faster.
     */
    private static void headline(PrintWriter w, JsonNode r) {
        JsonNode seed = r.get("seed_method");
        if (seed == null) {
            return; // the seed's method is run on SQLite, the seed's engine
        }
        w.println("## Headline: the seed's figures beside ours, measured alike");
        w.println();
        w.printf(
                Locale.ROOT,
                "Its method: a fresh tiny database file (one session, one memory, 100 memories), %d timed calls per "
                        + "shape on one thread, in this JVM after the main run (so the code is compiled, as in a running "
                        + "service). At scale: the main run below.%n",
                seed.get("calls").asInt());
        w.println();
        w.println("| shape | seed, its method | ours, its method | better | seed at scale | ours at scale | better |");
        w.println("|---|---:|---:|---:|---:|---:|---:|");
        for (JsonNode tiny : seed.get("shapes")) {
            JsonNode scaled = null;
            for (JsonNode s : r.get("shapes")) {
                if (s.get("name").asText().equals(tiny.get("name").asText())) {
                    scaled = s;
                }
            }
            if (scaled == null) {
                continue;
            }
            boolean write = tiny.get("kind").asText().equals("write");
            if (write) {
                double seedToy = scaled.path("seed_ops_per_s_toy").asDouble(Double.NaN);
                double seedScale = scaled.path("seed_ops_per_s_at_scale").asDouble(Double.NaN);
                double oursToy = tiny.get("ops_per_s").asDouble();
                double oursScale = scaled.get("ops_per_s").asDouble();
                w.printf(
                        Locale.ROOT,
                        "| %s | %,.0f /s | %,.0f /s | %s | %,.0f /s | %,.0f /s | %s |%n",
                        tiny.get("name").asText(),
                        seedToy,
                        oursToy,
                        times(oursToy / seedToy),
                        seedScale,
                        oursScale,
                        times(oursScale / seedScale));
            } else {
                double seedToy = scaled.path("seed_p99_ms_toy").asDouble(Double.NaN);
                double seedScale = scaled.path("seed_p50_ms_at_scale").asDouble(Double.NaN);
                double oursToy = tiny.get("p99_us").asDouble() / 1e3;
                double oursScale = scaled.get("p50_us").asDouble() / 1e3;
                w.printf(
                        Locale.ROOT,
                        "| %s | p99 %.3f ms | p99 %.3f ms | %s | p50 %.2f ms | p50 %.3f ms | %s |%n",
                        tiny.get("name").asText(),
                        seedToy,
                        oursToy,
                        times(seedToy / oursToy),
                        seedScale,
                        oursScale,
                        times(seedScale / oursScale));
            }
        }
        double tiny50 = seed.get("concurrent_50_session_reads_ms").asDouble();
        double scale50 = r.get("concurrent_50_session_reads_ms").asDouble();
        w.printf(
                Locale.ROOT,
                "| 50 concurrent session reads (wall time) | 4 ms | %.2f ms | %s | 53 ms | %.2f ms | %s |%n",
                tiny50,
                times(4 / tiny50),
                scale50,
                times(53 / scale50));
        w.println();
        w.println("The seed's own figures at the report's other shapes are in the tables below, where it has them.");
        w.println();
    }

    private static String times(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.1f×", ratio) : "";
    }

    /** What the store's own meters and statistics saw: statements and pages per write, group commit over threads. */
    private static void meters(PrintWriter w, JsonNode r) {
        JsonNode m = r.get("meters");
        if (m == null || m.get("write_shapes").isEmpty()) {
            return;
        }
        w.println("## What the meters saw");
        w.println();
        w.println("Each run below on a store of its own with Micrometer meters and `withStatistics(true)` installed, "
                + "on the same database after the main run; one thread per write shape. Statements per call are "
                + "every statement the call ran (reads included), from `store.stats()`; pages per commit are the "
                + "write-ahead-log frames each commit wrote (SQLite; read from the log's index header).");
        w.println();
        boolean before = m.get("write_shapes").get(0).has("statements_per_call_before_15");
        if (before) {
            w.println("Beside them, what the same probes ran and wrote before issue #15 shortened the write path "
                    + "(this report at standard scale on the build before it, 26cbb4e, on this machine kind).");
            w.println();
        }
        w.println(
                "| write shape | ops/s | statements per call | commits per call | log pages per commit | most pages in a commit"
                        + (before ? " | statements before #15 | pages per commit before #15 |" : " |"));
        w.println("|---|---:|---:|---:|---:|---:|" + (before ? "---:|---:|" : ""));
        for (JsonNode s : m.get("write_shapes")) {
            w.printf(
                    Locale.ROOT,
                    "| %s | %,.0f | %.1f | %.2f | %s | %s |%s%n",
                    s.get("name").asText(),
                    s.get("ops_per_s").asDouble(),
                    s.get("statements_per_call").asDouble(),
                    s.get("commits_per_call").asDouble(),
                    known(s, "log_pages_per_commit", "%.1f"),
                    known(s, "log_pages_max", "%.0f"),
                    !s.has("statements_per_call_before_15")
                            ? (before ? " | |" : "")
                            : String.format(
                                    Locale.ROOT,
                                    " %.1f | %.1f |",
                                    s.get("statements_per_call_before_15").asDouble(),
                                    s.get("log_pages_per_commit_before_15").asDouble()));
        }
        w.println();
        w.println("Memory adds over writer threads: how many callers' writes each commit carried (group commit), the "
                + "checkpoint passes that kept the log short, and the log's largest size (sampled every 2 ms).");
        w.println();
        w.println("| threads | ops/s | commits | writes per commit (mean) | p50 | max | log pages per commit | "
                + "passive checkpoints | paused checkpoints (restart, truncate) | log peak |");
        w.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (JsonNode c : m.get("group_commit")) {
            w.printf(
                    Locale.ROOT,
                    "| %d | %,.0f | %,d | %.1f | %s | %s | %s | %d | %d | %s |%n",
                    c.get("threads").asInt(),
                    c.get("ops_per_s").asDouble(),
                    c.get("commits").asLong(),
                    c.get("writes_per_commit").asDouble(),
                    known(c, "writes_per_commit_p50", "%.0f"),
                    known(c, "writes_per_commit_max", "%.0f"),
                    known(c, "log_pages_per_commit", "%.1f"),
                    c.get("checkpoints_passive").asLong(),
                    c.get("checkpoints_paused").asLong(),
                    c.get("log_peak_bytes").asLong() <= 0
                            ? "n/a"
                            : String.format(
                                    Locale.ROOT,
                                    "%,d KiB",
                                    c.get("log_peak_bytes").asLong() / 1024));
        }
        w.println();
    }

    /** A figure the engine knows, formatted, or n/a where it reported -1 (not known there). */
    private static String known(JsonNode o, String field, String format) {
        double v = o.get(field).asDouble();
        return v < 0 ? "n/a" : String.format(Locale.ROOT, format, v);
    }

    /** SQLite and PostgreSQL side by side, measured in one run on one machine. */
    private static void comparison(PrintWriter w, JsonNode c) {
        String[] engines = c.get("engines").asText().split(" vs ");
        String a = engines[0];
        String b = engines[1];
        w.println("## " + a + " and " + b + " side by side");
        w.println();
        w.println("The same dataset, probes and machine, one after the other in one run. " + b
                + " runs on this host (loopback), with a server's default durability (every commit flushed); "
                + a + " is the embedded file (WAL, synchronous=NORMAL).");
        w.println();
        w.printf(
                "| shape | kind | %s p50 µs | %s p50 µs | %s ops/s | %s ops/s | %s / %s (ops/s) |%n", a, b, a, b, b, a);
        w.println("|---|---|---:|---:|---:|---:|---:|");
        for (JsonNode s : c.get("shapes")) {
            double oa = s.get(a + "_ops_per_s").asDouble();
            double ob = s.get(b + "_ops_per_s").asDouble();
            w.printf(
                    Locale.ROOT,
                    "| %s | %s | %.1f | %.1f | %,.0f | %,.0f | %.2f |%n",
                    s.get("name").asText(),
                    s.get("kind").asText(),
                    s.get(a + "_p50_us").asDouble(),
                    s.get(b + "_p50_us").asDouble(),
                    oa,
                    ob,
                    oa == 0 ? 0 : ob / oa);
        }
        w.println();
        w.printf("| shape | threads | %s ops/s | %s ops/s |%n", a, b);
        w.println("|---|---:|---:|---:|");
        for (JsonNode t : c.get("threads")) {
            w.printf(
                    Locale.ROOT,
                    "| %s | %d | %,.0f | %,.0f |%n",
                    t.get("name").asText(),
                    t.get("threads").asInt(),
                    t.get(a + "_ops_per_s").asDouble(),
                    t.get(b + "_ops_per_s").asDouble());
        }
        w.println();
        w.printf("| memory add: processes × 4 threads | %s ops/s | %s ops/s |%n", a, b);
        w.println("|---:|---:|---:|");
        for (JsonNode p : c.get("processes")) {
            w.printf(
                    Locale.ROOT,
                    "| %d | %,.0f | %,.0f |%n",
                    p.get("processes").asInt(),
                    p.get(a + "_ops_per_s").asDouble(),
                    p.get(b + "_ops_per_s").asDouble());
        }
        w.println();
    }
}
