package io.agentstore.internal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentstore.AgentStore;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.PageRequest;
import io.agentstore.SqliteTestBase;
import io.agentstore.audit.AuditRecord;
import io.agentstore.internal.database.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

class MigrationTest extends SqliteTestBase {

    @Test
    void aNewFileCanGiveFreePagesBackAndAnOlderOneOpensAsItWas() throws Exception {
        database();
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA auto_vacuum")) {
            rs.next();
            assertThat(rs.getInt(1)).as("incremental auto-vacuum on a new file").isEqualTo(2);
        }
        // A file whose tables were made without the pragma, as every file before this version.
        Path older = dir.resolve("older.db");
        Flyway.configure()
                .dataSource("jdbc:sqlite:" + older, null, null)
                .locations("classpath:db/migration/sqlite")
                .load()
                .migrate();
        try (AgentStore store = AgentStore.open(older)) {
            store.retention().run(); // gives nothing back, fails on nothing
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + older);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA auto_vacuum")) {
            rs.next();
            assertThat(rs.getInt(1)).as("an older file keeps its mode").isZero();
        }
    }

    @Test
    void aFreshFileGetsEveryTable() throws Exception {
        database();
        List<String> tables = new ArrayList<>();
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' "
                        + "AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertThat(tables)
                .containsExactly(
                        "agents",
                        "app_states",
                        "audit",
                        "checkpoints",
                        "document_index",
                        "document_vector_changes",
                        "flyway_schema_history",
                        "history_horizons",
                        "memory_changes",
                        "memory_entries",
                        "memory_recency",
                        "memory_vector_changes",
                        "memory_vectors",
                        "metrics",
                        "retention_cursors",
                        "search_feed_floors",
                        "session_events",
                        "session_states",
                        "sessions",
                        "shared_states",
                        "state",
                        "task_dependencies",
                        "tasks",
                        "user_states",
                        "vector_spaces");
    }

    @Test
    void theFileIsInWalModeAndIntact() throws Exception {
        database();
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
        }
    }

    @Test
    void reopeningAppliesNothingTwice() throws Exception {
        AgentStore.open(dbFile()).close();
        AgentStore.open(dbFile()).close();
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT version), min(success) "
                        + "FROM flyway_schema_history WHERE version IS NOT NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(rs.getInt(2)).isGreaterThanOrEqualTo(4);
            assertThat(rs.getInt(3)).isEqualTo(1);
        }
    }

    @Test
    void aNewStoreIsAtTheSchemaVersionExportsName() throws Exception {
        AgentStore.open(dbFile()).close();
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = 1")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(io.agentstore.internal.database.Migrations.SCHEMA_VERSION);
        }
    }

    @Test
    void theMigrationsShipOnTheClasspathForAUsersOwnFlyway() {
        assertThat(getClass().getClassLoader().getResource("db/migration/sqlite/V1__create_sessions.sql"))
                .isNotNull();
        assertThat(getClass().getClassLoader().getResource("db/migration/sqlite/V2__create_memory.sql"))
                .isNotNull();
    }

    @Test
    void aFileFromANewerLibraryIsRefusedClearly() throws Exception {
        database().close();
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, execution_time, success) "
                    + "VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 1, 'x', 1, 1)");
        }
        assertThatThrownBy(() -> AgentStore.open(dbFile()).close())
                .isInstanceOf(AgentStoreException.class)
                .satisfies(e -> assertThat(((AgentStoreException) e).code()).isEqualTo(ErrorCode.STORAGE))
                .hasMessageContaining(dbFile().getFileName().toString())
                .hasMessageContaining("99");
    }

    @Test
    void storesOpenedAtOnceOnOneNewFileMigrateItOnce() throws Exception {
        Path file = dir.resolve("race.db");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> opens = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                opens.add(pool.submit(() -> {
                    start.await();
                    AgentStore.open(file).close();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : opens) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT version) FROM flyway_schema_history "
                        + "WHERE version IS NOT NULL AND success = 1")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(rs.getInt(2)).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aMissingDirectoryIsCreated() {
        AgentStore.open(dir.resolve("a/b/c.db")).close();
        assertThat(dir.resolve("a/b/c.db")).exists();
    }

    @Test
    void auditRowsWrittenBeforeTheKeyColumnsGetThemFromTheirData() throws Exception {
        // A file at schema version 4, with a memory change audited the way version 4 did.
        Flyway.configure()
                .dataSource("jdbc:sqlite:" + dbFile(), null, null)
                .locations(Migrations.locations("sqlite"))
                .target("4")
                .load()
                .migrate();
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO audit (action_type, action_data, memory_operation_type, memory_namespace)"
                    + " VALUES ('memory', '{\"key\":\"k\",\"version\":3}', 'update', 'user:a')");
        }
        try (AgentStore store = AgentStore.open(dbFile())) {
            AuditRecord r = store.audit()
                    .byMemoryKey("user:a", "k", PageRequest.first(10))
                    .items()
                    .get(0);
            assertThat(r.memoryKey()).isEqualTo("k");
            assertThat(r.memoryVersion()).isEqualTo(3);
        }
    }

    @Test
    void aFileFromBeforeHistoryStartsItsHistoryAtItsNewestTimeAndRefusesEarlierReads() throws Exception {
        // A file at schema version 8 with a memory key and a session, as version 8 wrote them.
        Flyway.configure()
                .dataSource("jdbc:sqlite:" + dbFile(), null, null)
                .locations(Migrations.locations("sqlite"))
                .target("8")
                .load()
                .migrate();
        String at = "2026-05-01T09:00:00.000000Z";
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO memory_entries (namespace, key, value, created_at, updated_at)"
                    + " VALUES ('user:a', 'k', '\"v\"', '" + at + "', '" + at + "')");
            st.executeUpdate("INSERT INTO sessions (id, app_name, user_id, state, created_at, last_update_time)"
                    + " VALUES ('s', 'app', 'u', '{\"mood\":\"old\"}', '" + at + "', '" + at + "')");
        }
        try (AgentStore store = AgentStore.open(dbFile(), options())) {
            Instant horizon = Instant.parse("2026-05-01T09:00:00Z");
            assertThat(store.memory()
                            .asOf(horizon)
                            .get("user:a", "k")
                            .orElseThrow()
                            .value()
                            .tree()
                            .asText())
                    .isEqualTo("v");
            assertThat(store.sessions()
                            .asOf(horizon.plusSeconds(60))
                            .state("s")
                            .tree()
                            .get("mood")
                            .asText())
                    .isEqualTo("old");
            assertThatThrownBy(
                            () -> store.memory().asOf(horizon.minusSeconds(1)).get("user:a", "k"))
                    .hasMessageContaining("earliest time that can be answered is 2026-05-01T09:00:00")
                    .extracting(e -> ((AgentStoreException) e).code())
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThatThrownBy(
                            () -> store.sessions().asOf(horizon.minusSeconds(1)).state("s"))
                    .extracting(e -> ((AgentStoreException) e).code())
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            // What is written from now on has its history from the start.
            store.memory().update(io.agentstore.memory.MemoryUpdate.of("user:a", "k", "w"));
            assertThat(store.memory()
                            .asOf(clock.instant())
                            .get("user:a", "k")
                            .orElseThrow()
                            .version())
                    .isEqualTo(2);
            assertThat(store.memory()
                            .asOf(horizon)
                            .get("user:a", "k")
                            .orElseThrow()
                            .version())
                    .isEqualTo(1);
        }
    }
}
