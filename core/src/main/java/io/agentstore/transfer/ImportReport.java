package io.agentstore.transfer;

import java.time.Duration;
import java.util.Map;

/**
 * What an import loaded, all in one transaction.
 *
 * @param schemaVersion the schema version the file was exported at
 * @param sourceEngine the engine the file was exported from ({@code sqlite} or {@code postgresql})
 * @param rows the rows per table, in the file's order
 * @param took the time the import took, commit included
 */
public record ImportReport(int schemaVersion, String sourceEngine, Map<String, Long> rows, Duration took) {

    public ImportReport {
        rows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rows));
    }

    /** The rows of every table. */
    public long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }
}
