package io.agentstore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.TestPostgres;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes and acknowledges each operation only after its commit returned; it is
 * killed with SIGKILL at a random moment. The parent reopens the file: every acknowledged
 * operation must be there and the file must pass integrity_check. Runs: 20 by default,
 * {@code -Dagentstore.crash.runs=50} for more; on PostgreSQL 6 ({@code agentstore.crash.runs.postgres}).
 */
@Tag("reliability")
class CrashTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesAKillAtARandomMoment() throws Exception {
        Path file = dir.resolve("crash.db");
        crashes(file.toString(), Integer.getInteger("agentstore.crash.runs", 20), () -> {
            // Reopen through the library first (recovery of the WAL happens on open), then check raw.
            AgentStore.open(file).close();
            return DriverManager.getConnection("jdbc:sqlite:" + file);
        });
        assertThat(Files.exists(file)).isTrue();
    }

    /**
     * The same on PostgreSQL: a client killed mid-transaction leaves nothing half-written (the
     * server rolls its open transaction back) and loses nothing it acknowledged.
     */
    @Test
    void onPostgresEveryAcknowledgedWriteSurvivesAKilledClient() throws Exception {
        String schema = TestPostgres.newSchema();
        crashes(
                TestPostgres.url(schema),
                Integer.getInteger("agentstore.crash.runs.postgres", 6),
                () -> DriverManager.getConnection(TestPostgres.url(schema), "postgres", "postgres"));
    }

    /** How the parent reads the database after a kill. */
    @FunctionalInterface
    interface Raw {
        Connection open() throws Exception;
    }

    private static void crashes(String target, int runs, Raw raw) throws Exception {
        Random random = new Random(Long.getLong("agentstore.crash.seed", System.nanoTime()));
        long totalAcks = 0;
        for (int run = 0; run < runs; run++) {
            Process child = ChildJvm.start(CrashWriter.class, target, "r" + run);
            List<String> acks = new ArrayList<>();
            long killAfterNanos = TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(1500));
            long started = -1;
            try (BufferedReader in = ChildJvm.stdout(child)) {
                String line;
                while ((line = in.readLine()) != null) {
                    acks.add(line);
                    if (started < 0) {
                        started = System.nanoTime(); // count from the first acknowledged write
                    }
                    if (System.nanoTime() - started > killAfterNanos) {
                        break;
                    }
                }
                child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(acks)
                    .as("run " + run + " acknowledged something before the kill")
                    .isNotEmpty();
            verify(raw, acks, run, target.endsWith(".db"));
            totalAcks += acks.size();
        }
        System.out.printf(
                "crash test on %s: %d runs, %d acknowledged operations, all present%n", target, runs, totalAcks);
    }

    private static void verify(Raw raw, List<String> acks, int run, boolean sqlite) throws Exception {
        try (Connection c = raw.open();
                Statement st = c.createStatement()) {
            if (sqlite) {
                try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                    rs.next();
                    assertThat(rs.getString(1)).as("integrity after run " + run).isEqualTo("ok");
                }
            }
            for (String ack : acks) {
                String[] p = ack.split(" ");
                String sql = switch (p[1]) {
                    case "session" -> "SELECT count(*) FROM sessions WHERE id = '" + p[2] + "'";
                    case "memory" ->
                        "SELECT count(*) FROM memory_entries WHERE namespace = '" + p[2] + "' AND key = '" + p[3]
                                + "' AND version = " + Integer.parseInt(p[4]);
                    case "event" ->
                        "SELECT count(*) FROM session_events WHERE session_id = '" + p[2] + "' AND seq = "
                                + Long.parseLong(p[3]);
                    case "task" -> "SELECT count(*) FROM tasks WHERE id = '" + p[2] + "'";
                    default -> throw new AssertionError("unexpected line from the child: " + ack);
                };
                try (ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    assertThat(rs.getInt(1))
                            .as("run " + run + ": acknowledged but missing: " + ack)
                            .isEqualTo(1);
                }
            }
            // Audit rows stay in step with memory rows (same transaction): one per create or update.
            try (ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM memory_entries), "
                    + "(SELECT count(*) FROM audit WHERE memory_operation_type IN ('create', 'update'))")) {
                rs.next();
                assertThat(rs.getLong(2)).isEqualTo(rs.getLong(1));
            }
        }
    }
}
