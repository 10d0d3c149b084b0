package io.agentstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.StatementListener;
import io.agentstore.StoreOptions;
import io.agentstore.internal.shape.Shape;
import io.agentstore.internal.store.AllShapes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Param;

/** The shape benchmarks cover every registered read shape, and each case really runs its shape on rows. */
class ShapeCasesTest {

    @TempDir
    static Path dir;

    static Dataset data;
    static Path file;
    static StoreOptions options;

    @BeforeAll
    static void build() throws Exception {
        data = Dataset.forMemories(2_000);
        file = data.ensure(dir.resolve("cases.db"), m -> {});
        options = StoreOptions.defaults().withClock(Clock.offset(Clock.systemUTC(), Dataset.LATER));
    }

    private static List<String> readShapes() {
        return AllShapes.all().stream()
                .filter(s -> s.kind() == Shape.Kind.READ)
                // Whole-table reads (an export's) are measured by the transfer report, in rows per second.
                .filter(s -> !s.isScan())
                .map(Shape::name)
                .filter(n -> !ShapeCases.COVERED_BY.containsKey(n))
                .toList();
    }

    @Test
    void everyReadShapeHasACaseAndABenchmark() throws Exception {
        try (AgentStore store = AgentStore.open(file, options)) {
            assertThat(ShapeCases.of(store, data).keySet()).containsExactlyElementsOf(readShapes());
        }
        String[] benchmarked = ShapeBenchmarks.class
                .getField("shape")
                .getAnnotation(Param.class)
                .value();
        assertThat(Arrays.asList(benchmarked)).containsExactlyElementsOf(readShapes());
    }

    @Test
    void eachCaseRunsItsShapeAndReadsRows() throws Exception {
        List<String> empty = new ArrayList<>();
        try (AgentStore store = AgentStore.open(file, options)) {
            for (Map.Entry<String, IntFunction<Object>> c :
                    ShapeCases.of(store, data).entrySet()) {
                if (ShapeCases.rows(c.getValue().apply(3)) == 0) {
                    empty.add(c.getKey());
                }
            }
        }
        assertThat(empty).as("cases that read no rows").isEmpty();
        for (String shape : readShapes()) {
            // Throws unless every recorded call ran the shape.
            assertThat(Replay.record(file, options, data, shape, 3)).hasSize(3);
        }
    }

    @Test
    void theRawTwinReplaysTheSameStatementsAndRows() throws Exception {
        try (Replay replay = new Replay(file)) {
            for (String shape : readShapes()) {
                List<StatementListener.Executed> trace =
                        Replay.record(file, options, data, shape, 1).get(0);
                assertThat(replay.rows(trace)).as(shape).isPositive();
            }
        }
    }

    @Test
    void coveredShapesRunInsideTheirCoveringCase() {
        ShapeCases.COVERED_BY.forEach((covered, by) -> assertThat(
                        Replay.record(file, options, data, by, 1).get(0))
                .extracting(StatementListener.Executed::shape)
                .contains(covered));
    }
}
