package io.agentstore.internal;

import static io.agentstore.db.Tables.AGENTS;
import static io.agentstore.db.Tables.CHECKPOINTS;
import static io.agentstore.db.Tables.DOCUMENT_INDEX;
import static io.agentstore.db.Tables.METRICS;
import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.row;

import io.agentstore.db.tables.Agents;
import io.agentstore.db.tables.Checkpoints;
import io.agentstore.db.tables.DocumentIndex;
import io.agentstore.db.tables.Metrics;
import java.util.List;
import org.jooq.SelectField;

/** The query shapes of agents, checkpoints, metrics and the document index. */
final class OtherShapes {

    private OtherShapes() {
    }

    private static final Agents A = AGENTS;
    private static final Checkpoints C = CHECKPOINTS;
    private static final Metrics M = METRICS;
    private static final DocumentIndex D = DOCUMENT_INDEX;

    private static List<org.jooq.Field<?>> fields(List<SelectField<?>> columns) {
        return columns.stream().<org.jooq.Field<?>>map(f -> (org.jooq.Field<?>) f).toList();
    }

    // ---- agents ----

    static final List<SelectField<?>> AGENT = List.of(A.ID, A.NAME, A.SPECIALIZATION, A.TASK_ID, A.STATE, A.MODEL,
            A.SPAWNED_AT, A.TERMINATED_AT, A.RESOURCE_USAGE, A.SESSION_ID);

    static final Shape AGENT_INSERT = Shape.write("agentInsert", dsl -> Shape.insertReturning(dsl, dsl
            .insertInto(A, A.ID, A.NAME, A.SPECIALIZATION, A.TASK_ID, A.STATE, A.MODEL, A.SPAWNED_AT, A.SESSION_ID)
            .values(param("id", A.ID), param("name", A.NAME), param("specialization", A.SPECIALIZATION),
                    param("taskId", A.TASK_ID), inline("idle"), param("model", A.MODEL), param("spawnedAt", A.SPAWNED_AT),
                    param("sessionId", A.SESSION_ID)), fields(AGENT)));

    static final Shape AGENT_BY_ID = Shape.read("agentById", dsl -> dsl
            .select(AGENT).from(A).where(A.ID.eq(param("id", A.ID))));

    static final Shape AGENT_FOR_WRITE = Shape.write("agentForWrite", dsl -> dsl
            .select(AGENT).from(A).where(A.ID.eq(param("id", A.ID))));

    static final Shape AGENT_TRANSITION = Shape.write("agentTransition", dsl -> dsl
            .update(A).set(A.STATE, param("state", A.STATE)).set(A.TERMINATED_AT, param("terminatedAt", A.TERMINATED_AT))
            .where(A.ID.eq(param("id", A.ID))).and(A.STATE.ne(inline("terminated")))
            .returning(AGENT));

    static final Shape AGENT_USAGE = Shape.write("agentUsage", dsl -> dsl
            .update(A).set(A.RESOURCE_USAGE, function("json_patch", A.RESOURCE_USAGE.getDataType(), A.RESOURCE_USAGE,
                    param("usage", A.RESOURCE_USAGE)))
            .where(A.ID.eq(param("id", A.ID)))
            .returning(AGENT));

    private static Shape agentsBy(String name, org.jooq.TableField<?, String> column, String param) {
        return Shape.read(name, dsl -> dsl
                .select(AGENT).from(A).where(column.eq(param(param, column)))
                .and(row(A.SPAWNED_AT.coerce(String.class), A.ID).gt(param("afterAt", String.class), param("afterId", A.ID)))
                .orderBy(A.SPAWNED_AT, A.ID).limit(param("limit", Integer.class)));
    }

    static final Shape AGENTS_BY_TASK = agentsBy("agentsByTask", A.TASK_ID, "taskId");
    static final Shape AGENTS_BY_SESSION = agentsBy("agentsBySession", A.SESSION_ID, "sessionId");
    static final Shape AGENTS_BY_STATE = agentsBy("agentsByState", A.STATE, "state");

    // ---- checkpoints ----

    static final List<SelectField<?>> CHECKPOINT = List.of(C.TASK_ID, C.ITERATION, C.STATE, C.CREATED_AT, C.SESSION_ID);

    static final Shape CHECKPOINT_INSERT = Shape.write("checkpointInsert", dsl -> dsl
            .insertInto(C, C.TASK_ID, C.ITERATION, C.STATE, C.CREATED_AT, C.SESSION_ID)
            .values(param("taskId", C.TASK_ID), param("iteration", C.ITERATION), param("state", C.STATE),
                    param("createdAt", C.CREATED_AT), param("sessionId", C.SESSION_ID)));

