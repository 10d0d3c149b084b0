package io.agentstore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import java.io.BufferedReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What opening a store leaves behind, seen from real processes: several processes opening one
 * new file at once migrate it once and leave no lock file; and a fresh JVM that opens a store
 * logs nothing of jOOQ's (no logo, no tip of the day), even with its logging at INFO.
 */
@Tag("reliability")
class OpeningProcessesTest {

    @TempDir
    Path dir;

    @Test
    void processesOpeningOneNewFileAtOnceMigrateItOnceAndLeaveNoLockFile() throws Exception {
        Path file = dir.resolve("race.db");
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            children.add(ChildJvm.start(ProcessOpener.class, file.toString(), "p" + i));
        }
        for (Process p : children) {
            // JVMs start slowly; the signal lets them open the file within a moment of each other.
            OutputStream go = p.getOutputStream();
            go.write('\n');
            go.flush();
        }
        for (Process p : children) {
            try (BufferedReader out = ChildJvm.stdout(p)) {
                assertThat(out.readLine()).isEqualTo("OPENED");
            }
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT version) FROM flyway_schema_history "
                        + "WHERE version IS NOT NULL AND success = 1")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(rs.getInt(2)).isGreaterThanOrEqualTo(4);
        }
        try (AgentStore store = AgentStore.open(file)) {
            for (int i = 0; i < 4; i++) {
                assertThat(store.memory().get("proc:p" + i, "k")).isPresent();
            }
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("race.db");
        }
    }

    @Test
    void aFreshJvmOpeningAStoreLogsNothingOfJooqs() throws Exception {
        Path config = dir.resolve("logback.xml");
        Files.writeString(config, """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%logger %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="out"/></root>
                </configuration>
                """);
        Process p = ChildJvm.start(
                List.of("-Dlogback.configurationFile=" + config),
                ProcessOpener.class,
                dir.resolve("quiet.db").toString(),
                "q");
        p.getOutputStream().write('\n');
        p.getOutputStream().flush();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = ChildJvm.stdout(p)) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).contains("OPENED");
        assertThat(lines).noneMatch(l -> l.startsWith("org.jooq") || l.contains("jOOQ tip") || l.contains("@@@@"));
    }
}
