package io.agentstore.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of one test class's own, to be hurt: its backends killed, stopped with
 * {@code -m immediate} (SIGQUIT to the postmaster) and started again on the same data directory
 * and port, frozen (SIGSTOP to every process of the server) and thawed. Production durability
 * ({@code fsync}, {@code synchronous_commit} on).
 */
final class FaultServer implements AutoCloseable {

    private final Path data;
    private final int port;
    private EmbeddedPostgres server;
    private List<Long> frozen = List.of();

    FaultServer() throws IOException {
        data = Files.createTempDirectory("agentstore-faults");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        start();
    }

    private void start() throws IOException {
        server = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200")
                .start();
    }

    String url(String schema) {
        return "jdbc:postgresql://localhost:" + port + "/postgres?currentSchema=" + schema;
    }

    Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "postgres");
    }

    String newSchema(String name) throws SQLException {
        try (Connection c = admin();
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + name);
        }
        return name;
    }

    /** Terminates every client backend but the one asking; how many it ended. */
    int killBackends() throws SQLException {
        try (Connection c = admin();
                Statement st = c.createStatement();
                var rs =
                        st.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private long postmaster() throws IOException {
        return Long.parseLong(
                Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    /** {@code pg_ctl stop -m immediate}: SIGQUIT to the postmaster, no checkpoint; waits until it has gone. */
    void stopImmediately() throws Exception {
        long pid = postmaster();
        signal("QUIT", List.of(pid));
        ProcessHandle.of(pid).ifPresent(p -> {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the postmaster did not stop", e);
            }
        });
        server.close(); // releases the data directory's lock (its own stop finds no server)
    }

    /** Starts the server again on the same data directory and port (crash recovery runs). */
    void restart() throws IOException {
        start();
    }

    /** SIGSTOP to the postmaster and every process under it. */
    void freeze() throws Exception {
        long pid = postmaster();
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        frozen = pids;
        signal("STOP", pids);
    }

    void thaw() throws Exception {
        signal("CONT", frozen);
        frozen = List.of();
    }

    private static void signal(String name, List<Long> pids) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + name));
        pids.forEach(p -> cmd.add(Long.toString(p)));
        Process kill = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pids + ": "
                    + new String(kill.getInputStream().readAllBytes()));
        }
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Override
    public void close() throws IOException {
        if (!frozen.isEmpty()) {
            try {
                thaw();
            } catch (Exception e) {
                throw new IOException("thawing the server", e);
            }
        }
        server.close();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
