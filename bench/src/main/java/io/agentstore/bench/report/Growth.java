package io.agentstore.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.AgentStore;
import io.agentstore.bench.Dataset;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The report's growth section: every probe on the standard file and on the record file, in one
 * window, so that "does it slow down as the store grows" is a ratio of two runs on the same
 * machine minutes apart rather than of two reports. Each probe runs on both files in turn, for a
 * few rounds whose order alternates (standard first, then record first), and each figure is the
 * median of its rounds.
 */
final class Growth {

    /** Point reads: the growth goal asks p99 at record scale to stay within this many µs. */
    static final Set<String> POINT_READS = Set.of("session by id", "memory current version", "taskById", "agentById");

    static final double POINT_P99_GOAL_US = 50;
    static final double READ_GOAL = 1.2;
    static final double WRITE_GOAL = 1.3;
    static final double UPDATE_PER_ADD_GOAL = 0.43;

    /**
     * Reads whose result is a fixed number of rows but whose work is a range that grows with the
     * store by design (an aggregate over every metric of a name; a search of every document,
     * whose number grows with the sessions): no growth goal applies.
     */
    static final Set<String> INPUT_GROWS =
            Set.of("metricsAggregate", "documentVectorHorizon", "documentVectorFeed", "documentVectorsRanked");

    private Growth() {}

