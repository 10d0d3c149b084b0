package io.agentstore.documents;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.ErrorCode;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentStoreTest extends StoreTestBase {

    private static final String H1 = "a".repeat(64);
    private static final String H2 = "b".repeat(64);

    private DocumentStore docs() {
        return store().documents();
    }

    @Test
    void aNewDocumentIsPendingAChangedHashMakesASyncedOneStale() {
        Document d = docs().upsert(NewDocument.of("docs/design.md", DocumentType.DESIGN, H1)
                .withTitle("Design")
                .withChunks(4)
                .withMetadata(Map.of("owner", "alice")));
        assertThat(d.syncStatus()).isEqualTo(SyncStatus.PENDING);
        assertThat(docs().syncQueue(10)).extracting(Document::filePath).containsExactly("docs/design.md");
        Document synced = docs().markSynced(
                        DocumentSync.of("docs/design.md", H1).withEmbedding("embed-v1", new float[] {3, 0, 4}));
        assertThat(synced.syncStatus()).isEqualTo(SyncStatus.SYNCED);
        assertThat(synced.lastSyncedAt()).isEqualTo(clock.instant());
        assertThat(docs().embedding("docs/design.md"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly(0.6f, 0f, 0.8f)); // stored at unit length
        assertThat(docs().syncQueue(10)).isEmpty();
        assertThat(docs().upsert(NewDocument.of("docs/design.md", DocumentType.DESIGN, H1)
                                .withTitle("Design v1")
                                .withChunks(4))
                        .syncStatus())
                .isEqualTo(SyncStatus.SYNCED);
        assertThat(docs().upsert(NewDocument.of("docs/design.md", DocumentType.DESIGN, H2)
                                .withTitle("Design v2")
                                .withChunks(5))
                        .syncStatus())
                .isEqualTo(SyncStatus.STALE);
        assertThat(docs().syncQueue(10)).extracting(Document::filePath).containsExactly("docs/design.md");
        assertFails(
                ErrorCode.CONFLICT,
                () -> docs().markSynced(
                                DocumentSync.of("docs/design.md", H1).withEmbedding("embed-v1", new float[] {9, 1, 1})),
                H2);
    }

    @Test
    void theSyncQueueIsOldestFirstAndFailuresLeaveIt() {
        docs().upsert(NewDocument.of("a.md", DocumentType.PLAN, H1).withChunks(1));
        clock.advance(Duration.ofSeconds(1));
        docs().upsert(NewDocument.of("b.md", DocumentType.PLAN, H1).withChunks(1));
        clock.advance(Duration.ofSeconds(1));
        docs().upsert(NewDocument.of("c.md", DocumentType.REPORT, H2).withChunks(1));
        assertThat(docs().syncQueue(10)).extracting(Document::filePath).containsExactly("a.md", "b.md", "c.md");
        Document failed = docs().markFailed("b.md", "embedding service down");
        assertThat(failed.syncError()).isEqualTo("embedding service down");
        assertThat(docs().syncQueue(10)).extracting(Document::filePath).containsExactly("a.md", "c.md");
        assertThat(docs().byContentHash(H1, PageRequest.first(10)).items())
                .extracting(Document::filePath)
                .containsExactly("a.md", "b.md");
        // One a page: the second page continues after the first, and is the last.
        Page<Document> first = docs().byContentHash(H1, PageRequest.first(1));
        assertThat(first.items()).extracting(Document::filePath).containsExactly("a.md");
        Page<Document> second = docs().byContentHash(H1, first.next().orElseThrow());
        assertThat(second.items()).extracting(Document::filePath).containsExactly("b.md");
        assertThat(second.hasMore()).isFalse();
        assertThat(docs().byType(DocumentType.PLAN, PageRequest.first(10)).items())
                .extracting(Document::filePath)
                .containsExactly("b.md", "a.md");
        assertFails(ErrorCode.NOT_FOUND, () -> docs().markFailed("ghost.md", "x"), "'ghost.md'");
    }

    @Test
    void aHashThatIsNotSha256HexIsRefused() {
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> docs().upsert(
                                NewDocument.of("a.md", DocumentType.PLAN, "ABC").withChunks(1)),
                "'ABC'");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> docs().upsert(NewDocument.of("a.md", DocumentType.PLAN, "A".repeat(64))
                        .withChunks(1)),
                "64 lowercase hex");
        assertThat(docs().get("a.md")).isEmpty();
    }
}
