package io.agentstore.adk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.adk.sessions.InMemorySessionService;
import io.agentstore.AgentStore;
import io.agentstore.StoreTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same conversation against ADK's own in-memory session service and against agentstore's:
 * every answer must match, and agentstore's must still match after the store is closed and
 * opened again.
 */
class AdkDifferentialTest extends StoreTestBase {

    @Test
    void everyAnswerMatchesAdksOwnServiceAndSurvivesReopening() {
        InMemorySessionService adk = new InMemorySessionService();
        AgentStoreSessionService ours = new AgentStoreSessionService(store());

        List<JsonNode> adkWrites = AdkScript.write(adk);
        List<JsonNode> ourWrites = AdkScript.write(ours);
        same(ourWrites, adkWrites);
        List<JsonNode> adkReads = AdkScript.read(adk);
        same(AdkScript.read(ours), adkReads);

        store().close();
        try (AgentStore reopened = openStore(options())) {
            AgentStoreSessionService again = new AgentStoreSessionService(reopened);
            same(AdkScript.read(again), adkReads);
            same(AdkScript.delete(again), AdkScript.delete(adk));
        }
    }

    /** Equal answers, compared one by one so that a difference names the call and shows both JSON texts. */
    static void same(List<JsonNode> ours, List<JsonNode> theirs) {
        assertThat(ours).hasSameSizeAs(theirs);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i).toString())
                    .as("answer " + i)
                    .isEqualTo(theirs.get(i).toString());
        }
    }

    @Test
    void theScriptSeesWhatItMeansTo() {
        // The comparison is only as good as the script: check that its answers hold what the
        // semantics promise, so that two equally wrong services could not pass.
        AgentStoreSessionService ours = new AgentStoreSessionService(store());
        AdkScript.write(ours);
        List<JsonNode> reads = AdkScript.read(ours);
        JsonNode s1 = reads.get(0);
        assertThat(s1.at("/state/app:calls").asInt()).isEqualTo(2);
        assertThat(s1.at("/state/user:lang").asText()).isEqualTo("fr");
        assertThat(s1.path("state").has("plain")).isFalse();
        assertThat(s1.path("state").has("user:city")).isFalse();
        assertThat(s1.path("state").has("temp:scratch")).isFalse();
        assertThat(s1.path("events")).hasSize(5); // e4 was partial
        assertThat(s1.at("/events/1/content/parts/0/functionCall/name").asText())
                .isEqualTo("get_weather");
        assertThat(s1.at("/events/2/content/parts/0/functionResponse/response/celsius")
                        .asInt())
                .isEqualTo(21);
        JsonNode bob = reads.get(2);
        assertThat(bob.at("/state/app:mode").asText()).isEqualTo("fast");
        assertThat(bob.path("state").has("user:lang")).isFalse();
        assertThat(reads.get(4).path("events")).hasSize(2);
        assertThat(reads.get(5).path("events")).hasSize(3);
        assertThat(reads.get(6).path("events")).hasSize(1);
        assertThat(reads.get(7).path("events")).isEmpty();
    }
}
