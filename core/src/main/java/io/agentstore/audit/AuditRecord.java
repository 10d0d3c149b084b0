package io.agentstore.audit;

import io.agentstore.Json;
import java.time.Instant;

/**
 * One audited action.
 *
 * @param memoryOperation create, update, delete, rollback, consolidate or publish for memory actions, else null
 */
public record AuditRecord(
        long id,
        Instant timestamp,
        String agentId,
        String taskId,
        String actor,
        String actionType,
        Json actionData,
        String result,
        String memoryOperation,
        String memoryNamespace,
        Long memoryEntryId) {}
