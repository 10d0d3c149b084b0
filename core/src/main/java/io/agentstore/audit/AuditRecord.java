package io.agentstore.audit;

import io.agentstore.Json;
import java.time.Instant;

/**
 * One audited action.
 *
 *
 * <p>The library makes these; an application reads them and does not implement this interface
 * (a later release may add methods).
 */
public interface AuditRecord {

    long id();

    Instant timestamp();

    String agentId();

    String taskId();

    String actor();

    String actionType();

    Json actionData();

    String result();

    /** Create, update, delete, rollback, consolidate or publish for memory actions, else null */
    String memoryOperation();

    /** The namespace of the memory changed, else null */
    String memoryNamespace();

    /** The row of the version the change wrote or retired, else null */
    Long memoryEntryId();

    /** The key of the memory changed, else null */
    String memoryKey();

    /** The version the change wrote or retired, else null */
    Integer memoryVersion();
}