    static final Shape CHECKPOINT_REPLACE = Shape.write("checkpointReplace", dsl -> dsl
            .insertInto(C, C.TASK_ID, C.ITERATION, C.STATE, C.CREATED_AT, C.SESSION_ID)
            .values(param("taskId", C.TASK_ID), param("iteration", C.ITERATION), param("state", C.STATE),
                    param("createdAt", C.CREATED_AT), param("sessionId", C.SESSION_ID))
            .onConflict(C.TASK_ID, C.ITERATION).doUpdate()
            .set(C.STATE, org.jooq.impl.DSL.excluded(C.STATE))
            .set(C.CREATED_AT, org.jooq.impl.DSL.excluded(C.CREATED_AT))
            .set(C.SESSION_ID, org.jooq.impl.DSL.excluded(C.SESSION_ID)));

    static final Shape CHECKPOINT_GET = Shape.read("checkpointGet", dsl -> dsl
            .select(CHECKPOINT).from(C).where(C.TASK_ID.eq(param("taskId", C.TASK_ID)))
            .and(C.ITERATION.eq(param("iteration", C.ITERATION))));

    static final Shape CHECKPOINTS_BEFORE = Shape.read("checkpointsBefore", dsl -> dsl
            .select(CHECKPOINT).from(C).where(C.TASK_ID.eq(param("taskId", C.TASK_ID)))
            .and(C.ITERATION.lt(param("before", C.ITERATION)))
            .orderBy(C.ITERATION.desc()).limit(param("limit", Integer.class)));

    // ---- metrics ----

    static final List<SelectField<?>> METRIC = List.of(M.ID, M.METRIC_NAME, M.METRIC_VALUE, M.LABELS, M.TIMESTAMP);

    static final Shape METRIC_INSERT = Shape.write("metricInsert", dsl -> Shape.insertReturning(dsl,
            dsl.insertInto(M, M.TIMESTAMP, M.METRIC_NAME, M.METRIC_VALUE, M.LABELS)
                    .values(param("timestamp", M.TIMESTAMP), param("name", M.METRIC_NAME), param("value", M.METRIC_VALUE),
                            param("labels", M.LABELS)),
            List.of(M.ID)));

    static final Shape METRICS_RANGE = Shape.read("metricsRange", dsl -> dsl
            .select(METRIC).from(M).where(M.METRIC_NAME.eq(param("name", M.METRIC_NAME)))
            .and(row(M.TIMESTAMP.coerce(String.class), M.ID).gt(param("afterAt", String.class), param("afterId", M.ID)))
            .and(M.TIMESTAMP.lt(param("to", M.TIMESTAMP)))
            .orderBy(M.TIMESTAMP, M.ID).limit(param("limit", Integer.class)));

    static final Shape METRICS_AGGREGATE = Shape.read("metricsAggregate", dsl -> dsl
            .select(count(), min(M.METRIC_VALUE), max(M.METRIC_VALUE), avg(M.METRIC_VALUE)).from(M)
            .where(M.METRIC_NAME.eq(param("name", M.METRIC_NAME)))
            .and(M.TIMESTAMP.ge(param("from", M.TIMESTAMP))).and(M.TIMESTAMP.lt(param("to", M.TIMESTAMP))));

    static final Shape METRICS_VALUES = Shape.read("metricsValues", dsl -> dsl
            .select(M.METRIC_VALUE).from(M)
            .where(M.METRIC_NAME.eq(param("name", M.METRIC_NAME)))
            .and(M.TIMESTAMP.ge(param("from", M.TIMESTAMP))).and(M.TIMESTAMP.lt(param("to", M.TIMESTAMP))));

    // ---- documents ----

    static final List<SelectField<?>> DOCUMENT = List.of(D.ID, D.FILE_PATH, D.TITLE, D.DOCUMENT_TYPE, D.CONTENT_HASH,
            D.CHUNK_COUNT, D.EMBEDDING_MODEL, D.METADATA, D.LAST_SYNCED_AT, D.SYNC_STATUS, D.SYNC_ERROR, D.CREATED_AT,
            D.UPDATED_AT);

    static final Shape DOCUMENT_BY_PATH = Shape.read("documentByPath", dsl -> dsl
            .select(DOCUMENT).from(D).where(D.FILE_PATH.eq(param("path", D.FILE_PATH))));

    static final Shape DOCUMENT_FOR_WRITE = Shape.write("documentForWrite", dsl -> dsl
            .select(DOCUMENT).from(D).where(D.FILE_PATH.eq(param("path", D.FILE_PATH))));

    static final Shape DOCUMENT_EMBEDDING = Shape.read("documentEmbedding", dsl -> dsl
            .select(D.EMBEDDING_BLOB).from(D).where(D.FILE_PATH.eq(param("path", D.FILE_PATH))));

