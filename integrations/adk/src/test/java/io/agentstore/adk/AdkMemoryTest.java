package io.agentstore.adk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.adk.memory.InMemoryMemoryService;
import com.google.adk.memory.MemoryEntry;
import com.google.adk.sessions.InMemorySessionService;
import com.google.adk.sessions.Session;
import io.agentstore.AgentStore;
import io.agentstore.PageRequest;
import io.agentstore.StatementListener;
import io.agentstore.StoreTestBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AdkMemoryTest extends StoreTestBase {

    private static Session conversation(String id, String user, String... texts) {
        InMemorySessionService scratch = new InMemorySessionService();
        Session s = scratch.createSession("weather", user, (Map<String, Object>) null, id)
                .blockingGet();
        for (int i = 0; i < texts.length; i++) {
            scratch.appendEvent(
                            s,
                            AdkScript.event(
                                    id + "-e" + i,
                                    i % 2 == 0 ? "user" : "model",
                                    AdkScript.T0 + 1000L * i,
                                    AdkScript.text(i % 2 == 0 ? "user" : "model", texts[i]),
                                    null))
                    .blockingGet();
        }
        // An event without content is not a memory.
        scratch.appendEvent(s, AdkScript.event(id + "-empty", "model", AdkScript.T0 + 99_000, null, Map.of("k", 1)))
                .blockingGet();
        return s;
    }

    private static Set<String> found(List<MemoryEntry> memories) {
        Set<String> out = new TreeSet<>();
        for (MemoryEntry m : memories) {
            JsonNode content = AdkScript.canonical(AdkJson.mapper().valueToTree(m.content()));
            out.add(m.author() + " " + content);
        }
        return out;
    }

    @Test
    void findsWhatAdksOwnMemoryServiceFindsAndKeepsItAcrossReopening() {
        InMemoryMemoryService adk = new InMemoryMemoryService();
        AgentStoreMemoryService ours = new AgentStoreMemoryService(store());
        List<Session> sessions = List.of(
                conversation("s1", "alice", "What is the weather in Paris?", "Sunny in Paris, 21 degrees."),
                conversation("s2", "alice", "Book a table in Lyon", "Done: a table for two in Lyon."),
                conversation("s3", "bob", "Weather in Paris please", "Rain in Paris."));
        for (Session s : sessions) {
            adk.addSessionToMemory(s).blockingAwait();
            ours.addSessionToMemory(s).blockingAwait();
        }
        List<String> queries = List.of("paris", "weather table", "lyon", "LYON", "nothing here", "sunny rain");
        for (String q : queries) {
            for (String user : List.of("alice", "bob", "carol")) {
                assertThat(found(ours.searchMemory("weather", user, q)
                                .blockingGet()
                                .memories()))
                        .as("%s searching %s", user, q)
                        .isEqualTo(found(adk.searchMemory("weather", user, q)
                                .blockingGet()
                                .memories()));
            }
        }
        assertThat(found(ours.searchMemory("weather", "alice", "paris")
                        .blockingGet()
                        .memories()))
                .hasSize(2);
        store().close();
        try (AgentStore reopened = openStore(options())) {
            AgentStoreMemoryService again = new AgentStoreMemoryService(reopened);
            assertThat(found(again.searchMemory("weather", "alice", "table")
                            .blockingGet()
                            .memories()))
                    .isEqualTo(found(adk.searchMemory("weather", "alice", "table")
                            .blockingGet()
                            .memories()));
        }
    }

    @Test
    void ranksByWordsMatchedThenNewestAndReadsOnlyTheQueryWordsEntries() {
        List<String> shapes = Collections.synchronizedList(new ArrayList<>());
        StatementListener listener = e -> shapes.add(e.shape());
        AgentStore store = openStore(options().withStatementListener(listener));
        AgentStoreMemoryService svc = new AgentStoreMemoryService(store, 2, 10_000);
        svc.addSessionToMemory(conversation(
                        "s1", "alice", "paris museums", "paris weather and museums", "weather only", "paris again"))
                .blockingAwait();
        for (int i = 0; i < 30; i++) {
            svc.addSessionToMemory(conversation("bulk" + i, "alice", "unrelated words number " + i))
                    .blockingAwait();
        }
        shapes.clear();
        List<MemoryEntry> top = svc.searchMemory("weather", "alice", "Paris museums?")
                .blockingGet()
                .memories();
        assertThat(top)
                .extracting(m -> m.content().text())
                .containsExactly("paris weather and museums", "paris museums");
        // One range per query word ("paris", "museums"), then one lookup per result: no scan.
        assertThat(shapes.stream().filter(s -> !s.equals("memoryCurrent")).toList())
                .containsExactly("memoryRecent", "memoryRecent");
        assertThat(shapes.stream().filter(s -> s.equals("memoryCurrent"))).hasSize(2);
    }

    @Test
    void addingASessionAgainAddsOnlyItsNewEventsEvenFromTwoStoresAtOnce() throws Exception {
        InMemorySessionService scratch = new InMemorySessionService();
        Session s = scratch.createSession("weather", "alice", (Map<String, Object>) null, "s")
                .blockingGet();
        for (int i = 0; i < 20; i++) {
            scratch.appendEvent(
                            s,
                            AdkScript.event(
                                    "e" + i,
                                    "user",
                                    AdkScript.T0 + i,
                                    AdkScript.text("user", "word" + (char) ('a' + i)),
                                    null))
                    .blockingGet();
        }
        AgentStoreMemoryService a = new AgentStoreMemoryService(store());
        AgentStoreMemoryService b = new AgentStoreMemoryService(openStore(options()));
        Thread other = new Thread(() -> b.addSessionToMemory(s).blockingAwait());
        other.start();
        a.addSessionToMemory(s).blockingAwait();
        other.join();
        a.addSessionToMemory(s).blockingAwait();
        String ns = AgentStoreMemoryService.eventsNamespace("weather", "alice", "s");
        assertThat(store().memory().byPrefix(ns, PageRequest.first(100)).items())
                .hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(store().memory().history(ns, "e" + i)).hasSize(1);
        }
        assertThat(a.searchMemory("weather", "alice", "wordc").blockingGet().memories())
                .hasSize(1);
    }

    @Test
    void badInputIsRefusedNamingIt() {
        AgentStoreMemoryService svc = new AgentStoreMemoryService(store());
        assertThatThrownBy(() -> svc.searchMemory("weather", "alice", null).blockingGet())
                .hasMessageContaining("query");
        assertThatThrownBy(() -> svc.addSessionToMemory(null).blockingAwait()).hasMessageContaining("session");
        assertThatThrownBy(() -> new AgentStoreMemoryService(store(), 0, 1)).hasMessageContaining("maxResults");
        assertThat(svc.searchMemory("weather", "alice", "").blockingGet().memories())
                .isEmpty();
        assertThat(svc.searchMemory("weather", "nobody", "paris").blockingGet().memories())
                .isEmpty();
    }

    @Test
    void theSemanticModeRanksTheUsersEventsByMeaningExactly() {
        io.agentstore.search.WordEmbedder embedder = new io.agentstore.search.WordEmbedder("words-v1", 64);
        AgentStoreMemoryService ours =
                AgentStoreMemoryService.semantic(openStore(options().withEmbedder(embedder)), 3);
        List<Session> sessions = List.of(
                conversation("s1", "alice", "I love spicy ramen noodles", "Ramen is a fine choice."),
                conversation(
                        "s2",
                        "alice",
                        "Book a flight to Paris",
                        "Your flight to Paris is booked.",
                        "Any ramen in Paris?"),
                conversation("s3", "bob", "I love spicy ramen noodles too"));
        for (Session s : sessions) {
            ours.addSessionToMemory(s).blockingAwait();
        }
        List<MemoryEntry> hits = ours.searchMemory("weather", "alice", "spicy ramen noodles")
                .blockingGet()
                .memories();
        // The oracle: alice's event texts by cosine with the query, best first.
        List<String> texts = List.of(
                "I love spicy ramen noodles",
                "Ramen is a fine choice.",
                "Book a flight to Paris",
                "Your flight to Paris is booked.",
                "Any ramen in Paris?");
        float[] q = embedder.vector("spicy ramen noodles");
        List<String> expected = texts.stream()
                .sorted(java.util.Comparator.comparingDouble((String t) -> -cosine(q, embedder.vector(t))))
                .limit(3)
                .toList();
        assertThat(hits)
                .extracting(m -> m.content().parts().orElseThrow().get(0).text().orElseThrow())
                .containsExactlyElementsOf(expected);
        assertThat(embedder.texts.get())
                .as("one text an event with content, nothing for the postings")
                .isEqualTo(6 + 1);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
