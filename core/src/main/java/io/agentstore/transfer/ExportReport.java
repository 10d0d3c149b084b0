package io.agentstore.transfer;

import java.time.Duration;
import java.util.Map;

/**
 * What an export wrote.
 *
 * @param schemaVersion the schema version of the store exported (in the file's header)
 * @param rows the rows per table, in the file's order
 * @param bytes the bytes written (before any compression the caller applies)
 * @param took the time the export took
 */
public record ExportReport(int schemaVersion, Map<String, Long> rows, long bytes, Duration took) {

    public ExportReport {
        rows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rows));
    }

    /** The rows of every table. */
    public long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }
}
