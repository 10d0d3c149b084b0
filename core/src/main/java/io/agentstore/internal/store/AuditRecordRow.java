package io.agentstore.internal.store;

import io.agentstore.Json;
import io.agentstore.audit.AuditRecord;
import java.time.Instant;

/** The library's AuditRecord: a row as read or written. */
record AuditRecordRow(
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
        Integer memoryVersion)
        implements AuditRecord {}
