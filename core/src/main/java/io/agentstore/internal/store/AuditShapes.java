package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.AUDIT;
import static io.agentstore.internal.store.Pages.LIMIT;
import static org.jooq.impl.DSL.inline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.audit.AuditRecord;
import io.agentstore.internal.database.Call;
import io.agentstore.internal.db.tables.Audit;
import io.agentstore.internal.shape.Columns;
import io.agentstore.internal.shape.EngineSql;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import io.agentstore.memory.MemoryEntry;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.JSON;
import org.jooq.TableField;

/** The query shapes of the audit trail. */
final class AuditShapes {

    private AuditShapes() {}

    private static final Audit A = AUDIT;

    static final Param<Instant> TIMESTAMP = Param.of("timestamp", A.TIMESTAMP);
    static final Param<String> AGENT_ID = Param.of("agentId", A.AGENT_ID);
    static final Param<String> TASK_ID = Param.of("taskId", A.TASK_ID);
    static final Param<String> ACTOR = Param.of("actor", A.ACTOR);
    static final Param<String> ACTION_TYPE = Param.of("actionType", A.ACTION_TYPE);
    static final Param<JSON> DATA = Param.of("data", A.ACTION_DATA);
    static final Param<String> RESULT = Param.of("result", A.RESULT);
    static final Param<Long> ENTRY_ID = Param.of("entryId", A.MEMORY_ENTRY_ID);
    static final Param<String> NAMESPACE = Param.of("namespace", A.MEMORY_NAMESPACE);
    static final Param<String> OPERATION = Param.of("operation", A.MEMORY_OPERATION_TYPE);
    static final Param<Long> BEFORE_ID = Param.of("beforeId", A.ID);
    static final Param<String> KEY = Param.of("key", A.MEMORY_KEY);
    static final Param<String> AFTER_NAMESPACE = Param.of("after", A.MEMORY_NAMESPACE);
    static final Param<String> HIGH = Param.of("high", A.MEMORY_NAMESPACE);

    /** An audit row. */
    static final Columns<AuditRecord> RECORD = Columns.of(
            List.of(
                    A.ID,
                    A.TIMESTAMP,
                    A.AGENT_ID,
                    A.TASK_ID,
                    A.ACTOR,
                    A.ACTION_TYPE,
                    A.ACTION_DATA,
                    A.RESULT,
                    A.MEMORY_OPERATION_TYPE,
                    A.MEMORY_NAMESPACE,
                    A.MEMORY_ENTRY_ID,
                    A.MEMORY_KEY,
                    A.MEMORY_VERSION),
            r -> new AuditRecordRow(
                    r.get(A.ID),
                    r.get(A.TIMESTAMP),
                    r.get(A.AGENT_ID),
                    r.get(A.TASK_ID),
                    r.get(A.ACTOR),
                    r.get(A.ACTION_TYPE),
                    Stored.json(r.get(A.ACTION_DATA)),
                    r.get(A.RESULT),
                    r.get(A.MEMORY_OPERATION_TYPE),
                    r.get(A.MEMORY_NAMESPACE),
                    r.get(A.MEMORY_ENTRY_ID),
                    r.get(A.MEMORY_KEY),
                    r.get(A.MEMORY_VERSION)));

    /** The parameters of row i of a memory change's audit insert (row 0 alone, or rows 0..63 in bulk). */
    record MemoryRow(
            Param<Instant> timestamp,
            Param<String> actor,
            Param<JSON> data,
            Param<String> operation,
            Param<String> namespace,
            Param<Long> entryId,
            Param<String> key,
            Param<Integer> version) {}

    static final List<MemoryRow> MEMORY_ROWS;

    static {
        int n = MemoryShapes.BULK;
        List<Param<Instant>> at = Param.series("timestamp", n, A.TIMESTAMP);
        List<Param<String>> actors = Param.series("actor", n, A.ACTOR);
        List<Param<JSON>> data = Param.series("data", n, A.ACTION_DATA);
        List<Param<String>> ops = Param.series("operation", n, A.MEMORY_OPERATION_TYPE);
        List<Param<String>> ns = Param.series("namespace", n, A.MEMORY_NAMESPACE);
        List<Param<Long>> ids = Param.series("entryId", n, A.MEMORY_ENTRY_ID);
        List<Param<String>> keys = Param.series("key", n, A.MEMORY_KEY);
        List<Param<Integer>> versions = Param.series("version", n, A.MEMORY_VERSION);
        MemoryRow[] rows = new MemoryRow[n];
        for (int i = 0; i < n; i++) {
            rows[i] = new MemoryRow(
                    at.get(i),
                    actors.get(i),
                    data.get(i),
                    ops.get(i),
                    ns.get(i),
                    ids.get(i),
                    keys.get(i),
                    versions.get(i));
        }
        MEMORY_ROWS = List.of(rows);
    }

    /** Binds row {@code p} of a memory change's audit: the entry's key and version go into its data. */
    static Call bindMemory(
            Call call, MemoryRow p, Instant now, String actor, ObjectNode data, String operation, MemoryEntry e)
            throws SQLException {
        data.put("key", e.key()).put("version", e.version());
        return call.set(p.timestamp(), now)
                .set(p.actor(), actor)
                .set(p.data(), JSON.valueOf(data.toString()))
                .set(p.operation(), operation)
                .set(p.namespace(), e.namespace())
                .set(p.entryId(), e.id())
                .set(p.key(), e.key())
                .set(p.version(), e.version());
    }

