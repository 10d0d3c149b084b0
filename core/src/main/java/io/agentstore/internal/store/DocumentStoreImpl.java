package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.DOCUMENT_INDEX;
import static io.agentstore.internal.store.DocumentShapes.*;
import static io.agentstore.internal.store.Pages.BEFORE_AT;
import static io.agentstore.internal.store.Pages.LIMIT;

import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.documents.Document;
import io.agentstore.documents.DocumentSearch;
import io.agentstore.documents.DocumentStore;
import io.agentstore.documents.DocumentSync;
import io.agentstore.documents.DocumentType;
import io.agentstore.documents.NewDocument;
import io.agentstore.documents.SyncStatus;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.internal.vector.Vectors;
import io.agentstore.search.SearchHit;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The document index on the library's database. */
final class DocumentStoreImpl implements DocumentStore {

    private final Database db;
    private final DocumentVectors vectors;

    DocumentStoreImpl(Database db) {
        this.db = db;
        this.vectors = new DocumentVectors(db);
    }

    private static String path(String filePath) {
        return Check.text("file path", filePath, 4096);
    }

    private static String hash(String contentHash) {
        if (contentHash == null || !contentHash.matches("[0-9a-f]{64}")) {
            throw Failures.invalid(
                    "content hash must be a SHA-256 in 64 lowercase hex digits: " + Check.quote(contentHash));
        }
        return contentHash;
    }

    @Override
    public Document upsert(NewDocument document) {
        if (document == null) {
            throw Failures.invalid("document must not be null");
        }
        String p = path(document.filePath());
        String t = document.title() == null ? null : Check.freeText("title", document.title(), 4096);
        DocumentType type = document.type();
        if (type == null) {
            throw Failures.invalid("document type of " + Check.quote(p) + " must not be null");
        }
        String h = hash(document.contentHash());
        int chunkCount = document.chunkCount();
        if (chunkCount < 0) {
            throw Failures.invalid("chunk count must be >= 0: " + chunkCount);
        }
        String meta = Check.jsonObject(
                "document metadata", document.metadata() == null ? Json.emptyObject() : document.metadata());
        String doing = "indexing document " + Check.quote(p);
        return db.write(doing, c -> {
            Instant now = db.now();
            Optional<Document> existing =
                    c.call(DOCUMENT_FOR_WRITE).set(PATH, p).one(DOCUMENT);
            if (existing.isEmpty()) {
                return c.call(DOCUMENT_INSERT)
                        .set(PATH, p)
                        .set(TITLE, t)
                        .set(TYPE, type)
                        .set(HASH, h)
                        .set(CHUNKS, chunkCount)
                        .set(METADATA, Stored.json(meta))
                        .set(NOW, now)
                        .one(DOCUMENT)
                        .orElseThrow();
            }
            Document d = existing.get();
            SyncStatus status = d.contentHash().equals(h) || d.syncStatus() == SyncStatus.PENDING
                    ? d.syncStatus()
                    : SyncStatus.STALE;
            if (d.embeddingModel() != null) {
                DocumentVectors.changed(c, p); // its type, status or metadata may change what finds it
            }
            return c.call(DOCUMENT_UPDATE)
                    .set(TITLE, t)
                    .set(TYPE, type)
                    .set(HASH, h)
                    .set(CHUNKS, chunkCount)
                    .set(METADATA, Stored.json(meta))
                    .set(STATUS, status)
                    .set(NOW, now)
                    .set(PATH, p)
                    .one(DOCUMENT)
                    .orElseThrow();
        });
    }

    @Override
    public Optional<Document> get(String filePath) {
        String p = path(filePath);
        return db.read(
                "reading document " + Check.quote(p),
                c -> c.call(DOCUMENT_BY_PATH).set(PATH, p).one(DOCUMENT));
    }

    @Override
    public Optional<float[]> embedding(String filePath) {
        String p = path(filePath);
        return db.read(
                        "reading the embedding of document " + Check.quote(p),
                        c -> c.call(DOCUMENT_EMBEDDING).set(PATH, p).one(r -> r.get(DOCUMENT_INDEX.EMBEDDING_BLOB)))
                .filter(b -> b != null)
                .map(Vectors::decode);
    }

    @Override
    public List<SearchHit<Document>> search(DocumentSearch search) {
        return vectors.search(Failures.required(search, "the search"));
    }

