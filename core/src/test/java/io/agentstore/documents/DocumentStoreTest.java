package io.agentstore.documents;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.ErrorCode;
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
        Document d = docs().upsert("docs/design.md", "Design", DocumentType.DESIGN, H1, 4, Map.of("owner", "alice"));
        assertThat(d.syncStatus()).isEqualTo(SyncStatus.PENDING);
        assertThat(docs().syncQueue(10)).extracting(Document::filePath).containsExactly("docs/design.md");
        Document synced = docs().markSynced("docs/design.md", H1, "embed-v1", new byte[] {1, 2, 3});
        assertThat(synced.syncStatus()).isEqualTo(SyncStatus.SYNCED);
        assertThat(synced.lastSyncedAt()).isEqualTo(clock.instant());
        assertThat(docs().embedding("docs/design.md"))
                .hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        assertThat(docs().syncQueue(10)).isEmpty();
        assertThat(docs().upsert("docs/design.md", "Design v1", DocumentType.DESIGN, H1, 4, null)
                        .syncStatus())
                .isEqualTo(SyncStatus.SYNCED);
        assertThat(docs().upsert("docs/design.md", "Design v2", DocumentType.DESIGN, H2, 5, null)
                        .syncStatus())
                .isEqualTo(SyncStatus.STALE);
        assertThat(docs().syncQueue(10)).extracting(Document::filePath).containsExactly("docs/design.md");
        assertFails(ErrorCode.CONFLICT, () -> docs().markSynced("docs/design.md", H1, "embed-v1", new byte[] {9}), H2);
    }

    @Test
    void theSyncQueueIsOldestFirstAndFailuresLeaveIt() {
        docs().upsert("a.md", null, DocumentType.PLAN, H1, 1, null);
        clock.advance(Duration.ofSeconds(1));
        docs().upsert("b.md", null, DocumentType.PLAN, H1, 1, null);
        clock.advance(Duration.ofSeconds(1));
        docs().upsert("c.md", null, DocumentType.REPORT, H2, 1, null);
        assertThat(docs().syncQueue(10)).extracting(Document::filePath).containsExactly("a.md", "b.md", "c.md");
        Document failed = docs().markFailed("b.md", "embedding service down");
        assertThat(failed.syncError()).isEqualTo("embedding service down");
        assertThat(docs().syncQueue(10)).extracting(Document::filePath).containsExactly("a.md", "c.md");
        assertThat(docs().byContentHash(H1, 10)).extracting(Document::filePath).containsExactly("a.md", "b.md");
        assertThat(docs().byType(DocumentType.PLAN, 10, null).items())
                .extracting(Document::filePath)
                .containsExactly("b.md", "a.md");
        assertFails(ErrorCode.NOT_FOUND, () -> docs().markFailed("ghost.md", "x"), "'ghost.md'");
    }

    @Test
    void aHashThatIsNotSha256HexIsRefused() {
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> docs().upsert("a.md", null, DocumentType.PLAN, "ABC", 1, null),
                "'ABC'");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> docs().upsert("a.md", null, DocumentType.PLAN, "A".repeat(64), 1, null),
                "64 lowercase hex");
        assertThat(docs().get("a.md")).isEmpty();
    }
}
