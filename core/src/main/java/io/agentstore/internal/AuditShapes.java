package io.agentstore.internal;

import static io.agentstore.db.Tables.AUDIT;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.param;

import io.agentstore.db.tables.Audit;
import org.jooq.SelectField;

import java.util.List;

/** The query shapes of the audit trail. */
final class AuditShapes {

    private AuditShapes() {
    }

    /** The audit row of a memory change, written in the change's transaction. */
    static final Shape AUDIT_MEMORY = Shape.write("auditMemory", dsl -> dsl
            .insertInto(AUDIT, AUDIT.TIMESTAMP, AUDIT.ACTOR, AUDIT.ACTION_TYPE, AUDIT.ACTION_DATA, AUDIT.RESULT,
                    AUDIT.MEMORY_OPERATION_TYPE, AUDIT.MEMORY_NAMESPACE, AUDIT.MEMORY_ENTRY_ID)
            .values(param("timestamp", AUDIT.TIMESTAMP), param("actor", AUDIT.ACTOR), inline("memory"),
                    param("data", AUDIT.ACTION_DATA), inline("ok"), param("operation", AUDIT.MEMORY_OPERATION_TYPE),
                    param("namespace", AUDIT.MEMORY_NAMESPACE), param("entryId", AUDIT.MEMORY_ENTRY_ID)));

    /** {@value MemoryShapes#BULK} audit rows of memory changes in one statement (a batch load's). */
    static final Shape AUDIT_MEMORY_BULK = Shape.write("auditMemoryBulk", dsl -> {
        org.jooq.InsertValuesStepN<?> rows = dsl.insertInto(AUDIT, List.of(AUDIT.TIMESTAMP, AUDIT.ACTOR, AUDIT.ACTION_TYPE,
                AUDIT.ACTION_DATA, AUDIT.RESULT, AUDIT.MEMORY_OPERATION_TYPE, AUDIT.MEMORY_NAMESPACE, AUDIT.MEMORY_ENTRY_ID));
        for (int i = 0; i < MemoryShapes.BULK; i++) {
            rows = rows.values(param("timestamp" + i, AUDIT.TIMESTAMP), param("actor" + i, AUDIT.ACTOR),
                    inline("memory"), param("data" + i, AUDIT.ACTION_DATA), inline("ok"),
                    param("operation" + i, AUDIT.MEMORY_OPERATION_TYPE), param("namespace" + i, AUDIT.MEMORY_NAMESPACE),
                    param("entryId" + i, AUDIT.MEMORY_ENTRY_ID));
        }
        return rows;
    });

    private static final Audit A = AUDIT;

    /** The columns of an audit row, in mapper order. */
    static final List<SelectField<?>> RECORD = List.of(A.ID, A.TIMESTAMP, A.AGENT_ID, A.TASK_ID, A.ACTOR, A.ACTION_TYPE,
            A.ACTION_DATA, A.RESULT, A.MEMORY_OPERATION_TYPE, A.MEMORY_NAMESPACE, A.MEMORY_ENTRY_ID);

    static final Shape AUDIT_INSERT = Shape.write("auditInsert", dsl -> Shape.insertReturning(dsl,
            dsl.insertInto(A, A.TIMESTAMP, A.AGENT_ID, A.TASK_ID, A.ACTOR, A.ACTION_TYPE, A.ACTION_DATA, A.RESULT)
                    .values(param("timestamp", A.TIMESTAMP), param("agentId", A.AGENT_ID), param("taskId", A.TASK_ID),
                            param("actor", A.ACTOR), param("actionType", A.ACTION_TYPE), param("data", A.ACTION_DATA),
                            param("result", A.RESULT)),
            List.of(A.ID)));

    /** Newest first by id within one value of an indexed column (the index ends in the rowid). */
    private static <T> Shape newestBy(String name, org.jooq.TableField<?, T> column, String param) {
        return Shape.read(name, dsl -> dsl
                .select(RECORD).from(A)
                .where(column.eq(org.jooq.impl.DSL.param(param, column)))
                .and(A.ID.lt(param("beforeId", A.ID)))
                .orderBy(A.ID.desc()).limit(param("limit", Integer.class)));
    }

    static final Shape AUDIT_BY_TASK = newestBy("auditByTask", A.TASK_ID, "taskId");
    static final Shape AUDIT_BY_AGENT = newestBy("auditByAgent", A.AGENT_ID, "agentId");
    static final Shape AUDIT_BY_ENTRY = newestBy("auditByMemoryEntry", A.MEMORY_ENTRY_ID, "entryId");
    static final Shape AUDIT_BY_NAMESPACE = newestBy("auditByNamespace", A.MEMORY_NAMESPACE, "namespace");
    static final Shape AUDIT_BY_OPERATION = newestBy("auditByOperation", A.MEMORY_OPERATION_TYPE, "operation");

    /** The namespaces after one, below a bound, in (namespace, newest first) order: one range of audit_memory_by_namespace. */
    static final Shape AUDIT_NAMESPACES_AFTER = Shape.read("auditNamespacesAfter", dsl -> dsl
            .select(RECORD).from(A)
            .where(A.MEMORY_NAMESPACE.gt(param("after", A.MEMORY_NAMESPACE)))
            .and(A.MEMORY_NAMESPACE.lt(param("high", A.MEMORY_NAMESPACE)))
            .orderBy(A.MEMORY_NAMESPACE, A.ID.desc()).limit(param("limit", Integer.class)));

    static final Shape AUDIT_TIMELINE = Shape.read("auditTimeline", dsl -> dsl
            .select(RECORD).from(A).where(A.ID.lt(param("beforeId", A.ID)))
            .orderBy(A.ID.desc()).limit(param("limit", Integer.class)));

    static final List<Shape> ALL = List.of(AUDIT_MEMORY, AUDIT_MEMORY_BULK, AUDIT_INSERT, AUDIT_BY_TASK, AUDIT_BY_AGENT, AUDIT_BY_ENTRY,
            AUDIT_BY_NAMESPACE, AUDIT_BY_OPERATION, AUDIT_NAMESPACES_AFTER, AUDIT_TIMELINE);
}
