package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.AUDIT;
import static io.agentstore.internal.store.AuditShapes.*;
import static io.agentstore.internal.store.Pages.LIMIT;

import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.audit.AuditRecord;
import io.agentstore.audit.AuditTrail;
import io.agentstore.audit.MemoryOperation;
import io.agentstore.audit.NewAuditRecord;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Call;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import io.agentstore.memory.Namespaces;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit trail on the library's database. */
final class AuditTrailImpl implements AuditTrail {

    private final Database db;

    AuditTrailImpl(Database db) {
        this.db = db;
    }

    @Override
    public AuditRecord record(NewAuditRecord action) {
        if (action == null) {
            throw Failures.invalid("action must not be null");
        }
        String type = Check.text("action type", action.actionType(), 128);
        String agent = Check.optionalId("agent id", action.agentId());
        String task = Check.optionalId("task id", action.taskId());
        String who = action.actor() == null ? null : Check.text("actor", action.actor(), 256);
        Json payload = action.data() == null ? Json.emptyObject() : action.data();
        String text = Check.json("action data", payload);
        String res = action.result() == null ? null : Check.freeText("result", action.result(), 65_536);
        String doing = "recording a " + Check.quote(type) + " action";
        return db.write(doing, c -> {
            Instant now = db.now();
            long id = db.refusing(
                    null,
                    doing + ": " + Check.missingReferences("agent", agent, "task", task),
                    () -> c.call(AUDIT_INSERT)
                            .set(TIMESTAMP, now)
                            .set(AGENT_ID, agent)
                            .set(TASK_ID, task)
                            .set(ACTOR, who)
                            .set(ACTION_TYPE, type)
                            .set(DATA, Stored.json(text))
                            .set(RESULT, res)
                            .one(r -> r.get(AUDIT.ID))
                            .orElseThrow());
            return new AuditRecordRow(id, now, agent, task, who, type, payload, res, null, null, null, null, null);
        });
    }

    private <T> Page<AuditRecord> newest(String listing, Shape shape, Param<T> param, T value, PageRequest page) {
        return Pages.keyset(
                db,
                "reading the audit trail (" + listing + ")",
                listing + ":" + value,
                page,
                new String[] {Long.toString(Long.MAX_VALUE)},
                (c, before) -> {
                    Call call = c.call(shape).set(BEFORE_ID, Pages.number(listing, before[0]));
                    return param == null ? call : call.set(param, value);
                },
                RECORD,
                r -> new String[] {Long.toString(r.id())});
    }

    @Override
    public Page<AuditRecord> byTask(String taskId, PageRequest page) {
        return newest("auditByTask", AUDIT_BY_TASK, TASK_ID, Check.id("task id", taskId), page);
    }

    @Override
    public Page<AuditRecord> byAgent(String agentId, PageRequest page) {
        return newest("auditByAgent", AUDIT_BY_AGENT, AGENT_ID, Check.id("agent id", agentId), page);
    }

    @Override
    public Page<AuditRecord> byMemoryEntry(long entryId, PageRequest page) {
        return newest("auditByMemoryEntry", AUDIT_BY_ENTRY, ENTRY_ID, entryId, page);
    }

    @Override
    public Page<AuditRecord> byMemoryKey(String namespace, String key, PageRequest page) {
        String ns = Namespaces.check(namespace);
        String k = MemoryStoreImpl.key(key);
        String listing = "auditByMemoryKey:" + ns + ":" + k;
        return Pages.keyset(
                db,
                "reading the audit trail of memory " + Check.quote(ns) + "/" + Check.quote(k),
                listing,
                page,
                new String[] {Long.toString(Long.MAX_VALUE)},
                (c, before) -> c.call(AUDIT_BY_KEY)
                        .set(NAMESPACE, ns)
                        .set(KEY, k)
                        .set(BEFORE_ID, Pages.number(listing, before[0])),
                RECORD,
                r -> new String[] {Long.toString(r.id())});
    }

    @Override
    public Page<AuditRecord> byNamespace(String namespace, PageRequest page) {
        return newest("auditByNamespace", AUDIT_BY_NAMESPACE, NAMESPACE, Namespaces.check(namespace), page);
    }

    @Override
    public Page<AuditRecord> byOperation(MemoryOperation operation, PageRequest page) {
        String op = Failures.required(operation, "the memory operation").stored();
        return newest("auditByOperation", AUDIT_BY_OPERATION, OPERATION, op, page);
    }

    @Override
    public Page<AuditRecord> timeline(PageRequest page) {
        return newest("auditTimeline", AUDIT_TIMELINE, (Param<String>) null, "", page);
    }

    @Override
    public Page<AuditRecord> bySubtree(String prefix, PageRequest page) {
        String p = Namespaces.check(prefix);
        int limit = Pages.limit(page);
        String cursor = Pages.cursor(page);
        Check.limit(limit, Pages.MAX_PAGE);
        String listing = "auditBySubtree:" + p;
        String[] after =
                cursor == null ? new String[] {p, Long.toString(Long.MAX_VALUE)} : Cursor.decode(listing, cursor, 2);
        if (!Namespaces.isWithin(after[0], p)) {
            throw Failures.invalid("not a cursor of " + listing + ": " + Check.quote(cursor));
        }
        long beforeId = Pages.number(listing, after[1]);
        List<AuditRecord> rows = db.read("reading the audit trail under " + Check.quote(p), c -> {
            // The rest of the namespace the last page ended in, newest first; then the namespaces after it.
            List<AuditRecord> out = new ArrayList<>(c.call(AUDIT_BY_NAMESPACE)
                    .set(NAMESPACE, after[0])
                    .set(BEFORE_ID, beforeId)
                    .set(LIMIT, limit + 1)
                    .list(RECORD));
            if (out.size() <= limit) {
                String from = after[0].equals(p) ? p + ":" : after[0];
                out.addAll(c.call(AUDIT_NAMESPACES_AFTER)
                        .set(AFTER_NAMESPACE, from)
                        .set(HIGH, p + ";")
                        .set(LIMIT, limit + 1 - out.size())
                        .list(RECORD));
            }
            return out;
        });
        return Pages.page(rows, limit, listing, r -> new String[] {r.memoryNamespace(), Long.toString(r.id())});
    }

    /** One audit row the library writes of its own work (retention, erasure), in its own transaction. */
    static void recordSystem(
            Database db,
            String actor,
            String actionType,
            com.fasterxml.jackson.databind.node.ObjectNode data,
            String result) {
        db.write(
                "recording " + actionType + " in the audit trail",
                c -> c.call(AUDIT_INSERT)
                        .set(TIMESTAMP, db.now())
                        .set(AGENT_ID, null)
                        .set(TASK_ID, null)
                        .set(ACTOR, actor)
                        .set(ACTION_TYPE, actionType)
                        .set(DATA, org.jooq.JSON.valueOf(data.toString()))
                        .set(RESULT, result)
                        .one(r -> r.get(AUDIT.ID)));
    }
}
