package io.agentstore.documents;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.StoreTestBase;
import io.agentstore.internal.vector.Vectors;
import io.agentstore.search.MetadataFilter;
import io.agentstore.search.SearchHit;
import io.agentstore.search.WordEmbedder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DocumentSearchTest extends StoreTestBase {

    private static final String H1 = "a".repeat(64);
    private static final String H2 = "b".repeat(64);

    private DocumentStore docs() {
        return store().documents();
    }

    private static List<String> paths(List<SearchHit<Document>> hits) {
        return hits.stream().map(h -> h.item().filePath()).toList();
    }

    private void synced(String path, DocumentType type, float[] v, Map<String, Object> metadata) {
        docs().upsert(NewDocument.of(path, type, H1).withMetadata(metadata));
        docs().markSynced(DocumentSync.of(path, H1).withEmbedding("embed-v1", v));
    }

    @Test
    void searchesAreExactWithTypeStatusAndMetadataFilters() {
        Random r = new Random(5);
        DocumentType[] types = DocumentType.values();
        record Known(String path, DocumentType type, float[] v, int year) {}
        List<Known> all = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            float[] v = new float[16];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) r.nextGaussian();
            }
            Known k = new Known("docs/d" + i + ".md", types[i % types.length], v, 2000 + i % 20);
            all.add(k);
            synced(k.path(), k.type(), v, Map.of("year", k.year()));
        }
        docs().upsert(NewDocument.of("docs/unsynced.md", DocumentType.PLAN, H1));
        for (int t = 0; t < 20; t++) {
            float[] q = new float[16];
            for (int d = 0; d < q.length; d++) {
                q[d] = (float) r.nextGaussian();
            }
            DocumentType type = types[t % types.length];
            int from = 2000 + t % 20;
            List<SearchHit<Document>> hits = docs().search(DocumentSearch.vector(q)
                    .withType(type)
                    .where(MetadataFilter.gte("year", from))
                    .withLimit(7));
            float[] unit = Vectors.unit(q, 16, "q");
            List<String> expected = all.stream()
                    .filter(k -> k.type() == type && k.year() >= from)
                    .sorted(Comparator.comparingDouble((Known k) -> -Vectors.cosine(unit, Vectors.unit(k.v(), 16, "v")))
                            .thenComparing(Known::path))
                    .limit(7)
                    .map(Known::path)
                    .toList();
            assertThat(paths(hits)).isEqualTo(expected);
        }
    }

    @Test
    void aChangedDocumentIsFoundAsItIsNow() {
        synced("a.md", DocumentType.DESIGN, new float[] {1, 0}, Map.of());
        synced("b.md", DocumentType.PLAN, new float[] {0.8f, 0.6f}, Map.of());
        assertThat(paths(docs().search(DocumentSearch.vector(new float[] {1, 0}))))
                .containsExactly("a.md", "b.md");
        // A new hash makes a.md stale: still found, unless the search asks for synced documents.
        docs().upsert(NewDocument.of("a.md", DocumentType.DESIGN, H2));
        assertThat(paths(docs().search(DocumentSearch.vector(new float[] {1, 0}))))
                .containsExactly("a.md", "b.md");
        assertThat(paths(docs().search(DocumentSearch.vector(new float[] {1, 0}).withSyncStatus(SyncStatus.SYNCED))))
                .containsExactly("b.md");
        // Synced again with a new vector, and retyped: found by its new vector and type.
        docs().markSynced(DocumentSync.of("a.md", H2).withEmbedding("embed-v1", new float[] {0, 1}));
        docs().upsert(NewDocument.of("a.md", DocumentType.REPORT, H2));
        List<SearchHit<Document>> hits = docs().search(DocumentSearch.vector(new float[] {0, 1}));
        assertThat(paths(hits)).containsExactly("a.md", "b.md");
        assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(paths(docs().search(DocumentSearch.vector(new float[] {0, 1}).withType(DocumentType.DESIGN))))
                .isEmpty();
        // Another store on the same database sees the same.
        AgentStore other = openStore(options());
        assertThat(paths(other.documents()
                        .search(DocumentSearch.vector(new float[] {0, 1}).withType(DocumentType.REPORT))))
                .containsExactly("a.md");
    }

    @Test
    void anotherModelOrDimensionOrBadVectorIsRefusedAndWritesNothing() {
        synced("a.md", DocumentType.DESIGN, new float[] {1, 0, 0}, Map.of());
        docs().upsert(NewDocument.of("b.md", DocumentType.DESIGN, H1));
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> docs().markSynced(DocumentSync.of("b.md", H1).withEmbedding("embed-v2", new float[] {1, 0, 0})),
                "embed-v1",
                "embed-v2");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> docs().markSynced(DocumentSync.of("b.md", H1).withEmbedding("embed-v1", new float[] {1, 0})),
                "2 dimensions");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> docs().markSynced(
                                DocumentSync.of("b.md", H1).withEmbedding("embed-v1", new float[] {1, Float.NaN, 0})),
                "NaN");
        assertThat(docs().get("b.md").orElseThrow().syncStatus()).isEqualTo(SyncStatus.PENDING);
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> docs().search(DocumentSearch.vector(new float[] {1, 0})),
                "2 dimensions");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> docs().search(DocumentSearch.text("design")), "embedder");
        // With an embedder of the documents' model, text queries work.
        AgentStore withEmbedder = openStore(options().withEmbedder(new WordEmbedder("embed-v1", 3)));
        assertThat(withEmbedder.documents().search(DocumentSearch.text("design")))
                .hasSize(1);
        AgentStore otherModel = openStore(options().withEmbedder(new WordEmbedder("embed-v9", 3)));
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> otherModel.documents().search(DocumentSearch.text("design")),
                "embed-v1",
                "embed-v9");
    }
}
