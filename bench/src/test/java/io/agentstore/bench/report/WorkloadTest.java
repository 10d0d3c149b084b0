package io.agentstore.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.bench.Dataset;
import io.agentstore.internal.shape.Shape;
import io.agentstore.internal.store.AllShapes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report names each probe's query shapes (for their plans): every name must be a registered shape. */
class WorkloadTest {

    @TempDir
    Path dir;

    @Test
    void everyShapeAProbeNamesIsRegistered() throws Exception {
        List<String> registered = AllShapes.all().stream().map(Shape::name).toList();
        Dataset data = Dataset.forMemories(200);
        Path file = data.ensure(dir.resolve("probes.db"), m -> {});
        try (AgentStore store = AgentStore.open(file)) {
            List<Probe> probes = Workload.probes(store, data, "t");
            assertThat(probes).isNotEmpty();
            for (Probe p : probes) {
                assertThat(registered).as("shapes of probe " + p.name()).containsAll(p.shapes());
            }
        }
    }
}
