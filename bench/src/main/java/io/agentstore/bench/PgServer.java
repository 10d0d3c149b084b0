package io.agentstore.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * A PostgreSQL for the benchmarks, outside the JMH forks (so that datasets built on it outlive a
 * fork): an embedded PostgreSQL 18 from Maven artifacts with a server's default durability
 * ({@code fsync} and {@code synchronous_commit} on). Prints {@code URL <jdbc url>} and runs until
 * its standard input closes. {@code bench/profile} starts it for the PostgreSQL runs.
 */
public final class PgServer {

    private PgServer() {}

    /** Starts the benchmarks' PostgreSQL (also the main job's when it is given no JDBC URL). */
    public static EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "400")
                .setServerConfig("shared_buffers", "1GB")
                .start();
    }

    public static void main(String[] args) throws IOException {
        try (EmbeddedPostgres pg = start()) {
            System.out.println("URL jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until stdin closes
            }
        }
    }
}
