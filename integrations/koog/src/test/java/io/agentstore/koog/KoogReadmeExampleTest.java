package io.agentstore.koog;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koog.agents.snapshot.feature.AgentCheckpointData;
import io.agentstore.AgentStore;
import io.agentstore.SqliteTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Java example, as written there. */
class KoogReadmeExampleTest extends SqliteTestBase {

    @Test
    void theReadmeExampleRuns() {
        AgentStore store = store();
        String runId = "run-42";
        AgentCheckpointData checkpoint = Koog.checkpoint("cp-1", 1_780_000_000_000L, 0, "agent/plan", "first");

        AgentStorePersistenceStorageProvider checkpoints = new AgentStorePersistenceStorageProvider(store);
        checkpoints.saveCheckpointAsync(runId, checkpoint).join();
        AgentCheckpointData latest =
                checkpoints.getLatestCheckpointAsync(runId, null).join();
        List<AgentCheckpointData> plans = checkpoints
                .getCheckpointsAsync(
                        runId,
                        c -> c.getGraphProperties() != null
                                && c.getGraphProperties().getNodePath().endsWith("plan"))
                .join();
        checkpoints.deleteCheckpoints(runId); // once the run is over

        assertThat(latest).isEqualTo(checkpoint);
        assertThat(plans).containsExactly(checkpoint);
        assertThat(checkpoints.getLatestCheckpointAsync(runId, null).join()).isNull();
    }
}
