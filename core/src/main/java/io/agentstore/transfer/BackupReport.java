package io.agentstore.transfer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a backup or a restore wrote: the file, its pages and bytes, and how long it took.
 *
 * @param file the file written (the backup, or the restored database)
 * @param pages the database pages copied
 * @param bytes the size of the file written
 * @param took the time the copy took
 */
public record BackupReport(Path file, long pages, long bytes, Duration took) {}
