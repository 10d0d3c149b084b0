package io.agentstore;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.memory.NewMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a store: what it is given, which file it opens, and what it says when it cannot. */
class OpeningTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsNotCreatedByAReadOnlyOpen() {
        Path missing = dir.resolve("sub/none.db");
        assertFails(
                ErrorCode.NOT_FOUND,
                () -> AgentStore.open(missing, StoreOptions.defaults().withReadOnly(true)),
                "no database file",
                "none.db");
        assertThat(Files.exists(missing.getParent())).isFalse();
    }

    @Test
    void nullArgumentsAreInvalidArgumentsNotNullPointers() {
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> AgentStore.open(null), "file must not be null");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> AgentStore.open(dir.resolve("a.db"), null), "options");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> StoreOptions.defaults().withBusyTimeout(null), "busyTimeout");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> StoreOptions.defaults().withClock(null), "clock");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> StoreOptions.defaults().withEpisodicTtl(null), "episodicTtl");
        // Flyway holds two connections at once while it migrates: a pool of one could never open a new database.
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> StoreOptions.defaults().withPoolSize(1), "poolSize", "2", ": 1");
    }

    @Test
    void aPathIsAFileNameNeverAUrl() throws Exception {
        for (String name : List.of("a.db?journal_mode=DELETE", "b?x=1&y=2.db", "c%41.db", "d#e.db", "f g.db")) {
            Path file = dir.resolve(name);
            try (AgentStore store = AgentStore.open(file)) {
                store.memory().add(NewMemory.of("user:a", "k", name));
                // The log the library bounds is the log of this very file: WAL mode is on for it.
                assertThat(Files.exists(Path.of(file + "-wal"))).as(name).isTrue();
            }
            assertThat(Files.size(file)).as(name).isPositive();
            try (AgentStore store = AgentStore.open(file)) {
                assertThat(store.memory()
                                .get("user:a", "k")
                                .orElseThrow()
                                .value()
                                .as(String.class))
                        .isEqualTo(name);
            }
        }
        // Nothing was opened under a name cut at '?', '#' or decoded from '%41'.
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.equals("a.db") || n.equals("b") || n.equals("cA.db") || n.equals("d"));
        }
    }

    @Test
    void openingOnAnInterruptedThreadSaysSoAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            assertFails(ErrorCode.BUSY, () -> AgentStore.open(dir.resolve("i.db")), "interrupted", "migration lock");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        try (AgentStore store = AgentStore.open(dir.resolve("i.db"))) {
            assertThat(store.sessions().byUser("u", PageRequest.first(1)).items())
                    .isEmpty();
        }
    }

    @Test
    void aFileOfANewerSchemaIsRefusedInWordsThatSaySo() throws Exception {
        Path file = dir.resolve("newer.db");
        AgentStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
                    + " 'V99__from_the_future.sql', 1, 'test', 1, 1)");
        }
        AgentStoreException e = assertFails(
                ErrorCode.STORAGE, () -> AgentStore.open(file), "written by a newer agentstore", "schema version 99");
        assertThat(e.getMessage()).containsPattern("this one knows \\d+").doesNotContainIgnoringCase("repair");
    }
}
