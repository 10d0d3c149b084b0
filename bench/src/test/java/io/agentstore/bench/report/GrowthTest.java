package io.agentstore.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The growth section's verdicts: which goal a shape is held to, and whether it met it. */
class GrowthTest {

    private static Probe probe(String name, String kind) {
        return new Probe(name, kind, List.of(), null, null, i -> 1);
    }

    private static Runner.Result read(double p50, double p99, double rows) {
        return new Runner.Result("x", "read", 1, 1000, 1, p50, p99, p99, 1e6 / p50, rows);
    }

    private static Runner.Result write(double opsPerSec) {
        return new Runner.Result("x", "write", 1, 1000, 1, 1e6 / opsPerSec, 0, 0, opsPerSec, 1);
    }

    private static ObjectNode row(Probe p, List<Runner.Result> small, List<Runner.Result> large) {
        return Growth.row(p, small, large, p.isWrite() ? List.of() : small, p.isWrite() ? List.of() : large);
    }

    @Test
    void aReadIsHeldToItsMedianRatio() {
        Probe p = probe("memories by type, newest 50", "read");
        // Medians: 100 against 119 (met), 100 against 121 (missed); the outlying round does not count.
        ObjectNode met = row(
                p,
                List.of(read(100, 150, 50), read(100, 150, 50), read(90, 150, 50)),
                List.of(read(119, 160, 50), read(500, 900, 50), read(110, 150, 50)));
        assertThat(met.get("ratio").asDouble()).isEqualTo(1.19);
        assertThat(met.get("verdict").asText()).isEqualTo("met");
        ObjectNode missed = row(p, List.of(read(100, 150, 50)), List.of(read(121, 160, 50)));
        assertThat(missed.get("verdict").asText()).isEqualTo("missed");
        assertThat(missed.get("goal").asText()).isEqualTo("p50 ≤ 1.2×");
    }

    @Test
    void aPointReadMustAlsoKeepItsP99UnderFiftyMicroseconds() {
        Probe p = probe("session by id", "read");
        assertThat(row(p, List.of(read(15, 40, 1)), List.of(read(16, 49, 1)))
                        .get("verdict")
                        .asText())
                .isEqualTo("met");
        ObjectNode slowTail = row(p, List.of(read(15, 40, 1)), List.of(read(16, 51, 1)));
        assertThat(slowTail.get("verdict").asText()).isEqualTo("missed");
        assertThat(slowTail.get("goal").asText()).contains("p99 ≤ 50 µs");
    }

    @Test
    void aReadWhoseResultOrInputGrowsHasNoGoal() {
        ObjectNode grows = row(
                probe("sessions of a user, newest 20", "read"), List.of(read(40, 70, 10)), List.of(read(80, 120, 20)));
        assertThat(grows.get("goal").asText()).isEmpty();
        assertThat(grows.get("verdict").asText()).isEqualTo("result grows");
        ObjectNode aggregate =
                row(probe("metricsAggregate", "read"), List.of(read(300, 350, 1)), List.of(read(3000, 3500, 1)));
        assertThat(aggregate.get("verdict").asText()).isEqualTo("reads a range that grows with the store");
    }

    @Test
    void aWriteIsHeldToItsTimePerCall() {
        Probe p = probe("memory update (new version)", "write");
        ObjectNode met = row(p, List.of(write(2600)), List.of(write(2000)));
        assertThat(met.get("ratio").asDouble()).isEqualTo(1.3);
        assertThat(met.get("verdict").asText()).isEqualTo("met");
        assertThat(row(p, List.of(write(2700)), List.of(write(2000)))
                        .get("verdict")
                        .asText())
                .isEqualTo("missed");
    }

    @Test
    void theSectionListsEveryShapeAndTheChartEveryShapeWithAGoal() {
        ObjectNode g = JsonNodeFactory.instance.objectNode();
        g.put("standard_memories", 100_000);
        g.put("record_memories", 1_000_000);
        g.put("standard_sessions", 10_000);
        g.put("record_sessions", 100_000);
        g.put("rounds", 3);
        var shapes = g.putArray("shapes");
        shapes.add(row(probe("session by id", "read"), List.of(read(15, 40, 1)), List.of(read(30, 60, 1))));
        shapes.add(row(
                probe("sessions of a user, newest 20", "read"), List.of(read(40, 70, 10)), List.of(read(80, 120, 20))));
        shapes.add(row(probe("memory add (with audit row)", "write"), List.of(write(4000)), List.of(write(3800))));
        StringWriter md = new StringWriter();
        try (PrintWriter w = new PrintWriter(md)) {
            Growth.markdown(w, g);
        }
        assertThat(md.toString())
                .contains("| session by id | read | p50 15.0 / p99 40.0 µs | p50 30.0 / p99 60.0 µs | 2.00× |")
                .contains("**missed**")
                .contains("| sessions of a user, newest 20 |")
                .contains("| memory add (with audit row) | write | 4,000/s | 3,800/s | 1.05× |")
                .contains("Goals met: 1; missed: 1.");
        String svg = Growth.chart(g);
        assertThat(svg).startsWith("<svg").contains("session by id").contains("memory add (with audit row)");
        assertThat(svg).doesNotContain("sessions of a user");
    }
}