    @Override
    public Page<Document> byType(DocumentType type, PageRequest page) {
        if (type == null) {
            throw Failures.invalid("document type must not be null");
        }
        String listing = "documentsByType:" + Stored.text(type);
        return Pages.keyset(
                db,
                "listing " + Stored.text(type) + " documents",
                listing,
                page,
                new String[] {Pages.AFTER_ALL, Long.toString(Long.MAX_VALUE)},
                (c, before) -> c.call(DOCUMENTS_BY_TYPE)
                        .set(TYPE, type)
                        .set(BEFORE_AT, Pages.time(before[0]))
                        .set(BEFORE_ID, Pages.number(listing, before[1])),
                DOCUMENT,
                d -> new String[] {Timestamps.format(d.updatedAt()), Long.toString(d.id())});
    }

    @Override
    public List<Document> syncQueue(int limit) {
        Check.limit(limit, Pages.MAX_PAGE);
        return db.read(
                "reading the sync queue",
                c -> c.call(DOCUMENTS_SYNC_QUEUE).set(LIMIT, limit).list(DOCUMENT));
    }

    @Override
    public Document markSynced(DocumentSync sync) {
        Failures.required(sync, "the document sync");
        String filePath = sync.filePath();
        String contentHash = sync.contentHash();
        String embeddingModel = sync.embeddingModel();
        float[] embedding = sync.embedding();
        String p = path(filePath);
        String h = hash(contentHash);
        String model = Check.text("embedding model", embeddingModel, 256);
        String doing = "marking document " + Check.quote(p) + " synced";
        if (embedding == null) {
            throw Failures.invalid(doing + ": the embedding must be present");
        }
        if (embedding.length > Vectors.MAX_DIMENSIONS) {
            throw Failures.invalid(doing + ": the vector has " + embedding.length + " dimensions, at most "
                    + Vectors.MAX_DIMENSIONS + " are kept");
        }
        float[] unit = Vectors.unit(embedding, embedding.length, doing);
        VectorSpace.Recorded[] seen = new VectorSpace.Recorded[1];
        Document synced = db.write(doing, c -> {
            Instant now = db.now();
            seen[0] = vectors.requireSpace(c, model, unit.length, doing);
            Optional<Document> done = c.call(DOCUMENT_SYNCED)
                    .set(MODEL, model)
                    .set(EMBEDDING, Vectors.encode(unit))
                    .set(NOW, now)
                    .set(PATH, p)
                    .set(HASH, h)
                    .one(DOCUMENT);
            if (done.isPresent()) {
                DocumentVectors.changed(c, p);
                return done.get();
            }
            Optional<Document> d = c.call(DOCUMENT_FOR_WRITE).set(PATH, p).one(DOCUMENT);
            throw d.isEmpty()
                    ? Failures.of(ErrorCode.NOT_FOUND, doing + ": no such document")
                    : Failures.of(
                            ErrorCode.CONFLICT,
                            doing + ": the content changed to hash " + d.get().contentHash() + " since " + h
                                    + " was embedded");
        });
        vectors.committed(seen[0]);
        return synced;
    }

    @Override
    public Document markFailed(String filePath, String reason) {
        String p = path(filePath);
        String why = Check.freeText("failure reason", reason, 65_536);
        String doing = "marking document " + Check.quote(p) + " failed";
        return db.write(doing, c -> {
            Document d = c.call(DOCUMENT_FAILED)
                    .set(REASON, why)
                    .set(NOW, db.now())
                    .set(PATH, p)
                    .one(DOCUMENT)
                    .orElseThrow(() -> Failures.of(ErrorCode.NOT_FOUND, doing + ": no such document"));
            if (d.embeddingModel() != null) {
                DocumentVectors.changed(c, p); // its status changed
            }
            return d;
        });
    }

    @Override
    public Page<Document> byContentHash(String contentHash, PageRequest page) {
        String h = hash(contentHash);
        String listing = "documentsByHash:" + h;
        return Pages.keyset(
                db,
                "finding documents with hash " + h,
                listing,
                page,
                new String[] {"0"},
                (c, after) -> c.call(DOCUMENTS_BY_HASH).set(HASH, h).set(AFTER_ID, Pages.number(listing, after[0])),
                DOCUMENT,
                d -> new String[] {Long.toString(d.id())});
    }
}
