package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.DOCUMENT_INDEX;
import static io.agentstore.internal.db.Tables.DOCUMENT_VECTOR_CHANGES;
import static io.agentstore.internal.store.VectorShapes.*;

import io.agentstore.documents.Document;
import io.agentstore.documents.DocumentSearch;
import io.agentstore.internal.database.Call;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.shape.Row;
import io.agentstore.internal.vector.MetadataMatch;
import io.agentstore.internal.vector.VectorIndex;
import io.agentstore.internal.vector.Vectors;
import io.agentstore.search.SearchHit;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Semantic search over the document index: a synced document's vector (its embedding_blob, the
 * unit float32 vector of the 'documents' space) in a {@link SyncedIndex} of one group, keyed by
 * path; its type and sync status are filters.
 */
final class DocumentVectors {

    static final String SPACE_NAME = "documents";

    /** The one group every document is indexed in. */
    private static final String GROUP = "";

    private final Database db;
    private final VectorSpace space;
    private final SyncedIndex index;

    DocumentVectors(Database db) {
        this.db = db;
        this.space = new VectorSpace(db, SPACE_NAME);
        this.index = new SyncedIndex(
                db,
                new SyncedIndex.Source(
                        "document",
                        DOCUMENT_VECTOR_HORIZON,
                        r -> r.get(HORIZON),
                        DOCUMENT_VECTOR_FEED,
                        DOCUMENT_FROM,
                        DocumentVectors::change,
                        VectorShapes.DOCUMENT_VECTOR_FLOOR,
                        DOCUMENT_VECTORS_LOAD,
                        DOCUMENT_AFTER_ID,
                        Pages.LIMIT,
                        DocumentVectors::item));
    }

    /** Inside markSynced: the vector's space checked (the model named by the sync). */
    VectorSpace.Recorded requireSpace(Conn c, String model, int dimensions, String doing) throws SQLException {
        return space.require(c, model, dimensions, doing);
    }

    void committed(VectorSpace.Recorded r) {
        space.committed(r);
    }

    /** Tells the feed that a document's searchable state changed. */
    static void changed(Conn c, String path) throws SQLException {
        c.call(DOCUMENT_VECTOR_CHANGE).set(PATH, path).update();
    }

    List<SearchHit<Document>> search(DocumentSearch s) {
        Optional<float[]> q = space.query(s.queryText(), s.queryVector(), "searching documents");
        if (q.isEmpty()) {
            return List.of();
        }
        VectorIndex.Filter filter = new VectorIndex.Filter(
                s.type().map(Enum::ordinal).orElse(-1),
                s.syncStatus().map(Stored::text).orElse(null),
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                s.filters());
        return index.search(
                q.get(),
                null,
                filter,
                null,
                s.limit(),
                s.minScore().orElse(-2),
                this::ranked,
                Comparator.comparing(Document::filePath));
    }

    private List<SyncedIndex.Fetched<Document>> ranked(List<Long> ids) {
        return db.read("re-scoring document search candidates", c -> {
            List<SyncedIndex.Fetched<Document>> out = new ArrayList<>(ids.size());
            for (int from = 0; from < ids.size(); from += RANKED) {
                Call call = c.call(DOCUMENT_VECTORS_RANKED);
                for (int j = 0; j < RANKED; j++) {
                    call.set(RANKED_DOCUMENT_IDS.get(j), from + j < ids.size() ? ids.get(from + j) : -1L);
                }
                call.forEach(r -> out.add(new SyncedIndex.Fetched<>(
                        DocumentShapes.DOCUMENT.map(r), Vectors.decode(r.get(DOCUMENT_INDEX.EMBEDDING_BLOB)))));
            }
            return out;
        });
    }

    private static SyncedIndex.Change change(Row r) throws SQLException {
        String path = r.get(DOCUMENT_VECTOR_CHANGES.FILE_PATH);
        Long id = r.get(DOCUMENT_INDEX.ID);
        return new SyncedIndex.Change(GROUP, path, id == null ? null : item(r));
    }

    private static VectorIndex.Item item(Row r) throws SQLException {
        return new VectorIndex.Item(
                r.get(DOCUMENT_INDEX.ID),
                GROUP,
                r.get(DOCUMENT_INDEX.FILE_PATH),
                r.get(DOCUMENT_INDEX.DOCUMENT_TYPE).ordinal(),
                Stored.text(r.get(DOCUMENT_INDEX.SYNC_STATUS)),
                MemoryVectors.micros(r.get(DOCUMENT_INDEX.UPDATED_AT)),
                Long.MAX_VALUE,
                MetadataMatch.of(Stored.json(r.get(DOCUMENT_INDEX.METADATA)).tree()),
                Vectors.decode(r.get(DOCUMENT_INDEX.EMBEDDING_BLOB)));
    }
}
