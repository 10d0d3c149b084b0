package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.DOCUMENT_INDEX;
import static io.agentstore.internal.store.Pages.BEFORE_AT;
import static io.agentstore.internal.store.Pages.LIMIT;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.row;

import io.agentstore.documents.Document;
import io.agentstore.documents.DocumentType;
import io.agentstore.documents.SyncStatus;
import io.agentstore.internal.db.tables.DocumentIndex;
import io.agentstore.internal.shape.Columns;
import io.agentstore.internal.shape.EngineSql;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import java.time.Instant;
import java.util.List;
import org.jooq.Field;
import org.jooq.JSON;

/** The query shapes of the document index. */
final class DocumentShapes {

    private DocumentShapes() {}

    private static final DocumentIndex D = DOCUMENT_INDEX;

    static final Param<String> PATH = Param.of("path", D.FILE_PATH);
    static final Param<String> TITLE = Param.of("title", D.TITLE);
    static final Param<DocumentType> TYPE = Param.of("type", D.DOCUMENT_TYPE);
    static final Param<String> HASH = Param.of("hash", D.CONTENT_HASH);
    static final Param<Integer> CHUNKS = Param.of("chunks", D.CHUNK_COUNT);
    static final Param<JSON> METADATA = Param.of("metadata", D.METADATA);
    static final Param<SyncStatus> STATUS = Param.of("status", D.SYNC_STATUS);
    static final Param<String> MODEL = Param.of("model", D.EMBEDDING_MODEL);
    static final Param<byte[]> EMBEDDING = Param.of("embedding", D.EMBEDDING_BLOB);
    static final Param<String> REASON = Param.of("reason", D.SYNC_ERROR);
    /** The time of the change: every timestamp a statement sets to "now" binds this one value. */
    static final Param<Instant> NOW = Param.of("now", D.UPDATED_AT);

    static final Param<Long> BEFORE_ID = Param.of("beforeId", D.ID);
    static final Param<Long> AFTER_ID = Param.of("afterId", D.ID);

    /** A document row (without its embedding, which can be large). */
    static final Columns<Document> DOCUMENT = Columns.of(
            List.of(
                    D.ID,
                    D.FILE_PATH,
                    D.TITLE,
                    D.DOCUMENT_TYPE,
                    D.CONTENT_HASH,
                    D.CHUNK_COUNT,
                    D.EMBEDDING_MODEL,
                    D.METADATA,
                    D.LAST_SYNCED_AT,
                    D.SYNC_STATUS,
                    D.SYNC_ERROR,
                    D.CREATED_AT,
                    D.UPDATED_AT),
            r -> new DocumentRow(
                    r.get(D.ID),
                    r.get(D.FILE_PATH),
                    r.get(D.TITLE),
                    r.get(D.DOCUMENT_TYPE),
                    r.get(D.CONTENT_HASH),
                    r.get(D.CHUNK_COUNT),
                    r.get(D.EMBEDDING_MODEL),
                    Stored.json(r.get(D.METADATA)),
                    r.get(D.LAST_SYNCED_AT),
                    r.get(D.SYNC_STATUS),
                    r.get(D.SYNC_ERROR),
                    r.get(D.CREATED_AT),
                    r.get(D.UPDATED_AT)));

    private static Field<SyncStatus> status(SyncStatus s) {
        return inline(s, D.SYNC_STATUS);
    }

    static final Shape DOCUMENT_BY_PATH = Shape.read(
            "documentByPath", dsl -> dsl.select(DOCUMENT.fields()).from(D).where(D.FILE_PATH.eq(PATH.field())));

    static final Shape DOCUMENT_FOR_WRITE = DOCUMENT_BY_PATH.forWriter();

    static final Shape DOCUMENT_EMBEDDING = Shape.read(
            "documentEmbedding", dsl -> dsl.select(D.EMBEDDING_BLOB).from(D).where(D.FILE_PATH.eq(PATH.field())));

