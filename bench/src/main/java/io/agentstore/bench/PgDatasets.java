package io.agentstore.bench;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The benchmarks' datasets on a PostgreSQL server: one database per scale, built once through
 * the library and marked with the dataset's signature ({@code bench_dataset}), reused while the
 * signature matches; write benchmarks get a fresh copy of it ({@code CREATE DATABASE … TEMPLATE}).
 */
public final class PgDatasets {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private PgDatasets() {}

    /** The JDBC URL of another database on the server of {@code serverUrl}. */
    public static String database(String serverUrl, String name) {
        int q = serverUrl.indexOf('?');
        String base = q < 0 ? serverUrl : serverUrl.substring(0, q);
        return base.substring(0, base.lastIndexOf('/') + 1) + name;
    }

    /** The read dataset's database at this scale (built if missing or built for another dataset). */
    public static String read(String serverUrl, Dataset data) throws IOException, SQLException {
        return ensureDatabase(
                serverUrl,
                "agentstore_read_" + data.memories,
                data.signature(),
                store -> data.build(store, m -> System.err.println("    " + m)));
    }

    /** What fills a new database. */
    @FunctionalInterface
    public interface Builder {
        void build(AgentStore store) throws IOException;
    }

    /**
     * A database built by {@code builder} through the library, reused while it carries this
     * signature (rebuilt if missing, half-built or built for another).
     */
    public static String ensureDatabase(String serverUrl, String name, String signature, Builder builder)
            throws IOException, SQLException {
        String url = database(serverUrl, name);
        try (Connection admin = DriverManager.getConnection(database(serverUrl, "postgres"), USER, PASSWORD)) {
            if (exists(admin, name) && marked(url, signature)) {
                return url;
            }
            recreate(admin, name, null);
        }
        try (AgentStore store =
                AgentStore.open(url, USER, PASSWORD, StoreOptions.defaults().withPoolSize(10))) {
            builder.build(store);
        }
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD);
                Statement st = c.createStatement()) {
            st.execute("VACUUM ANALYZE");
            st.execute("CREATE TABLE bench_dataset (signature text NOT NULL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_dataset VALUES (?)")) {
                ps.setString(1, signature);
                ps.executeUpdate();
            }
        }
        return url;
    }

    /** A fresh copy of the read dataset for a benchmark that writes, named after it. */
    public static String copy(String serverUrl, Dataset data, String benchmark) throws IOException, SQLException {
        String source = "agentstore_read_" + data.memories;
        read(serverUrl, data);
        String name = ("agentstore_" + benchmark + "_" + data.memories).toLowerCase(java.util.Locale.ROOT);
        try (Connection admin = DriverManager.getConnection(database(serverUrl, "postgres"), USER, PASSWORD)) {
            recreate(admin, name, source);
        }
        return database(serverUrl, name);
    }

    private static boolean exists(Connection admin, String name) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean marked(String url, String signature) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT signature FROM bench_dataset")) {
            return rs.next() && rs.getString(1).equals(signature);
        } catch (SQLException e) {
            return false; // no marker: built by nothing, or half-built
        }
    }

    private static void recreate(Connection admin, String name, String template) throws SQLException {
        try (Statement st = admin.createStatement()) {
            for (String db : template == null ? new String[] {name} : new String[] {name, template}) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db
                        + "' AND pid <> pg_backend_pid()");
            }
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
        }
    }
}
