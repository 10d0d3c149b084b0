package io.agentstore;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL the tests use: a real server (PostgreSQL 18 from Maven artifacts, started by
 * the tests themselves, once per JVM, on a free port; as root, the library runs it in a user
 * namespace), and a fresh schema per test, so that tests never see each other's rows.
 */
public final class TestPostgres {

    private static EmbeddedPostgres server;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private TestPostgres() {}

    /** The running server, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "400")
                        .setServerConfig("shared_buffers", "256MB")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("starting the tests' PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // The JVM is exiting; the server's directory is temporary.
                }
            }));
        }
        return server;
    }

    /** A new, empty schema for one test. */
    public static String newSchema() {
        String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        try (Connection c = DriverManager.getConnection(baseUrl(), "postgres", "postgres");
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("creating test schema " + schema, e);
        }
        return schema;
    }

    /** The server's JDBC URL, no schema. */
    public static String baseUrl() {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/postgres";
    }

    /** The JDBC URL whose connections work in one schema. */
    public static String url(String schema) {
        return baseUrl() + "?currentSchema=" + schema;
    }
}
