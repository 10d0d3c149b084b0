package io.agentstore.adk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.adk.agents.LlmAgent;
import com.google.adk.artifacts.InMemoryArtifactService;
import com.google.adk.events.Event;
import com.google.adk.runner.Runner;
import com.google.adk.sessions.Session;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import io.agentstore.AgentStore;
import io.agentstore.SqliteTestBase;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The README's ADK example, compiled and run (everything but the model call). */
class AdkReadmeExampleTest extends SqliteTestBase {

    @Test
    void theReadmeExampleRuns() {
        Path file = dbFile();
        // --- README: ADK ---
        AgentStore store = AgentStore.open(file); // close it when the application stops
        AgentStoreSessionService sessions = new AgentStoreSessionService(store);
        AgentStoreMemoryService memory = new AgentStoreMemoryService(store);

        LlmAgent agent = LlmAgent.builder()
                .name("weather")
                .model("gemini-2.5-flash")
                .instruction("Answer questions about the weather.")
                .build();
        Runner runner = Runner.builder()
                .agent(agent)
                .appName("weather_app")
                .artifactService(new InMemoryArtifactService())
                .sessionService(sessions)
                .memoryService(memory)
                .build();

        Session session = sessions.createSession("weather_app", "alice", Map.of("user:units", "metric"), null)
                .blockingGet();
        // … runner.runAsync("alice", session.id(), message) appends the turn's events …
        // --- end ---
        assertThat(runner.appName()).isEqualTo("weather_app");
        Event e = Event.builder()
                .id("e1")
                .invocationId("i1")
                .author("user")
                .content(Content.fromParts(Part.fromText("Is it sunny in Lisbon?")))
                .timestamp(System.currentTimeMillis())
                .build();
        sessions.appendEvent(session, e).blockingGet();
        memory.addSessionToMemory(session).blockingAwait();
        store.close();
        try (AgentStore reopened = AgentStore.open(file)) {
            AgentStoreSessionService again = new AgentStoreSessionService(reopened);
            Session read = again.getSession("weather_app", "alice", session.id(), Optional.empty())
                    .blockingGet();
            assertThat(read.events()).extracting(Event::id).containsExactly("e1");
            assertThat(read.state()).containsEntry("user:units", "metric");
            assertThat(new AgentStoreMemoryService(reopened)
                            .searchMemory("weather_app", "alice", "sunny")
                            .blockingGet()
                            .memories())
                    .hasSize(1);
        }
    }
}
