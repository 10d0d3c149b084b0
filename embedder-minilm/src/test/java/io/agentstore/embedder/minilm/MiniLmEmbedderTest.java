package io.agentstore.embedder.minilm;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.NewMemory;
import io.agentstore.search.SearchHit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniLmEmbedderTest {

    static MiniLmEmbedder minilm;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        minilm = MiniLmEmbedder.load();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void itEmbedsOfflineIn384DimensionsAndSimilarMeaningIsCloser() {
        List<float[]> v = minilm.embed(List.of(
                "The cat sleeps on the sofa.", "A kitten is napping on the couch.", "Quarterly revenue rose by 8%."));
        assertThat(v).hasSize(3).allSatisfy(x -> assertThat(x).hasSize(384));
        assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(0), v.get(2)) + 0.3);
        assertThat(minilm.embed("The cat sleeps on the sofa.")).containsExactly(v.get(0));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> minilm.embed(List.of("ok", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text #1 is blank");
    }

    @Test
    void aStoreWithItFindsMemoriesByMeaning() {
        try (AgentStore store =
                AgentStore.open(dir.resolve("m.db"), StoreOptions.defaults().withEmbedder(minilm))) {
            store.memory()
                    .addAll(List.of(
                            NewMemory.of("user:alice", "pet", "Alice has a ginger cat called Tom."),
                            NewMemory.of("user:alice", "food", "Alice's favourite dish is spicy ramen."),
                            NewMemory.of("user:alice", "work", "Alice works as a civil engineer in Lyon."),
                            NewMemory.of("user:bob", "pet", "Bob keeps two goldfish."),
                            NewMemory.of("user:bob", "empty", "")));
            assertThat(store.memory().get("user:bob", "empty").orElseThrow().embedded())
                    .isFalse();
            List<SearchHit<MemoryEntry>> hits = store.memory()
                    .search(MemorySearch.text("What animal does Alice own?")
                            .within("user:alice")
                            .withLimit(3));
            assertThat(hits).extracting(h -> h.item().key()).first().isEqualTo("pet");
            assertThat(hits.get(0).item().namespace()).isEqualTo("user:alice");
            assertThat(store.memory()
                            .search(MemorySearch.text("noodles").withLimit(1))
                            .get(0)
                            .item()
                            .key())
                    .isEqualTo("food");
        }
    }
}
