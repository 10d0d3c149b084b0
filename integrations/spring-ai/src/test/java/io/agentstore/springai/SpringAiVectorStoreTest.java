package io.agentstore.springai;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.agentstore.ErrorCode;
import io.agentstore.StoreTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;

/**
 * agentstore's VectorStore beside Spring AI's own SimpleVectorStore, fed the same documents
 * through the same embedding model: every search (portable filter text, thresholds, top k) must
 * return the same ids in the same order with the same scores; deletes must leave the same.
 */
class SpringAiVectorStoreTest extends StoreTestBase {

    private static final int DIMS = 32;
    private static final String[] GENRES = {"drama", "comedy", "horror"};

    /** A model that gives each text the vector registered for it. */
    static final class FixedModel implements EmbeddingModel {
        final Map<String, float[]> vectors = new HashMap<>();

        @Override
        public EmbeddingResponse call(EmbeddingRequest request) {
            List<Embedding> out = new ArrayList<>();
            List<String> texts = request.getInstructions();
            for (int i = 0; i < texts.size(); i++) {
                out.add(new Embedding(vectors.get(texts.get(i)), i));
            }
            return new EmbeddingResponse(out);
        }

        @Override
        public float[] embed(Document document) {
            return vectors.get(document.getText());
        }

        @Override
        public int dimensions() {
            return DIMS;
        }
    }

    private static float[] random(Random r) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static List<String> ids(List<Document> docs) {
        return docs.stream().map(Document::getId).toList();
    }

    private static void assertSame(List<Document> ours, List<Document> theirs, String what) {
        assertThat(ids(ours)).as(what).isEqualTo(ids(theirs));
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i).getScore()).as(what).isCloseTo(theirs.get(i).getScore(), within(1e-6));
            assertThat(ours.get(i).getText()).isEqualTo(theirs.get(i).getText());
            assertThat(ours.get(i).getMetadata().get("genre"))
                    .isEqualTo(theirs.get(i).getMetadata().get("genre"));
            assertThat((Double) ours.get(i).getMetadata().get("distance"))
                    .isCloseTo(((Number) theirs.get(i).getMetadata().get("distance")).doubleValue(), within(1e-6));
        }
    }

    @Test
    void searchesFindWhatSpringAisSimpleVectorStoreFinds() {
        Random r = new Random(9);
        FixedModel model = new FixedModel();
        VectorStore ours = new AgentStoreVectorStore(store(), model, "rag:movies");
        VectorStore theirs = SimpleVectorStore.builder(model).build();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String text = "movie " + i;
            model.vectors.put(text, random(r));
            docs.add(Document.builder()
                    .id("id-" + i)
                    .text(text)
                    .metadata(Map.of("genre", GENRES[i % 3], "year", 2000 + i % 25, "rating", (i * 7 % 100) / 10.0))
                    .build());
        }
        ours.add(docs);
        theirs.add(docs);
        String[] filters = {
            null,
            "genre == 'drama'",
            "genre == 'drama' && year >= 2010",
            "genre in ['drama', 'horror'] || rating > 8.5",
            "not (genre == 'comedy')",
            "year nin [2001, 2002, 2003] && rating <= 5",
            "genre != 'comedy' && year < 2012",
        };
        for (int t = 0; t < 50; t++) {
            String query = "query " + t;
            model.vectors.put(query, random(r));
            SearchRequest.Builder b = SearchRequest.builder()
                    .query(query)
                    .topK(1 + r.nextInt(20))
                    .similarityThreshold(r.nextInt(3) == 0 ? 0.1 : 0.0);
            String filter = filters[r.nextInt(filters.length)];
            if (filter != null) {
                b.filterExpression(filter);
            }
            SearchRequest request = b.build();
            assertSame(ours.similaritySearch(request), theirs.similaritySearch(request), "search " + t + " " + filter);
        }

        ours.delete(List.of("id-1", "id-2", "missing"));
        theirs.delete(List.of("id-1", "id-2", "missing"));
        var dramas = new FilterExpressionBuilder().eq("genre", "drama").build();
        ours.delete(dramas);
        theirs.delete(dramas);
        model.vectors.put("all", random(r));
        SearchRequest all = SearchRequest.builder().query("all").topK(500).build();
        assertThat(ours.similaritySearch(all))
                .hasSizeLessThan(300 - 2 - 100) // the rest point away from the query
                .allSatisfy(d -> assertThat(d.getMetadata().get("genre")).isNotEqualTo("drama"));
        assertSame(ours.similaritySearch(all), theirs.similaritySearch(all), "after deletes");
    }

    @Test
    void anIdAddedAgainIsReplaced() {
        FixedModel model = new FixedModel();
        model.vectors.put("first", new float[] {1, 0});
        model.vectors.put("second", new float[] {0, 1});
        VectorStore ours = new AgentStoreVectorStore(store(), model, "rag:docs");
        ours.add(List.of(Document.builder().id("a").text("first").build()));
        ours.add(List.of(Document.builder().id("a").text("second").build()));
        List<Document> found = ours.similaritySearch(
                SearchRequest.builder().query("second").topK(5).build());
        assertThat(found).extracting(Document::getText).containsExactly("second");
        assertThat(store().memory().get("rag:docs", "a").orElseThrow().version())
                .isEqualTo(2);
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> AgentStoreVectorStore.translate(new org.springframework.ai.vectorstore.filter.Filter.Expression(
                        org.springframework.ai.vectorstore.filter.Filter.ExpressionType.EQ,
                        new org.springframework.ai.vectorstore.filter.Filter.Value(1),
                        new org.springframework.ai.vectorstore.filter.Filter.Value(2))),
                "compares no metadata key");
    }
}
