package io.agentstore.internal;

import static io.agentstore.db.Tables.AUDIT;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.param;

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

    static final List<Shape> ALL = List.of(AUDIT_MEMORY);
}
