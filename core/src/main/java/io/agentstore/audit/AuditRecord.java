package io.agentstore.audit;

import io.agentstore.Json;
import java.time.Instant;

/**
 * One audited action.
 *
 * @param memoryOperation create, update, delete, rollback, consolidate or publish for memory actions, else null
 * @param memoryNamespace the namespace of the memory changed, else null
 * @param memoryEntryId   the row of the version the change wrote or retired, else null
 * @param memoryKey       the key of the memory changed, else null
 * @param memoryVersion   the version the change wrote or retired, else null
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
        Long memoryEntryId,
        String memoryKey,
        Integer memoryVersion) {}