    /** The columns a memory change's audit row sets. */
    private static final List<Field<?>> MEMORY_COLUMNS = List.of(
            A.TIMESTAMP,
            A.ACTOR,
            A.ACTION_TYPE,
            A.ACTION_DATA,
            A.RESULT,
            A.MEMORY_OPERATION_TYPE,
            A.MEMORY_NAMESPACE,
            A.MEMORY_ENTRY_ID,
            A.MEMORY_KEY,
            A.MEMORY_VERSION);

    private static InsertValuesStepN<?> memoryRows(InsertValuesStepN<?> insert, int n) {
        InsertValuesStepN<?> rows = insert;
        for (int i = 0; i < n; i++) {
            MemoryRow p = MEMORY_ROWS.get(i);
            rows = rows.values(
                    p.timestamp().field(),
                    p.actor().field(),
                    inline("memory"),
                    p.data().field(),
                    inline("ok"),
                    p.operation().field(),
                    p.namespace().field(),
                    p.entryId().field(),
                    p.key().field(),
                    p.version().field());
        }
        return rows;
    }

    /** The audit row of a memory change, written in the change's transaction. */
    static final Shape AUDIT_MEMORY =
            Shape.write("auditMemory", dsl -> memoryRows(dsl.insertInto(A, MEMORY_COLUMNS), 1));

    /** {@value MemoryShapes#BULK} audit rows of memory changes in one statement (a batch load's). */
    static final Shape AUDIT_MEMORY_BULK =
            Shape.write("auditMemoryBulk", dsl -> memoryRows(dsl.insertInto(A, MEMORY_COLUMNS), MemoryShapes.BULK));

    static final Shape AUDIT_INSERT = Shape.write(
            "auditInsert",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.insertInto(
                                    A,
                                    A.TIMESTAMP,
                                    A.AGENT_ID,
                                    A.TASK_ID,
                                    A.ACTOR,
                                    A.ACTION_TYPE,
                                    A.ACTION_DATA,
                                    A.RESULT)
                            .values(
                                    TIMESTAMP.field(),
                                    AGENT_ID.field(),
                                    TASK_ID.field(),
                                    ACTOR.field(),
                                    ACTION_TYPE.field(),
                                    DATA.field(),
                                    RESULT.field()),
                    List.of(A.ID)));

    /** Newest first by id within one value of an indexed column (the index ends in the rowid). */
    private static <T> Shape newestBy(String name, TableField<?, T> column, Param<T> value) {
        return Shape.read(
                name,
                dsl -> dsl.select(RECORD.fields())
                        .from(A)
                        .where(column.eq(value.field()))
                        .and(A.ID.lt(BEFORE_ID.field()))
                        .orderBy(A.ID.desc())
                        .limit(LIMIT.field()));
    }

    static final Shape AUDIT_BY_TASK = newestBy("auditByTask", A.TASK_ID, TASK_ID);
    static final Shape AUDIT_BY_AGENT = newestBy("auditByAgent", A.AGENT_ID, AGENT_ID);
    static final Shape AUDIT_BY_ENTRY = newestBy("auditByMemoryEntry", A.MEMORY_ENTRY_ID, ENTRY_ID);
    /** One key's changes, newest first: one range of audit_memory_by_key. */
    static final Shape AUDIT_BY_KEY = Shape.read(
            "auditByMemoryKey",
            dsl -> dsl.select(RECORD.fields())
                    .from(A)
                    .where(A.MEMORY_NAMESPACE.eq(NAMESPACE.field()))
                    .and(A.MEMORY_KEY.eq(KEY.field()))
                    .and(A.ID.lt(BEFORE_ID.field()))
                    .orderBy(A.ID.desc())
                    .limit(LIMIT.field()));

    static final Shape AUDIT_BY_NAMESPACE = newestBy("auditByNamespace", A.MEMORY_NAMESPACE, NAMESPACE);
    static final Shape AUDIT_BY_OPERATION = newestBy("auditByOperation", A.MEMORY_OPERATION_TYPE, OPERATION);

    /** The namespaces after one, below a bound, in (namespace, newest first) order: one range of audit_memory_by_namespace. */
    static final Shape AUDIT_NAMESPACES_AFTER = Shape.read(
            "auditNamespacesAfter",
            dsl -> dsl.select(RECORD.fields())
                    .from(A)
                    .where(A.MEMORY_NAMESPACE.gt(AFTER_NAMESPACE.field()))
                    .and(A.MEMORY_NAMESPACE.lt(HIGH.field()))
                    .orderBy(A.MEMORY_NAMESPACE, A.ID.desc())
                    .limit(LIMIT.field()));

    static final Shape AUDIT_TIMELINE = Shape.read(
            "auditTimeline",
            dsl -> dsl.select(RECORD.fields())
                    .from(A)
                    .where(A.ID.lt(BEFORE_ID.field()))
                    .orderBy(A.ID.desc())
                    .limit(LIMIT.field()));
}
