package io.agentstore.internal;

import static io.agentstore.internal.AuditShapes.AUDIT_BY_AGENT;
import static io.agentstore.internal.AuditShapes.AUDIT_BY_ENTRY;
import static io.agentstore.internal.AuditShapes.AUDIT_BY_NAMESPACE;
import static io.agentstore.internal.AuditShapes.AUDIT_BY_OPERATION;
import static io.agentstore.internal.AuditShapes.AUDIT_BY_TASK;
import static io.agentstore.internal.AuditShapes.AUDIT_INSERT;
import static io.agentstore.internal.AuditShapes.AUDIT_NAMESPACES_AFTER;
import static io.agentstore.internal.AuditShapes.AUDIT_TIMELINE;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.audit.AuditRecord;
import io.agentstore.audit.AuditTrail;
import io.agentstore.memory.Namespaces;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The audit trail on the library's database. */
final class AuditTrailImpl implements AuditTrail {

    private static final Set<String> OPERATIONS = Set.of("create", "update", "delete", "rollback", "consolidate", "publish");

    private final Database db;

    AuditTrailImpl(Database db) {
        this.db = db;
    }

    static AuditRecord map(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getLong(1), Rows.instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Json.lazy(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getString(10),
                Rows.longOrNull(rs, 11));
    }

    @Override
    public AuditRecord record(String actionType, String agentId, String taskId, String actor, Map<String, ?> data,
                              String result) {
        String type = Check.text("action type", actionType, 128);
        String agent = Check.optionalId("agent id", agentId);
        String task = Check.optionalId("task id", taskId);
        String who = actor == null ? null : Check.text("actor", actor, 256);
        Json payload = data == null ? Json.emptyObject() : Json.of(data);
        String text = Check.json("action data", payload);
        String res = result == null ? null : Check.freeText("result", result, 65_536);
        String doing = "recording a " + Check.quote(type) + " action";
        return db.write(doing, c -> {
            Instant now = db.now();
            long id = db.refusing(null, doing + ": agent " + Check.quote(agent) + " or task " + Check.quote(task)
                    + " does not exist", () -> c.call(AUDIT_INSERT).set("timestamp", now).set("agentId", agent)
                    .set("taskId", task).set("actor", who).set("actionType", type).set("data", text).set("result", res)
                    .queryLong(-1));
            return new AuditRecord(id, now, agent, task, who, type, payload, res, null, null, null);
        });
    }

    private Page<AuditRecord> newest(String listing, Shape shape, String param, Object value, int limit, String cursor) {
        return Pages.keyset(db, "reading the audit trail (" + listing + ")", listing + ":" + value, limit, cursor,
                new String[] {Long.toString(Long.MAX_VALUE)},
                (c, before) -> {
                    Call call = c.call(shape).set("beforeId", Pages.number(listing, before[0]));
                    return param == null ? call : call.set(param, value);
                },
                AuditTrailImpl::map, r -> new String[] {Long.toString(r.id())});
    }

    @Override
    public Page<AuditRecord> byTask(String taskId, int limit, String cursor) {
        return newest("auditByTask", AUDIT_BY_TASK, "taskId", Check.id("task id", taskId), limit, cursor);
    }

    @Override
    public Page<AuditRecord> byAgent(String agentId, int limit, String cursor) {
        return newest("auditByAgent", AUDIT_BY_AGENT, "agentId", Check.id("agent id", agentId), limit, cursor);
    }

    @Override
    public Page<AuditRecord> byMemoryEntry(long entryId, int limit, String cursor) {
        return newest("auditByMemoryEntry", AUDIT_BY_ENTRY, "entryId", entryId, limit, cursor);
    }

    @Override
    public Page<AuditRecord> byNamespace(String namespace, int limit, String cursor) {
        return newest("auditByNamespace", AUDIT_BY_NAMESPACE, "namespace", Namespaces.check(namespace), limit, cursor);
    }

    @Override
    public Page<AuditRecord> byOperation(String operation, int limit, String cursor) {
        if (operation == null || !OPERATIONS.contains(operation)) {
            throw AgentStoreException.invalid("memory operation must be one of " + OPERATIONS + ": " + Check.quote(operation));
        }
        return newest("auditByOperation", AUDIT_BY_OPERATION, "operation", operation, limit, cursor);
    }

    @Override
    public Page<AuditRecord> timeline(int limit, String cursor) {
        return newest("auditTimeline", AUDIT_TIMELINE, null, "", limit, cursor);
    }

    @Override
    public Page<AuditRecord> bySubtree(String prefix, int limit, String cursor) {
        String p = Namespaces.check(prefix);
        Check.limit(limit, Pages.MAX_PAGE);
        String listing = "auditBySubtree:" + p;
        String[] after = cursor == null ? new String[] {p, Long.toString(Long.MAX_VALUE)} : Cursor.decode(listing, cursor, 2);
        if (!Namespaces.isWithin(after[0], p)) {
            throw AgentStoreException.invalid("not a cursor of " + listing + ": " + Check.quote(cursor));
        }
        long beforeId = Pages.number(listing, after[1]);
        List<AuditRecord> rows = db.read("reading the audit trail under " + Check.quote(p), c -> {
            // The rest of the namespace the last page ended in, newest first; then the namespaces after it.
            List<AuditRecord> out = new ArrayList<>(c.call(AUDIT_BY_NAMESPACE).set("namespace", after[0])
                    .set("beforeId", beforeId).set("limit", limit + 1).list(AuditTrailImpl::map));
            if (out.size() <= limit) {
                String from = after[0].equals(p) ? p + ":" : after[0];
                out.addAll(c.call(AUDIT_NAMESPACES_AFTER).set("after", from).set("high", p + ";")
                        .set("limit", limit + 1 - out.size()).list(AuditTrailImpl::map));
            }
            return out;
        });
        return Pages.page(rows, limit, listing, r -> new String[] {r.memoryNamespace(), Long.toString(r.id())});
    }
}
