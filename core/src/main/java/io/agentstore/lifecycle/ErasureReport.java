package io.agentstore.lifecycle;

import java.util.Map;
import java.util.TreeMap;

/**
 * What erasing a user removed: rows deleted per table, and rows elsewhere that named the user and
 * were kept with the user's traces cleared (per table: {@code audit} rows reduced to their id,
 * time, action type and memory operation, or rows whose author column was cleared).
 */
public record ErasureReport(Map<String, Long> deleted, Map<String, Long> scrubbed) {

    public ErasureReport {
        deleted = java.util.Collections.unmodifiableMap(new TreeMap<>(deleted));
        scrubbed = java.util.Collections.unmodifiableMap(new TreeMap<>(scrubbed));
    }

    public long deleted(String table) {
        return deleted.getOrDefault(table, 0L);
    }

    public long scrubbed(String table) {
        return scrubbed.getOrDefault(table, 0L);
    }

    /** Whether nothing of the user was found (erasing again after a completed erasure gives this). */
    public boolean nothingFound() {
        return deleted.values().stream().allMatch(n -> n == 0)
                && scrubbed.values().stream().allMatch(n -> n == 0);
    }
}
