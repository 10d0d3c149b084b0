package io.agentstore.koog;

import static io.agentstore.koog.Koog.checkpoint;
import static io.agentstore.koog.Koog.json;
import static io.agentstore.koog.Koog.latest;
import static io.agentstore.koog.Koog.list;
import static io.agentstore.koog.Koog.save;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koog.agents.snapshot.feature.AgentCheckpointData;
import ai.koog.agents.snapshot.providers.InMemoryPersistenceStorageProvider;
import ai.koog.agents.snapshot.providers.PersistenceStorageProvider;
import ai.koog.agents.snapshot.providers.filters.AgentCheckpointPredicateFilter;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentstore.AgentStore;
import io.agentstore.StoreTestBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same checkpoints saved through Koog's own in-memory provider and through agentstore's:
 * every answer (lists, latest, with and without filters) must be the same, and agentstore's must
 * still be after the store is closed and opened again.
 */
class KoogDifferentialTest extends StoreTestBase {

    private static final long T0 = 1_780_000_000_000L;

    private static final List<String> SESSIONS = List.of("run-1", "run 2 / ünï", "", "x".repeat(400), "never");

    private static final List<AgentCheckpointPredicateFilter> FILTERS = Arrays.asList(
            null,
            c -> c.getVersion() >= 2,
            c -> c.getGraphProperties() != null
                    && c.getGraphProperties().getNodePath().equals("agent/plan"),
            c -> false,
            c -> c.getCheckpointId().endsWith("b"));

    /** Saves the script through a provider. */
    private static void write(PersistenceStorageProvider<AgentCheckpointPredicateFilter> p) {
        int n = 0;
        for (String s : SESSIONS.subList(0, 4)) {
            // A run: versions 0, 1, 2 in order; two parallel nodes saving version 3 from the same
            // parent; a late save of a lower version; a checkpoint created earlier but saved
            // later; equal creation times; three saves of the highest version.
            long[][] script = {
                {0, 0},
                {1, 10},
                {2, 20},
                {3, 30},
                {3, 30},
                {2, 40},
                {4, 5},
                {-7, 50},
                {Long.MAX_VALUE, 50},
                {1, 60},
                {Long.MAX_VALUE, 70},
                {Long.MAX_VALUE, 45}
            };
            for (long[] v : script) {
                n++;
                String node = n % 3 == 0 ? "agent/plan" : "agent/act";
                save(
                        p,
                        s,
                        checkpoint(
                                "cp-" + n + (n % 2 == 0 ? "b" : "a"), T0 + v[1], v[0], node, "step " + n + " of " + s));
            }
        }
    }

    /** Every answer the provider gives for every session and filter. */
    private static List<JsonNode> read(PersistenceStorageProvider<AgentCheckpointPredicateFilter> p) {
        List<JsonNode> out = new ArrayList<>();
        for (String s : SESSIONS) {
            for (AgentCheckpointPredicateFilter f : FILTERS) {
                out.add(json(list(p, s, f)));
                out.add(json(latest(p, s, f)));
            }
        }
        return out;
    }

    @Test
    void everyAnswerMatchesKoogsInMemoryProviderAndSurvivesReopening() {
        InMemoryPersistenceStorageProvider koog = new InMemoryPersistenceStorageProvider();
        AgentStorePersistenceStorageProvider ours = new AgentStorePersistenceStorageProvider(store());
        write(koog);
        write(ours);
        List<JsonNode> expected = read(koog);
        same(read(ours), expected);

        store().close();
        try (AgentStore reopened = openStore(options())) {
            same(read(new AgentStorePersistenceStorageProvider(reopened)), expected);
        }
    }

    @Test
    void theScriptSeesWhatItMeansTo() {
        // Two equally wrong providers could agree: check the answers hold what the semantics promise.
        AgentStorePersistenceStorageProvider ours = new AgentStorePersistenceStorageProvider(store());
        write(ours);
        List<AgentCheckpointData> all = list(ours, "run-1", null);
        assertThat(all)
                .extracting(AgentCheckpointData::getCheckpointId)
                .containsExactly(
                        "cp-1a", "cp-2b", "cp-3a", "cp-4b", "cp-5a", "cp-6b", "cp-7a", "cp-8b", "cp-9a", "cp-10b",
                        "cp-11a", "cp-12b");
        // Highest version, not the last saved; of its three, the first saved (read past the first page).
        assertThat(latest(ours, "run-1", null).getCheckpointId()).isEqualTo("cp-9a");
        // Created last among those the filter takes; of two equal versions, the first saved.
        assertThat(latest(ours, "run-1", c -> c.getVersion() == 3).getCheckpointId())
                .isEqualTo("cp-4b");
        assertThat(latest(ours, "run-1", c -> c.getVersion() < 100).getCheckpointId())
                .isEqualTo("cp-10b");
        assertThat(list(ours, "never", null)).isEmpty();
        assertThat(latest(ours, "never", null)).isNull();
        // Nothing of a checkpoint is lost on the way: it reads back equal, message history and all.
        AgentCheckpointData first = checkpoint("cp-1a", T0, 0, "agent/act", "step 1 of run-1");
        assertThat(all.get(0)).isEqualTo(first);
    }

    private static void same(List<JsonNode> ours, List<JsonNode> theirs) {
        assertThat(ours).hasSameSizeAs(theirs);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i)).as("answer " + i).isEqualTo(theirs.get(i));
        }
    }
}
