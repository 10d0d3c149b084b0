package io.agentstore.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.agentstore.ErrorCode;
import io.agentstore.StoreTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * agentstore's EmbeddingStore beside LangChain4j's own InMemoryEmbeddingStore, fed the same
 * segments and vectors: every search (with and without filters and a minimum score) must find
 * the same ids in the same order with the same scores, and deletes must leave the same.
 */
class LangChain4jEmbeddingStoreTest extends StoreTestBase {

    private static final int DIMS = 32;
    private static final String[] GENRES = {"drama", "comedy", "horror"};

    private static Embedding random(Random r) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Embedding.from(v);
    }

    private static Filter randomFilter(Random r) {
        Filter genre = metadataKey("genre").isEqualTo(GENRES[r.nextInt(GENRES.length)]);
        Filter recent = metadataKey("year").isGreaterThanOrEqualTo(2000 + r.nextInt(25));
        Filter rated = metadataKey("rating").isLessThan(2.0 + r.nextDouble() * 8);
        Filter in = metadataKey("genre").isIn("drama", "horror");
        return switch (r.nextInt(7)) {
            case 0 -> genre;
            case 1 -> recent.and(rated);
            case 2 -> genre.or(recent);
            case 3 -> Filter.not(in);
            case 4 ->
                metadataKey("genre")
                        .isNotEqualTo("comedy")
                        .and(metadataKey("year").isLessThanOrEqualTo(2015));
            case 5 ->
                metadataKey("year")
                        .isNotIn(2001, 2002, 2003)
                        .and(metadataKey("rating").isGreaterThan(3));
            default -> null;
        };
    }

    private static List<String> ids(List<EmbeddingMatch<TextSegment>> matches) {
        return matches.stream().map(EmbeddingMatch::embeddingId).toList();
    }

    private static void assertSame(
            List<EmbeddingMatch<TextSegment>> ours, List<EmbeddingMatch<TextSegment>> theirs, String what) {
        assertThat(ids(ours)).as(what).isEqualTo(ids(theirs));
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i).score()).as(what).isCloseTo(theirs.get(i).score(), within(1e-6));
            assertThat(ours.get(i).embedded().text())
                    .isEqualTo(theirs.get(i).embedded().text());
            assertThat(ours.get(i).embedded().metadata().getString("genre"))
                    .isEqualTo(theirs.get(i).embedded().metadata().getString("genre"));
        }
    }

    @Test
    void searchesFindWhatLangChain4jsInMemoryStoreFinds() {
        Random r = new Random(42);
        EmbeddingStore<TextSegment> ours = new AgentStoreEmbeddingStore(store(), "rag:movies");
        InMemoryEmbeddingStore<TextSegment> theirs = new InMemoryEmbeddingStore<>();
        List<String> ids = new ArrayList<>();
        List<Embedding> embeddings = new ArrayList<>();
        List<TextSegment> segments = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add("id-" + i);
            embeddings.add(random(r));
            segments.add(TextSegment.from(
                    "movie " + i,
                    Metadata.from(
                            Map.of("genre", GENRES[i % 3], "year", 2000 + i % 25, "rating", (i * 7 % 100) / 10.0))));
        }
        ours.addAll(ids, embeddings, segments);
        theirs.addAll(ids, embeddings, segments);
        for (int t = 0; t < 60; t++) {
            Filter filter = randomFilter(r);
            double minScore = r.nextInt(3) == 0 ? 0.55 : 0.0;
            EmbeddingSearchRequest request = EmbeddingSearchRequest.builder()
                    .queryEmbedding(random(r))
                    .maxResults(1 + r.nextInt(20))
                    .minScore(minScore)
                    .filter(filter)
                    .build();
            assertSame(ours.search(request).matches(), theirs.search(request).matches(), "search " + t + " " + filter);
        }

        // Deletes by id, by filter and of everything leave the same as LangChain4j's.
        ours.removeAll(List.of("id-1", "id-2", "missing"));
        theirs.removeAll(List.of("id-1", "id-2", "missing"));
        Filter dramas = metadataKey("genre").isEqualTo("drama");
        ours.removeAll(dramas);
        theirs.removeAll(dramas);
        EmbeddingSearchRequest all = EmbeddingSearchRequest.builder()
                .queryEmbedding(random(r))
                .maxResults(500)
                .build();
        assertThat(ours.search(all).matches()).hasSize(300 - 2 - 100); // id-1 and id-2 are no dramas
        assertSame(ours.search(all).matches(), theirs.search(all).matches(), "after deletes");
        ours.removeAll();
        assertThat(ours.search(all).matches()).isEmpty();
    }

    @Test
    void anIdAddedAgainIsReplacedAndAnUnknownFilterIsRefused() {
        AgentStoreEmbeddingStore ours = new AgentStoreEmbeddingStore(store(), "rag:docs");
        ours.add("a", Embedding.from(new float[] {1, 0}));
        ours.addAll(
                List.of("a", "b"),
                List.of(Embedding.from(new float[] {0, 1}), Embedding.from(new float[] {1, 1})),
                List.of(TextSegment.from("A"), TextSegment.from("B")));
        List<EmbeddingMatch<TextSegment>> top = ours.search(EmbeddingSearchRequest.builder()
                        .queryEmbedding(Embedding.from(new float[] {0, 1}))
                        .maxResults(1)
                        .build())
                .matches();
        assertThat(top).extracting(EmbeddingMatch::embeddingId).containsExactly("a");
        assertThat(top.get(0).embedded().text()).isEqualTo("A");
        assertThat(top.get(0).score()).isCloseTo(1.0, within(1e-6));
        assertThat(store().memory().get("rag:docs", "a").orElseThrow().version())
                .isEqualTo(2);
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> ours.search(EmbeddingSearchRequest.builder()
                        .queryEmbedding(Embedding.from(new float[] {0, 1}))
                        .filter(metadataKey("title").containsString("x"))
                        .build()),
                "ContainsString");
    }
}
