package io.agentstore;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A quick look at a store for a health check ({@link AgentStore#health()}): whether it answers,
 * how fast, its schema, its size and its connections. No table is read to make it.
 *
 * @param engine               {@code sqlite} or {@code postgresql}
 * @param schemaVersion        the newest migration the database records
 * @param librarySchemaVersion the newest migration this library knows
 * @param probeTime            how long the probe's read took, connection borrow included
 * @param storage              the database's size and, on SQLite, its free pages and its log's size
 * @param logLimitBytes        on SQLite, the log size past which a writer copies the log out itself
 *                             before it writes again (the log's bound); empty on PostgreSQL
 * @param connections          the connections the store reads and writes through: on SQLite its
 *                             read connections, on PostgreSQL its pool (empty for a caller's
 *                             {@code DataSource} that is not a HikariCP pool)
 */
public record StoreHealth(
        String engine,
        int schemaVersion,
        int librarySchemaVersion,
        Duration probeTime,
        StoreStats.Storage storage,
        OptionalLong logLimitBytes,
        Optional<Connections> connections) {

    /**
     * A pool's connections now.
     *
     * @param active  in use by a call
     * @param idle    open and free
     * @param total   open
     * @param maximum the most the pool opens
     * @param waiting calls waiting for a connection
     */
    public record Connections(int active, int idle, int total, int maximum, int waiting) {}

    /** Whether the database's schema is the one this library was built for. */
    public boolean schemaCurrent() {
        return schemaVersion == librarySchemaVersion;
    }
}
