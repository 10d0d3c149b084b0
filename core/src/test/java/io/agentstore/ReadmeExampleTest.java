package io.agentstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.MemoryType;
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.memory.NewMemory;
import io.agentstore.memory.Resolved;
import io.agentstore.memory.ScopedMemory;
import io.agentstore.search.SearchHit;
import io.agentstore.sessions.Event;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The usage example of the README, compiled and run: keep the two in step. */
class ReadmeExampleTest extends StoreTestBase {

    @Test
    void theReadmeExampleRuns() {
        Path file = dir.resolve("agents.db");
        // --- README example start ---
        try (AgentStore store = AgentStore.open(file)) {
            // A conversation: create, activate, append events (with a state delta) and read them back.
            Session session = store.sessions().create(NewSession.of("support-bot", "alice"));
            store.sessions().activate(session.id());
            store.sessions()
                    .append(
                            session.id(),
                            NewEvent.of("message", "user", Map.of("text", "Hi, I'm Alice"))
                                    .withStateDelta(Map.of("user:name", "Alice")));
            List<Event> history = store.sessions()
                    .events(session.id(), PageRequest.first(100))
                    .items();

            // Long-term memory: versioned, audited, in namespaces.
            store.memory()
                    .add(NewMemory.of("user:alice:preferences", "language", "en")
                            .by("alice"));
            store.memory()
                    .update(MemoryUpdate.of("user:alice:preferences", "language", "fr")
                            .expecting(1));
            MemoryEntry current =
                    store.memory().get("user:alice:preferences", "language").orElseThrow();
            List<MemoryEntry> newest = store.memory()
                    .recentByPrefix("user:alice", PageRequest.first(10))
                    .items();

            // Search memory by meaning (with StoreOptions.withEmbedder(...) a text query works too).
            store.memory()
                    .add(NewMemory.of("user:alice:facts", "food", "Alice loves spicy ramen")
                            .withEmbedding(new float[] {0.9f, 0.1f, 0.3f}));
            List<SearchHit<MemoryEntry>> hits = store.memory()
                    .search(MemorySearch.vector(new float[] {1f, 0f, 0.2f})
                            .within("user:alice")
                            .withLimit(5));

            // Memory as the session sees it: session > user > app > project.
            ScopedMemory scoped = store.memory().scoped(session);
            scoped.put(
                    NewMemory.of("session:" + session.id(), "mood", "curious").withType(MemoryType.EPISODIC));
            Resolved language = scoped.resolve("preferences", "language").orElseThrow();
            // --- README example end ---

            assertThat(history).hasSize(1);
            assertThat(store.sessions()
                            .state(session.id())
                            .tree()
                            .get("user:name")
                            .asText())
                    .isEqualTo("Alice");
            assertThat(current.version()).isEqualTo(2);
            assertThat(current.value().as(String.class)).isEqualTo("fr");
            assertThat(newest).extracting(MemoryEntry::key).containsExactly("language");
            assertThat(language.value().as(String.class)).isEqualTo("fr");
            assertThat(hits).extracting(h -> h.item().key()).containsExactly("food");
        }
    }
}