    /** Times every probe on both stores, alternating, and returns the growth section's JSON. */
    static ObjectNode measure(
            AgentStore standard,
            Dataset standardData,
            AgentStore record,
            Dataset recordData,
            String tag,
            int calls,
            double seconds,
            int rounds,
            Consumer<String> say)
            throws Exception {
        List<Probe> small = Workload.probes(standard, standardData, tag + "gs");
        Map<String, Probe> large = new LinkedHashMap<>();
        Workload.probes(record, recordData, tag + "gr").forEach(p -> large.put(p.name(), p));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("standard_memories", standardData.memories);
        out.put("record_memories", recordData.memories);
        out.put("standard_sessions", standardData.sessions);
        out.put("record_sessions", recordData.sessions);
        out.put("rounds", rounds);
        var rows = out.putArray("shapes");
        say.accept(String.format(
                Locale.ROOT,
                "growth: %d shapes on the standard and the record file, %d rounds each, alternating",
                small.size(),
                rounds));
        for (Probe s : small) {
            Probe r = large.get(s.name());
            if (r == null) {
                continue;
            }
            List<Runner.Result> onSmall = new ArrayList<>();
            List<Runner.Result> onLarge = new ArrayList<>();
            List<Runner.Result> firstSmall = new ArrayList<>();
            List<Runner.Result> firstLarge = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                int first = round * calls;
                if (round % 2 == 0) {
                    run(s, calls, first, seconds, firstSmall, onSmall);
                    run(r, calls, first, seconds, firstLarge, onLarge);
                } else {
                    run(r, calls, first, seconds, firstLarge, onLarge);
                    run(s, calls, first, seconds, firstSmall, onSmall);
                }
            }
            ObjectNode row = row(s, onSmall, onLarge, firstSmall, firstLarge);
            rows.add(row);
            say.accept(String.format(
                    Locale.ROOT,
                    "    %-44s %s  ×%.2f  %s",
                    s.name(),
                    s.isWrite()
                            ? String.format(
                                    Locale.ROOT,
                                    "%,9.0f → %,9.0f ops/s",
                                    row.get("standard_ops_per_s").asDouble(),
                                    row.get("record_ops_per_s").asDouble())
                            : String.format(
                                    Locale.ROOT,
                                    "p50 %7.1f → %7.1f µs  p99 %7.1f → %7.1f µs  (first read p50 %7.1f → %7.1f µs)",
                                    row.get("standard_p50_us").asDouble(),
                                    row.get("record_p50_us").asDouble(),
                                    row.get("standard_p99_us").asDouble(),
                                    row.get("record_p99_us").asDouble(),
                                    row.get("standard_first_p50_us").asDouble(),
                                    row.get("record_first_p50_us").asDouble()),
                    row.get("ratio").asDouble(),
                    row.get("verdict").asText()));
        }
        double[] perAdd = updatePerAdd(out);
        if (perAdd != null) {
            out.put("update_per_add_standard", round(perAdd[0]));
            out.put("update_per_add_record", round(perAdd[1]));
        }
        return out;
    }

    /**
     * One round of one probe. A write runs for {@code seconds}. A read runs twice over the same
     * arguments, which follow the previous round's: first over keys this process has not read
     * (their pages may not be in the connection's map or cache yet), then again over the same keys
     * (as a process that has been serving for a while reads them).
     */
    private static void run(
            Probe p, int calls, int first, double seconds, List<Runner.Result> firstReads, List<Runner.Result> steady)
            throws Exception {
        if (p.isWrite()) {
            steady.add(Runner.timed(p, 1, seconds));
        } else {
            firstReads.add(Runner.reads(p, calls, first));
            steady.add(Runner.reads(p, calls, first));
        }
    }

    static ObjectNode row(
            Probe p,
            List<Runner.Result> small,
            List<Runner.Result> large,
            List<Runner.Result> firstSmall,
            List<Runner.Result> firstLarge) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", p.name());
        o.put("kind", p.kind());
        double smallRows = median(small, Runner.Result::rowsPerCall);
        double largeRows = median(large, Runner.Result::rowsPerCall);
        o.put("standard_rows", round(smallRows));
        o.put("record_rows", round(largeRows));
        medians(o, "standard", small);
        medians(o, "record", large);
        // Each round's figure (p50 µs for a read, ops/s for a write): the spread behind the medians.
        o.set("standard_rounds", rounds(p, small));
        o.set("record_rounds", rounds(p, large));
        // The ratio is always "how many times slower at record scale": time per call for both.
        double ratio = p.isWrite()
                ? o.get("standard_ops_per_s").asDouble()
                        / o.get("record_ops_per_s").asDouble()
                : o.get("record_p50_us").asDouble() / o.get("standard_p50_us").asDouble();
        o.put("ratio", round(ratio));
        if (!p.isWrite()) {
            medians(o, "standard_first", firstSmall);
            medians(o, "record_first", firstLarge);
            o.put(
                    "first_ratio",
                    round(o.get("record_first_p50_us").asDouble()
                            / o.get("standard_first_p50_us").asDouble()));
        }
        String goal;
        boolean met;
        if (p.isWrite()) {
            goal = String.format(Locale.ROOT, "≤ %.1f× time per call", WRITE_GOAL);
            met = ratio <= WRITE_GOAL;
        } else if (INPUT_GROWS.contains(p.name()) || Math.abs(largeRows - smallRows) > 0.01 * Math.max(1, smallRows)) {
            goal = "";
            met = true;
        } else if (POINT_READS.contains(p.name())) {
            goal = String.format(Locale.ROOT, "p50 ≤ %.1f×, p99 ≤ %.0f µs", READ_GOAL, POINT_P99_GOAL_US);
            met = ratio <= READ_GOAL && o.get("record_p99_us").asDouble() <= POINT_P99_GOAL_US;
        } else {
            goal = String.format(Locale.ROOT, "p50 ≤ %.1f×", READ_GOAL);
            met = ratio <= READ_GOAL;
        }
        o.put("goal", goal);
        o.put(
                "verdict",
                goal.isEmpty()
                        ? (INPUT_GROWS.contains(p.name()) ? "reads a range that grows with the store" : "result grows")
                        : met ? "met" : "missed");
        return o;
    }

    /** One file's medians of its rounds, under {@code prefix}: p50 and p99 (µs) and the rate. */
    private static void medians(ObjectNode o, String prefix, List<Runner.Result> rs) {
        o.put(prefix + "_p50_us", round(median(rs, Runner.Result::p50Us)));
        o.put(prefix + "_p99_us", round(median(rs, Runner.Result::p99Us)));
        o.put(prefix + "_ops_per_s", round(median(rs, Runner.Result::opsPerSec)));
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode rounds(Probe p, List<Runner.Result> rs) {
        var a = JsonNodeFactory.instance.arrayNode();
        rs.forEach(r -> a.add(round(p.isWrite() ? r.opsPerSec() : r.p50Us())));
        return a;
    }

    /** An update's rate over an add's, at standard and at record scale; null if either is missing. */
    private static double[] updatePerAdd(ObjectNode out) {
        JsonNode add = null;
        JsonNode update = null;
        for (JsonNode s : out.get("shapes")) {
            if (s.get("name").asText().startsWith("memory add")) {
                add = s;
            } else if (s.get("name").asText().startsWith("memory update")) {
                update = s;
            }
        }
        if (add == null || update == null) {
            return null;
        }
        return new double[] {
            update.get("standard_ops_per_s").asDouble()
                    / add.get("standard_ops_per_s").asDouble(),
            update.get("record_ops_per_s").asDouble()
                    / add.get("record_ops_per_s").asDouble()
        };
    }

    private static double median(List<Runner.Result> rs, ToDoubleFunction<Runner.Result> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The section of report.md. */
    static void markdown(PrintWriter w, JsonNode g) {
        w.println("## Growth: standard scale against record scale");
        w.println();
        w.printf(
                Locale.ROOT,
                "Every shape on the standard file (%,d memories, %,d sessions) and on the record file (%,d memories,"
                        + " %,d sessions), in this one run: %d rounds per shape, the two files in turn, the order"
                        + " alternating each round; each figure is the median of its rounds. In each round a read"
                        + " runs over keys the process has not read before (\"first read\": at record scale most"
                        + " of their pages are not yet in the connection's memory map), then over the same keys"
                        + " again, as a process that has been serving for a while reads them; the goals are held"
                        + " against the second. The ratio is how many times longer a call takes at record scale"
                        + " (p50 for a read, 1 / rate for a write). Goals: reads whose result does not grow p50 ≤"
                        + " %.1f×, point reads p99 ≤ %.0f µs at record scale, writes ≤ %.1f×.%n%n",
                g.get("standard_memories").asInt(),
                g.get("standard_sessions").asInt(),
                g.get("record_memories").asInt(),
                g.get("record_sessions").asInt(),
                g.get("rounds").asInt(),
                READ_GOAL,
                POINT_P99_GOAL_US,
                WRITE_GOAL);
        w.println("| shape | kind | standard | record | ratio | first read, p50 | goal | verdict |");
        w.println("|---|---|---:|---:|---:|---:|---|---|");
        long met = 0;
        long missed = 0;
        for (JsonNode s : g.get("shapes")) {
            boolean write = s.get("kind").asText().equals("write");
            String verdict = s.get("verdict").asText();
            met += verdict.equals("met") ? 1 : 0;
            missed += verdict.equals("missed") ? 1 : 0;
            w.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %.2f× | %s | %s | %s |%n",
                    s.get("name").asText(),
                    s.get("kind").asText(),
                    figure(s, "standard", write),
                    figure(s, "record", write),
                    s.get("ratio").asDouble(),
                    write
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "%.1f → %.1f µs (%.2f×)",
                                    s.get("standard_first_p50_us").asDouble(),
                                    s.get("record_first_p50_us").asDouble(),
                                    s.get("first_ratio").asDouble()),
                    s.get("goal").asText(),
                    verdict.equals("missed") ? "**missed**" : verdict);
        }
        w.println();
        w.printf(Locale.ROOT, "Goals met: %d; missed: %d.", met, missed);
        if (g.has("update_per_add_record")) {
            w.printf(
                    Locale.ROOT,
                    " An update runs at %.2f of an add's rate at record scale (%.2f at standard; goal ≥ %.2f).",
                    g.get("update_per_add_record").asDouble(),
                    g.get("update_per_add_standard").asDouble(),
                    UPDATE_PER_ADD_GOAL);
        }
        w.println();
        w.println();
        w.println("![growth](growth.svg)");
        w.println();
    }

    /** One file's figure of a shape in the table: its rate for a write, p50 / p99 for a read. */
    private static String figure(JsonNode s, String file, boolean write) {
        return write
                ? String.format(
                        Locale.ROOT, "%,.0f/s", s.get(file + "_ops_per_s").asDouble())
                : String.format(
                        Locale.ROOT,
                        "p50 %.1f / p99 %.1f µs",
                        s.get(file + "_p50_us").asDouble(),
                        s.get(file + "_p99_us").asDouble());
    }

    /** The chart: each shape's ratio, with its goal marked; shapes without a goal are left out. */
    static String chart(JsonNode g) {
        List<Svg.Ratio> bars = new ArrayList<>();
        for (JsonNode s : g.get("shapes")) {
            if (s.get("goal").asText().isEmpty()) {
                continue;
            }
            boolean write = s.get("kind").asText().equals("write");
            bars.add(new Svg.Ratio(s.get("name").asText(), s.get("ratio").asDouble(), write ? WRITE_GOAL : READ_GOAL));
        }
        bars.sort(Comparator.comparingDouble(Svg.Ratio::value).reversed());
        return Svg.ratioBars(
                String.format(
                        Locale.ROOT,
                        "Record scale (%,d memories) against standard (%,d): times longer per call",
                        g.get("record_memories").asInt(),
                        g.get("standard_memories").asInt()),
                "record / standard (p50 for reads, 1 / rate for writes); the red mark is the goal",
                bars);
    }
}