    static final Shape DOCUMENT_INSERT = Shape.write(
            "documentInsert",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.insertInto(
                                    D,
                                    D.FILE_PATH,
                                    D.TITLE,
                                    D.DOCUMENT_TYPE,
                                    D.CONTENT_HASH,
                                    D.CHUNK_COUNT,
                                    D.METADATA,
                                    D.SYNC_STATUS,
                                    D.CREATED_AT,
                                    D.UPDATED_AT)
                            .values(
                                    PATH.field(),
                                    TITLE.field(),
                                    TYPE.field(),
                                    HASH.field(),
                                    CHUNKS.field(),
                                    METADATA.field(),
                                    status(SyncStatus.PENDING),
                                    NOW.field(),
                                    NOW.field()),
                    DOCUMENT.fields()));

    static final Shape DOCUMENT_UPDATE = Shape.write(
            "documentUpdate",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.update(D)
                            .set(D.TITLE, TITLE.field())
                            .set(D.DOCUMENT_TYPE, TYPE.field())
                            .set(D.CONTENT_HASH, HASH.field())
                            .set(D.CHUNK_COUNT, CHUNKS.field())
                            .set(D.METADATA, METADATA.field())
                            .set(D.SYNC_STATUS, STATUS.field())
                            .set(D.UPDATED_AT, NOW.field())
                            .where(D.FILE_PATH.eq(PATH.field())),
                    DOCUMENT.fields()));

    static final Shape DOCUMENT_SYNCED = Shape.write(
            "documentSynced",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.update(D)
                            .set(D.SYNC_STATUS, status(SyncStatus.SYNCED))
                            .set(D.EMBEDDING_MODEL, MODEL.field())
                            .set(D.EMBEDDING_BLOB, EMBEDDING.field())
                            .set(D.LAST_SYNCED_AT, NOW.field())
                            .set(D.SYNC_ERROR, inline(null, D.SYNC_ERROR))
                            .set(D.UPDATED_AT, NOW.field())
                            .where(D.FILE_PATH.eq(PATH.field()))
                            .and(D.CONTENT_HASH.eq(HASH.field())),
                    DOCUMENT.fields()));

    static final Shape DOCUMENT_FAILED = Shape.write(
            "documentFailed",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.update(D)
                            .set(D.SYNC_STATUS, status(SyncStatus.FAILED))
                            .set(D.SYNC_ERROR, REASON.field())
                            .set(D.UPDATED_AT, NOW.field())
                            .where(D.FILE_PATH.eq(PATH.field())),
                    DOCUMENT.fields()));

    static final Shape DOCUMENTS_BY_TYPE = Shape.read(
            "documentsByType",
            dsl -> dsl.select(DOCUMENT.fields())
                    .from(D)
                    .where(D.DOCUMENT_TYPE.eq(TYPE.field()))
                    .and(row(D.UPDATED_AT, D.ID).lt(BEFORE_AT.field(), BEFORE_ID.field()))
                    .orderBy(D.UPDATED_AT.desc(), D.ID.desc())
                    .limit(LIMIT.field()));

    /** The sync queue; the literal IN list is the partial index's WHERE. */
    static final Shape DOCUMENTS_SYNC_QUEUE = Shape.read(
                    "documentsSyncQueue",
                    dsl -> dsl.select(DOCUMENT.fields())
                            .from(D)
                            .where(D.SYNC_STATUS.in(status(SyncStatus.PENDING), status(SyncStatus.STALE)))
                            .orderBy(D.UPDATED_AT, D.ID)
                            .limit(LIMIT.field()))
            .allowingPlan("documents_sync_queue is partial: it holds only the pending and stale documents, so "
                    + "scanning it in order under a LIMIT reads the head of the queue and nothing else");

    static final Shape DOCUMENTS_BY_HASH = Shape.read(
            "documentsByHash",
            dsl -> dsl.select(DOCUMENT.fields())
                    .from(D)
                    .where(D.CONTENT_HASH.eq(HASH.field()))
                    .and(D.ID.gt(AFTER_ID.field()))
                    .orderBy(D.ID)
                    .limit(LIMIT.field()));
}
