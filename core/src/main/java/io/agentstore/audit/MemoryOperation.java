package io.agentstore.audit;

import java.util.Locale;

/** What an audited memory action did (the {@code memory_operation_type} of its audit row). */
public enum MemoryOperation {
    CREATE,
    UPDATE,
    DELETE,
    ROLLBACK,
    CONSOLIDATE,
    PUBLISH;

    /** As the audit row stores it: the name in lower case. */
    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }
}
