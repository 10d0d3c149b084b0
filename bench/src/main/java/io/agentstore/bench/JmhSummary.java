package io.agentstore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the JMH result files of a profile run into {@code summary.md} and {@code summary.json}:
 * every read shape against its raw twin (mean and p99 ratios), cost against table size, write
 * throughput against its twin, and each of issue #5's targets with its verdict. A missed target
 * is reported, not hidden: the exit status is 0 either way (CI runs the profile to see it work
 * and keep the figures; this machine is too noisy for thresholds to gate a build).
 *
 * <p>{@code java -cp benchmarks.jar io.agentstore.bench.JmhSummary <out-dir> <jmh.json>...}
 */
public final class JmhSummary {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One JMH result row. */
    record Result(
            String cls,
            String method,
            int threads,
            Map<String, String> params,
            String mode,
            double score,
            double error,
            double p50,
            double p99,
            String unit,
            Map<String, Double> secondary) {

        String param(String name) {
            return params.getOrDefault(name, "");
        }
    }

    private JmhSummary() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: JmhSummary <out-dir> <jmh-result.json>...");
            System.exit(2);
        }
        List<Result> results = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path f = Path.of(args[i]);
            if (!Files.exists(f)) {
                System.err.println("no JMH result file " + f);
                System.exit(2);
            }
            results.addAll(read(MAPPER.readTree(f.toFile())));
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        ObjectNode json = MAPPER.createObjectNode();
        StringBuilder md = new StringBuilder("# JMH profile summary\n\n");
        md.append("Machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ")
                .append(System.getProperty("java.version"))
                .append(", ")
                .append(System.getProperty("os.name"))
                .append(' ')
                .append(System.getProperty("os.arch"))
                .append(". Means with JMH's 99.9% error; p99 from sample mode.\n\n");
        reads(results, md, json.putArray("reads"));
        growth(results, md, json.putArray("growth"));
        writes(results, md, json.putArray("writes"));
        search(results, md, json.putArray("search"));
        if (results.stream().anyMatch(r -> r.param("engine").equals("postgres"))) {
            serverTargets(results, md, json.putArray("targets"));
        } else {
            Double walPeakMb = walPeak(out.resolve("mixed-wal.txt"));
            targets(results, md, json.putArray("targets"), walPeakMb);
        }
        Files.writeString(out.resolve("summary.md"), md.toString());
        MAPPER.writerWithDefaultPrettyPrinter()
                .writeValue(out.resolve("summary.json").toFile(), json);
        System.out.print(md);
    }

    static List<Result> read(JsonNode root) {
        List<Result> out = new ArrayList<>();
        for (JsonNode r : root) {
            String name = r.path("benchmark").asText();
            int dot = name.lastIndexOf('.');
            String cls = name.substring(name.lastIndexOf('.', dot - 1) + 1, dot);
            Map<String, String> params = new TreeMap<>();
            r.path("params")
                    .properties()
                    .forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            JsonNode m = r.path("primaryMetric");
            JsonNode pct = m.path("scorePercentiles");
            Map<String, Double> secondary = new TreeMap<>();
            r.path("secondaryMetrics")
                    .properties()
                    .forEach(e ->
                            secondary.put(e.getKey(), e.getValue().path("score").asDouble()));
            out.add(new Result(
                    cls,
                    name.substring(dot + 1),
                    r.path("threads").asInt(1),
                    params,
                    r.path("mode").asText(),
                    m.path("score").asDouble(),
                    m.path("scoreError").asDouble(Double.NaN),
                    pct.path("50.0").asDouble(Double.NaN),
                    pct.path("99.0").asDouble(Double.NaN),
                    m.path("scoreUnit").asText(),
                    secondary));
        }
        return out;
    }

    private static Result find(List<Result> rs, String cls, String method, String shape, String memories, int threads) {
        for (Result r : rs) {
            if (r.cls().equals(cls)
                    && r.method().equals(method)
                    && r.threads() == threads
                    && (shape == null || r.param("shape").equals(shape))
                    && (memories == null || r.param("memories").equals(memories))) {
                return r;
            }
        }
        return null;
    }

    private static String f(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String largestScale(List<Result> rs, String cls) {
        return rs.stream()
                .filter(r -> r.cls().equals(cls))
                .map(r -> r.param("memories"))
                .max((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                .orElse(null);
    }

    /** The scale the shape group ran at: the largest with raw twins (the growth group times the library only). */
    private static String shapeScale(List<Result> rs) {
        return rs.stream()
                .filter(r -> r.cls().equals("ShapeBenchmarks") && r.method().equals("raw"))
                .map(r -> r.param("memories"))
                .max((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                .orElse(null);
    }

    private static void reads(List<Result> rs, StringBuilder md, ArrayNode json) {
        String scale = shapeScale(rs);
        if (scale == null) {
            return;
        }
        md.append("## Read shapes at ")
                .append(String.format(Locale.ROOT, "%,d", Integer.parseInt(scale)))
                .append(" memories: library call vs its raw-JDBC replay (µs)\n\n")
                .append("| shape | library mean | raw mean | ratio | library p99 | raw p99 | p99 ratio | ≤ 1.3× |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|:-:|\n");
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (Result lib : rs) {
            if (!lib.cls().equals("ShapeBenchmarks")
                    || !lib.method().equals("library")
                    || !lib.param("memories").equals(scale)
                    || seen.put(lib.param("shape"), true) != null) {
                continue;
            }
            Result raw = find(rs, "ShapeBenchmarks", "raw", lib.param("shape"), scale, lib.threads());
            double ratio = raw == null ? Double.NaN : lib.score() / raw.score();
            double p99Ratio = raw == null ? Double.NaN : lib.p99() / raw.p99();
            boolean ok = ratio <= 1.3 && p99Ratio <= 1.3;
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s ± %s | %s ± %s | %.2f | %s | %s | %.2f | %s |%n",
                    lib.param("shape"),
                    f(lib.score()),
                    f(lib.error()),
                    raw == null ? "–" : f(raw.score()),
                    raw == null ? "–" : f(raw.error()),
                    ratio,
                    f(lib.p99()),
                    raw == null ? "–" : f(raw.p99()),
                    p99Ratio,
                    ok ? "yes" : "**no**"));
            ObjectNode o = json.addObject();
            o.put("shape", lib.param("shape"))
                    .put("memories", Integer.parseInt(scale))
                    .put("mean_us", lib.score())
                    .put("error_us", lib.error())
                    .put("p50_us", lib.p50())
                    .put("p99_us", lib.p99());
            if (raw != null) {
                o.put("raw_mean_us", raw.score())
                        .put("raw_error_us", raw.error())
                        .put("raw_p99_us", raw.p99())
                        .put("ratio_mean", ratio)
                        .put("ratio_p99", p99Ratio);
            }
        }
        md.append('\n');
    }

    private static void growth(List<Result> rs, StringBuilder md, ArrayNode json) {
        // Each shape twice where the run had both: its 64 hot arguments (library) and arguments
        // drawn over the whole dataset (anywhere).
        Map<String, Map<Integer, Result>> byShape = new LinkedHashMap<>();
        for (Result r : rs) {
            if (r.cls().equals("ShapeBenchmarks")
                    && (r.method().equals("library") || r.method().equals("anywhere"))) {
                String access = r.method().equals("library") ? "hot" : "anywhere";
                byShape.computeIfAbsent(r.param("shape") + " (" + access + ")", k -> new TreeMap<>())
                        .put(Integer.parseInt(r.param("memories")), r);
            }
        }
        byShape.values().removeIf(m -> m.size() < 2);
        if (byShape.isEmpty()) {
            return;
        }
        md.append(
                "## Cost against table size (library, µs; hot: 64 arguments cycled, anywhere: drawn over the whole dataset)\n\n| shape | memories: mean / p99 | growth of mean | growth of p99 |\n|---|---|---:|---:|\n");
        byShape.forEach((shape, m) -> {
            StringBuilder cells = new StringBuilder();
            ObjectNode o = json.addObject().put("shape", shape);
            ArrayNode points = o.putArray("points");
            m.forEach((n, r) -> {
                cells.append(String.format(Locale.ROOT, "%,d: %s / %s; ", n, f(r.score()), f(r.p99())));
                points.addObject()
                        .put("memories", n)
                        .put("mean_us", r.score())
                        .put("error_us", r.error())
                        .put("p99_us", r.p99());
            });
            Result first = m.values().iterator().next();
            Result last = ((TreeMap<Integer, Result>) m).lastEntry().getValue();
            double g = last.score() / first.score();
            double g99 = last.p99() / first.p99();
            o.put("growth_mean", g).put("growth_p99", g99);
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f× | %.2f× |%n", shape, cells, g, g99));
        });
        md.append('\n');
    }

    /** A score with its error, or alone where JMH gave none (fewer than three iterations). */
    private static String withError(Result r) {
        return Double.isNaN(r.error()) ? f(r.score()) : f(r.score()) + " ± " + f(r.error());
    }

    private static void writes(List<Result> rs, StringBuilder md, ArrayNode json) {
        List<Result> ws = rs.stream()
                .filter(r -> r.cls().equals("WriteBenchmarks") || r.cls().equals("ClaimBenchmarks"))
                .toList();
        if (ws.isEmpty()) {
            return;
        }
        md.append("## Writes (operations per second; batch load: memories per second)\n\n")
                .append("| benchmark | threads | library | raw twin | library / raw |\n|---|---:|---:|---:|---:|\n");
        for (Result r : ws) {
            if (r.method().endsWith("Raw")) {
                continue;
            }
            String twin = switch (r.method()) {
                case "memoryAdd" -> "memoryAddRaw";
                case "memoryUpdate" -> "memoryUpdateRaw";
                case "eventAppend", "eventAppendLongHistory" -> "eventAppendRaw";
                case "claim" -> "claimRaw";
                default -> null;
            };
            Result raw = twin == null ? null : find(rs, r.cls(), twin, null, r.param("memories"), r.threads());
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %s | %s | %s |%n",
                    r.method(),
                    r.threads(),
                    withError(r),
                    raw == null ? "–" : withError(raw),
                    raw == null ? "–" : String.format(Locale.ROOT, "%.2f", r.score() / raw.score())));
            ObjectNode o = json.addObject()
                    .put("benchmark", r.method())
                    .put("threads", r.threads())
                    .put("memories", Integer.parseInt(r.param("memories")))
                    .put("ops_per_s", r.score())
                    .put("error", r.error());
            if (raw != null) {
                o.put("raw_ops_per_s", raw.score()).put("raw_error", raw.error());
            }
        }
        md.append('\n');
    }

    /** Semantic search (SearchBenchmarks, sample mode): p50 and p99 per corpus, scope, size and engine. */
    private static void search(List<Result> rs, StringBuilder md, ArrayNode json) {
        List<Result> ss =
                rs.stream().filter(r -> r.cls().equals("SearchBenchmarks")).toList();
        if (ss.isEmpty()) {
            return;
        }
        md.append("## Semantic search (k = 10, 384 dimensions; ms)\n\n")
                .append(
                        "| engine | vectors | corpus | scope | mean | p50 | p99 |\n|---|---:|---|---|---:|---:|---:|\n");
        for (Result r : ss) {
            double toMs = r.unit().startsWith("us") ? 1e-3 : r.unit().startsWith("ms") ? 1 : 1e-6;
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %.3f ± %.3f | %.3f | %.3f |%n",
                    r.param("engine"),
                    r.param("vectors"),
                    r.param("distribution"),
                    r.param("scope"),
                    r.score() * toMs,
                    r.error() * toMs,
                    r.p50() * toMs,
                    r.p99() * toMs));
            json.addObject()
                    .put("engine", r.param("engine"))
                    .put("vectors", Integer.parseInt(r.param("vectors")))
                    .put("distribution", r.param("distribution"))
                    .put("scope", r.param("scope"))
                    .put("mean_ms", r.score() * toMs)
                    .put("error_ms", r.error() * toMs)
                    .put("p50_ms", r.p50() * toMs)
                    .put("p99_ms", r.p99() * toMs);
        }
        md.append('\n');
    }

    /** The PostgreSQL profile's goals (issue #12): reads beside their twins, writes and claims over threads. */
    private static void serverTargets(List<Result> rs, StringBuilder md, ArrayNode json) {
        md.append(
                "## Targets on PostgreSQL (issue #12)\n\n| target | goal | measured | verdict |\n|---|---|---:|:-:|\n");
        int within = 0;
        int reads = 0;
        double worst = 0;
        String worstShape = "";
        for (Result lib : rs) {
            if (!lib.cls().equals("ShapeBenchmarks") || !lib.method().equals("library")) {
                continue;
            }
            Result raw = find(rs, "ShapeBenchmarks", "raw", lib.param("shape"), lib.param("memories"), lib.threads());
            if (raw == null) {
                continue;
            }
            double ratio = lib.score() / raw.score();
            reads++;
            within += ratio <= 1.3 ? 1 : 0;
            if (ratio > worst) {
                worst = ratio;
                worstShape = lib.param("shape");
            }
        }
        target(
                md,
                json,
                "read shapes within 1.3× of their twin (mean); worst: " + worstShape,
                "all",
                (double) within,
                reads > 0 && within == reads);
        md.append(String.format(Locale.ROOT, "| (of %d read shapes; worst ratio %.2f) | | | |%n", reads, worst));
        for (String method : List.of("memoryAdd", "memoryUpdate", "eventAppend", "eventAppendLongHistory")) {
            Result one = find(rs, "WriteBenchmarks", method, null, null, 1);
            Result sixteen = find(rs, "WriteBenchmarks", method, null, null, 16);
            Double rel = one == null || sixteen == null ? null : sixteen.score() / one.score();
            target(md, json, method + ", 16 threads / 1 thread", "≥ 3", rel, rel != null && rel >= 3);
            Result sixtyFour = find(rs, "WriteBenchmarks", method, null, null, 64);
            if (one != null && sixtyFour != null) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s ops/s at 1 / 16 / 64 threads | | %s / %s / %s | |%n",
                        method,
                        f(one.score()),
                        sixteen == null ? "–" : f(sixteen.score()),
                        f(sixtyFour.score())));
            }
        }
        Result c1 = find(rs, "ClaimBenchmarks", "claim", null, null, 1);
        Result c16 = find(rs, "ClaimBenchmarks", "claim", null, null, 16);
        Double rel = c1 == null || c16 == null ? null : c16.score() / c1.score();
        target(md, json, "task claim, 16 workers / 1 worker", "≥ 5", rel, rel != null && rel >= 5);
        if (c1 != null && c16 != null) {
            md.append(String.format(
                    Locale.ROOT, "| claims/s at 1 / 16 workers | | %s / %s | |%n", f(c1.score()), f(c16.score())));
        }
        md.append('\n');
    }

    private static void target(StringBuilder md, ArrayNode json, String what, String goal, Double value, boolean met) {
        md.append(String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s |%n",
                what,
                goal,
                value == null ? "not run" : f(value),
                value == null ? "–" : met ? "met" : "**missed**"));
        ObjectNode o = json.addObject().put("target", what).put("goal", goal);
        if (value != null) {
            o.put("value", value).put("met", met);
        }
    }

    /** The largest WAL peak MixedBenchmarks wrote, in MB, or null. */
    private static Double walPeak(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        double max = 0;
        for (String line : Files.readAllLines(file)) {
            int at = line.indexOf("wal_peak_bytes=");
            if (at >= 0) {
                max = Math.max(max, Long.parseLong(line.substring(at + 15).trim()) / 1048576.0);
            }
        }
        return max;
    }

    private static void targets(List<Result> rs, StringBuilder md, ArrayNode json, Double walPeakMb) {
        String scale = shapeScale(rs);
        md.append(
                "## Targets (issue #5; at the scale run here)\n\n| target | goal | measured | verdict |\n|---|---|---:|:-:|\n");
        for (String point : List.of("sessionById", "memoryCurrent")) {
            Result r = scale == null ? null : find(rs, "ShapeBenchmarks", "library", point, scale, 1);
            target(md, json, point + " p99 (µs)", "≤ 50", r == null ? null : r.p99(), r != null && r.p99() <= 50);
        }
        Result page = scale == null ? null : find(rs, "ShapeBenchmarks", "library", "memorySubtreeBelow", scale, 1);
        target(
                md,
                json,
                "100-row subtree page p99 (µs)",
                "≤ 1,000",
                page == null ? null : page.p99(),
                page != null && page.p99() <= 1000);
        Result recent = scale == null ? null : find(rs, "ShapeBenchmarks", "library", "memoryRecent", scale, 1);
        target(
                md,
                json,
                "100 most recent of 10k p99 (µs)",
                "≤ 2,000",
                recent == null ? null : recent.p99(),
                recent != null && recent.p99() <= 2000);
        String ws = largestScale(rs, "WriteBenchmarks");
        Result add1 = ws == null ? null : find(rs, "WriteBenchmarks", "memoryAdd", null, ws, 1);
        target(
                md,
                json,
                "memory add, 1 thread (/s)",
                "≥ 8,000",
                add1 == null ? null : add1.score(),
                add1 != null && add1.score() >= 8000);
        Result add16 = ws == null ? null : find(rs, "WriteBenchmarks", "memoryAdd", null, ws, 16);
        target(
                md,
                json,
                "memory add, 16 threads (/s)",
                "≥ 30,000",
                add16 == null ? null : add16.score(),
                add16 != null && add16.score() >= 30000);
        Result batch = ws == null ? null : find(rs, "WriteBenchmarks", "memoryBatchLoad", null, ws, 1);
        target(
                md,
                json,
                "batch load (memories/s)",
                "≥ 100,000",
                batch == null ? null : batch.score(),
                batch != null && batch.score() >= 100000);
        Result upd = ws == null ? null : find(rs, "WriteBenchmarks", "memoryUpdate", null, ws, 1);
        target(
                md,
                json,
                "update, 1 thread (/s)",
                "≥ 6,000",
                upd == null ? null : upd.score(),
                upd != null && upd.score() >= 6000);
        Result app = ws == null ? null : find(rs, "WriteBenchmarks", "eventAppend", null, ws, 1);
        target(
                md,
                json,
                "event append, 1 thread (/s)",
                "≥ 20,000",
                app == null ? null : app.score(),
                app != null && app.score() >= 20000);
        Result appLong = ws == null ? null : find(rs, "WriteBenchmarks", "eventAppendLongHistory", null, ws, 1);
        Double cost = app == null || appLong == null ? null : app.score() / appLong.score();
        target(md, json, "append cost at 10,000 events / at 0", "≤ 1.1", cost, cost != null && cost <= 1.1);
        String cs = largestScale(rs, "ClaimBenchmarks");
        Result c1 = cs == null ? null : find(rs, "ClaimBenchmarks", "claim", null, cs, 1);
        target(
                md,
                json,
                "task claim, 1 worker (/s)",
                "≥ 15,000",
                c1 == null ? null : c1.score(),
                c1 != null && c1.score() >= 15000);
        Result c16 = cs == null ? null : find(rs, "ClaimBenchmarks", "claim", null, cs, 16);
        Double rel = c1 == null || c16 == null ? null : c16.score() / c1.score();
        target(md, json, "task claim, 16 workers / 1 worker", "≥ 1.0", rel, rel != null && rel >= 1.0);
        String ms = largestScale(rs, "MixedBenchmarks");
        Result solo = ms == null ? null : find(rs, "MixedBenchmarks", "solo", null, ms, 1);
        Result mixed = null;
        for (Result r : rs) {
            if (r.cls().equals("MixedBenchmarks")
                    && r.method().equals("mixed")
                    && r.param("memories").equals(ms)) {
                mixed = r;
            }
        }
        Double kept = solo == null || mixed == null || !mixed.secondary().containsKey("mixedWrite")
                ? null
                : mixed.secondary().get("mixedWrite") / solo.score();
        target(md, json, "writes beside 64 readers / writes alone", "≥ 0.5", kept, kept != null && kept >= 0.5);
        if (mixed != null && mixed.secondary().containsKey("mixedRead")) {
            md.append(String.format(
                    Locale.ROOT,
                    "| (readers' throughput meanwhile, /s) | | %s | |%n",
                    f(mixed.secondary().get("mixedRead"))));
        }
        target(md, json, "WAL peak during the mixed run (MB)", "< 64", walPeakMb, walPeakMb != null && walPeakMb < 64);
        md.append('\n');
    }
}