    static final Shape DOCUMENT_INSERT = Shape.write("documentInsert", dsl -> Shape.insertReturning(dsl, dsl
            .insertInto(D, D.FILE_PATH, D.TITLE, D.DOCUMENT_TYPE, D.CONTENT_HASH, D.CHUNK_COUNT, D.METADATA,
                    D.SYNC_STATUS, D.CREATED_AT, D.UPDATED_AT)
            .values(param("path", D.FILE_PATH), param("title", D.TITLE), param("type", D.DOCUMENT_TYPE),
                    param("hash", D.CONTENT_HASH), param("chunks", D.CHUNK_COUNT), param("metadata", D.METADATA),
                    inline("pending"), param("createdAt", D.CREATED_AT), param("updatedAt", D.UPDATED_AT)),
            fields(DOCUMENT)));

    static final Shape DOCUMENT_UPDATE = Shape.write("documentUpdate", dsl -> dsl
            .update(D).set(D.TITLE, param("title", D.TITLE)).set(D.DOCUMENT_TYPE, param("type", D.DOCUMENT_TYPE))
            .set(D.CONTENT_HASH, param("hash", D.CONTENT_HASH)).set(D.CHUNK_COUNT, param("chunks", D.CHUNK_COUNT))
            .set(D.METADATA, param("metadata", D.METADATA)).set(D.SYNC_STATUS, param("status", D.SYNC_STATUS))
            .set(D.UPDATED_AT, param("updatedAt", D.UPDATED_AT))
            .where(D.FILE_PATH.eq(param("path", D.FILE_PATH)))
            .returning(DOCUMENT));

    static final Shape DOCUMENT_SYNCED = Shape.write("documentSynced", dsl -> dsl
            .update(D).set(D.SYNC_STATUS, inline("synced")).set(D.EMBEDDING_MODEL, param("model", D.EMBEDDING_MODEL))
            .set(D.EMBEDDING_BLOB, param("embedding", D.EMBEDDING_BLOB)).set(D.LAST_SYNCED_AT, param("now", D.LAST_SYNCED_AT))
            .set(D.SYNC_ERROR, inline(null, D.SYNC_ERROR)).set(D.UPDATED_AT, param("updatedAt", D.UPDATED_AT))
            .where(D.FILE_PATH.eq(param("path", D.FILE_PATH))).and(D.CONTENT_HASH.eq(param("hash", D.CONTENT_HASH)))
            .returning(DOCUMENT));

    static final Shape DOCUMENT_FAILED = Shape.write("documentFailed", dsl -> dsl
            .update(D).set(D.SYNC_STATUS, inline("failed")).set(D.SYNC_ERROR, param("reason", D.SYNC_ERROR))
            .set(D.UPDATED_AT, param("updatedAt", D.UPDATED_AT))
            .where(D.FILE_PATH.eq(param("path", D.FILE_PATH)))
            .returning(DOCUMENT));

    static final Shape DOCUMENTS_BY_TYPE = Shape.read("documentsByType", dsl -> dsl
            .select(DOCUMENT).from(D).where(D.DOCUMENT_TYPE.eq(param("type", D.DOCUMENT_TYPE)))
            .and(row(D.UPDATED_AT.coerce(String.class), D.ID).lt(param("beforeAt", String.class), param("beforeId", D.ID)))
            .orderBy(D.UPDATED_AT.desc(), D.ID.desc()).limit(param("limit", Integer.class)));

    /** The sync queue; the literal IN list is the partial index's WHERE. */
    static final Shape DOCUMENTS_SYNC_QUEUE = Shape.read("documentsSyncQueue", dsl -> dsl
            .select(DOCUMENT).from(D).where(D.SYNC_STATUS.in(inline("pending"), inline("stale")))
            .orderBy(D.UPDATED_AT, D.ID).limit(param("limit", Integer.class)))
            .allowingPlan("documents_sync_queue is partial: it holds only the pending and stale documents, so "
                    + "scanning it in order under a LIMIT reads the head of the queue and nothing else");

    static final Shape DOCUMENTS_BY_HASH = Shape.read("documentsByHash", dsl -> dsl
            .select(DOCUMENT).from(D).where(D.CONTENT_HASH.eq(param("hash", D.CONTENT_HASH)))
            .orderBy(D.ID).limit(param("limit", Integer.class)));

    static final List<Shape> ALL = List.of(AGENT_INSERT, AGENT_BY_ID, AGENT_FOR_WRITE, AGENT_TRANSITION, AGENT_USAGE,
            AGENTS_BY_TASK, AGENTS_BY_SESSION, AGENTS_BY_STATE, CHECKPOINT_INSERT, CHECKPOINT_REPLACE, CHECKPOINT_GET,
            CHECKPOINTS_BEFORE, METRIC_INSERT, METRICS_RANGE, METRICS_AGGREGATE, METRICS_VALUES, DOCUMENT_BY_PATH,
            DOCUMENT_FOR_WRITE, DOCUMENT_EMBEDDING, DOCUMENT_INSERT, DOCUMENT_UPDATE, DOCUMENT_SYNCED, DOCUMENT_FAILED,
            DOCUMENTS_BY_TYPE, DOCUMENTS_SYNC_QUEUE, DOCUMENTS_BY_HASH);
}
