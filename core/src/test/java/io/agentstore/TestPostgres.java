package io.agentstore;

import io.agentstore.internal.database.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL the tests use: a real server (PostgreSQL 18 from Maven artifacts, started by
 * the tests themselves, once per JVM, on a free port; as root, the library runs it in a user
 * namespace) with a production server's durability ({@code fsync} and {@code synchronous_commit}
 * on), and a fresh schema per test, so that tests never see each other's rows.
 */
public final class TestPostgres {

    private static EmbeddedPostgres server;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private TestPostgres() {}

    /** The running server, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // The durable settings a production server has (the embedded server's builder
                // turns synchronous_commit off): an acknowledged commit is on disk.
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
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

    /** Schemas at the current version with no rows, given back by finished tests. */
    private static final Deque<String> CLEAN = new ConcurrentLinkedDeque<>();

    /** The tables, indexes and sequences of a schema the library migrated, and its applied versions. */
    private static String migratedCatalog;

    /**
     * A schema for one test, with no rows: one a finished test gave back (at the current version,
     * its catalogue exactly the migrated one, every table emptied and every sequence restarted),
     * else a new, empty one that the library migrates when the test opens its store. Migrating a
     * new schema for each test was most of a PostgreSQL test's time.
     */
    public static String cleanSchema() {
        String schema = CLEAN.poll();
        return schema != null ? schema : newSchema();
    }

    /**
     * Takes back a finished test's schema for the next test, if its catalogue is exactly what the
     * migrations make (a test that created a table or an index of its own gives nothing back):
     * every table but Flyway's history is truncated and its sequences restarted.
     */
    public static void giveBack(String schema) {
        try (Connection c = DriverManager.getConnection(url(schema), "postgres", "postgres");
                Statement st = c.createStatement()) {
            if (!catalog(st, schema).equals(migratedCatalog())) {
                return;
            }
            st.execute("SET lock_timeout = '2s'"); // a connection a test left open keeps its schema
            // Rows deleted with the foreign keys' triggers off (these tables hold a test's few rows:
            // cheaper than TRUNCATE's new files), and every sequence restarted, in one round trip.
            StringBuilder sql = new StringBuilder("SET session_replication_role = replica;");
            try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema
                    + "' AND tablename <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    sql.append("DELETE FROM ").append(rs.getString(1)).append(';');
                }
            }
            try (ResultSet rs =
                    st.executeQuery("SELECT sequencename FROM pg_sequences WHERE schemaname = '" + schema + "'")) {
                while (rs.next()) {
                    sql.append("ALTER SEQUENCE ").append(rs.getString(1)).append(" RESTART;");
                }
            }
            sql.append("SET session_replication_role = DEFAULT");
            st.execute(sql.toString());
            CLEAN.push(schema);
        } catch (SQLException e) {
            // Not reused: the next test gets a new schema.
        }
    }

    private static synchronized String migratedCatalog() throws SQLException {
        if (migratedCatalog == null) {
            String schema = newSchema();
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(url(schema));
            ds.setUser("postgres");
            ds.setPassword("postgres");
            Migrations.flyway(ds, "postgresql").migrate();
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement()) {
                migratedCatalog = catalog(st, schema);
            }
        }
        return migratedCatalog;
    }

    /** A schema's relations (tables, indexes, sequences) and the migrations applied to it, as one text. */
    private static String catalog(Statement st, String schema) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (ResultSet rs =
                st.executeQuery("SELECT c.relname || ':' || c.relkind::text FROM pg_class c JOIN pg_namespace n"
                        + " ON n.oid = c.relnamespace WHERE n.nspname = '" + schema + "' ORDER BY 1")) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append(' ');
            }
        }
        if (sb.indexOf("flyway_schema_history:r") >= 0) {
            try (ResultSet rs = st.executeQuery("SELECT string_agg(version || '/' || checksum, ',' ORDER BY"
                    + " installed_rank) FROM " + schema + ".flyway_schema_history WHERE success")) {
                rs.next();
                sb.append(rs.getString(1));
            }
        }
        return sb.toString();
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
