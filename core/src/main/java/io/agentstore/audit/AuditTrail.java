package io.agentstore.audit;

import io.agentstore.Page;
import io.agentstore.PageRequest;

/**
 * The audit trail: memory changes are recorded by the memory store itself; callers record
 * their own agent and task actions. Every listing is newest first, keyset-paginated, and one
 * index range.
 */
public interface AuditTrail {

    /** Records an action of an agent (or of the system, with no agent) within a task (or none). */
    AuditRecord record(NewAuditRecord action);

    Page<AuditRecord> byTask(String taskId, PageRequest page);

    Page<AuditRecord> byAgent(String agentId, PageRequest page);

    Page<AuditRecord> byMemoryEntry(long entryId, PageRequest page);

    /** The changes of one memory key, newest first: one index range. */
    Page<AuditRecord> byMemoryKey(String namespace, String key, PageRequest page);

    /** Memory actions in exactly this namespace. */
    Page<AuditRecord> byNamespace(String namespace, PageRequest page);

    /**
     * Memory actions in a namespace subtree (whole segments, as in memory listings), in
     * (namespace, newest first) order: one index range, whatever the size of the trail.
     */
    Page<AuditRecord> bySubtree(String prefix, PageRequest page);

    /** Memory actions of one kind (create, update, delete, rollback, consolidate, publish). */
    Page<AuditRecord> byOperation(MemoryOperation operation, PageRequest page);

    /** Everything, newest first. */
    Page<AuditRecord> timeline(PageRequest page);
}
