package io.agentstore.internal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentstore.SqliteTestBase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteException;

/** The schema's own rules, the last line of defence behind the library's validation. */
class SchemaConstraintTest extends SqliteTestBase {

    private Connection c;

    @BeforeEach
    void seed() throws SQLException {
        database();
        c = new SqliteEngine(dbFile(), options().busyTimeout()).open(true);
        exec("INSERT INTO sessions (id, app_name, user_id) VALUES ('s', 'app', 'alice')");
        exec("INSERT INTO tasks (id, prompt, session_id) VALUES ('t', 'do it', 's')");
        exec("INSERT INTO agents (id, name, task_id, session_id) VALUES ('a', 'worker', 't', 's')");
        exec("INSERT INTO memory_entries (id, namespace, key, value) VALUES (1, 'user:alice', 'k', '{\"x\":1}')");
        exec("INSERT INTO state (task_id, key, value) VALUES ('t', 'k', '1')");
        exec("INSERT INTO checkpoints (task_id, iteration, state, session_id) VALUES ('t', 1, '{}', 's')");
        exec("INSERT INTO document_index (file_path, document_type, content_hash) VALUES ('/a.md', 'design', '"
                + "a".repeat(64) + "')");
        exec("INSERT INTO session_events (session_id, seq, event_type, actor) VALUES ('s', 1, 'message', 'user')");
        exec(
                "INSERT INTO audit (action_type, task_id, agent_id, memory_operation_type, memory_namespace, memory_entry_id) "
                        + "VALUES ('memory', 't', 'a', 'create', 'user:alice', 1)");
    }

    @AfterEach
    void closeConnection() throws SQLException {
        c.close();
    }

    static Stream<Arguments> badRows() {
        String check = "SQLITE_CONSTRAINT_CHECK";
        String unique = "SQLITE_CONSTRAINT_UNIQUE";
        String fk = "SQLITE_CONSTRAINT_FOREIGNKEY";
        return Stream.of(
                Arguments.of(
                        "session status outside the enum",
                        check,
                        "INSERT INTO sessions (id, app_name, user_id, status) VALUES ('x', 'app', 'u', 'sleeping')"),
                Arguments.of(
                        "session state that is not JSON",
                        check,
                        "INSERT INTO sessions (id, app_name, user_id, state) VALUES ('x', 'app', 'u', '{oops')"),
                Arguments.of(
                        "session state that is a JSON array",
                        check,
                        "INSERT INTO sessions (id, app_name, user_id, state) VALUES ('x', 'app', 'u', '[]')"),
                Arguments.of(
                        "session metadata that is not JSON",
                        check,
                        "INSERT INTO sessions (id, app_name, user_id, metadata) VALUES ('x', 'app', 'u', 'nope')"),
                Arguments.of(
                        "a timestamp in another text format",
                        check,
                        "INSERT INTO sessions (id, app_name, user_id, created_at) VALUES ('x', 'app', 'u', '2026-01-02 03:04:05')"),
                Arguments.of(
                        "a terminated session without terminated_at",
                        check,
                        "INSERT INTO sessions (id, app_name, user_id, status) VALUES ('x', 'app', 'u', 'terminated')"),
                Arguments.of(
                        "a session with an empty user id",
                        check,
                        "INSERT INTO sessions (id, app_name, user_id) VALUES ('x', 'app', '')"),
                Arguments.of(
                        "an event of a session that does not exist",
                        fk,
                        "INSERT INTO session_events (session_id, seq, event_type, actor) VALUES ('nope', 1, 'm', 'u')"),
                Arguments.of(
                        "an event whose content is not JSON",
                        check,
                        "INSERT INTO session_events (session_id, seq, event_type, actor, content) VALUES ('s', 2, 'm', 'u', '{')"),
                Arguments.of(
                        "an event seq of zero",
                        check,
                        "INSERT INTO session_events (session_id, seq, event_type, actor) VALUES ('s', 0, 'm', 'u')"),
                Arguments.of(
                        "two events with one seq",
                        "SQLITE_CONSTRAINT_PRIMARYKEY",
                        "INSERT INTO session_events (session_id, seq, event_type, actor) VALUES ('s', 1, 'm', 'u')"),
                Arguments.of(
                        "memory type outside the enum",
                        check,
                        "INSERT INTO memory_entries (namespace, key, value, memory_type) VALUES ('a', 'k2', '1', 'dream')"),
                Arguments.of(
                        "memory version zero",
                        check,
                        "INSERT INTO memory_entries (namespace, key, value, version) VALUES ('a', 'k2', '1', 0)"),
                Arguments.of(
                        "memory value that is not JSON",
                        check,
                        "INSERT INTO memory_entries (namespace, key, value) VALUES ('a', 'k2', 'not json')"),
                Arguments.of(
                        "a namespace with an empty segment",
                        check,
                        "INSERT INTO memory_entries (namespace, key, value) VALUES ('user::alice', 'k2', '1')"),
                Arguments.of(
                        "a namespace with a wildcard character",
                        check,
                        "INSERT INTO memory_entries (namespace, key, value) VALUES ('user:al%ce', 'k2', '1')"),
                Arguments.of(
                        "a namespace ending in a separator",
                        check,
                        "INSERT INTO memory_entries (namespace, key, value) VALUES ('user:', 'k2', '1')"),
                Arguments.of(
                        "a row both current and deleted",
                        check,
                        "INSERT INTO memory_entries (namespace, key, value, is_current, is_deleted) VALUES ('a', 'k2', '1', 1, 1)"),
                Arguments.of(
                        "the same memory version twice",
                        unique,
                        "INSERT INTO memory_entries (namespace, key, value, version, is_current) VALUES ('user:alice', 'k', '1', 1, 0)"),
                Arguments.of(
                        "two current versions of one key",
                        unique,
                        "INSERT INTO memory_entries (namespace, key, value, version) VALUES ('user:alice', 'k', '1', 2)"),
                Arguments.of(
                        "task status outside the enum",
                        check,
                        "INSERT INTO tasks (id, prompt, status) VALUES ('x', 'p', 'sleeping')"),
                Arguments.of(
                        "task priority above 10",
                        check,
                        "INSERT INTO tasks (id, prompt, priority) VALUES ('x', 'p', 11)"),
                Arguments.of(
                        "task dependencies that are not an array",
                        check,
                        "INSERT INTO tasks (id, prompt, dependencies) VALUES ('x', 'p', '{}')"),
                Arguments.of(
                        "a running task without a start time",
                        check,
                        "INSERT INTO tasks (id, prompt, status) VALUES ('x', 'p', 'running')"),
                Arguments.of(
                        "a task whose parent does not exist",
                        fk,
                        "INSERT INTO tasks (id, prompt, parent_task_id) VALUES ('x', 'p', 'nope')"),
                Arguments.of(
                        "a task depending on itself",
                        check,
                        "INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES ('t', 't')"),
                Arguments.of(
                        "agent state outside the enum",
                        check,
                        "INSERT INTO agents (id, name, state) VALUES ('x', 'n', 'asleep')"),
                Arguments.of(
                        "an agent of a task that does not exist",
                        fk,
                        "INSERT INTO agents (id, name, task_id) VALUES ('x', 'n', 'nope')"),
                Arguments.of(
                        "legacy state key twice for a task",
                        unique,
                        "INSERT INTO state (task_id, key, value) VALUES ('t', 'k', '2')"),
                Arguments.of(
                        "legacy state value that is not JSON",
                        check,
                        "INSERT INTO state (task_id, key, value) VALUES ('t', 'k2', 'x')"),
                Arguments.of(
                        "audit memory operation outside the enum",
                        check,
                        "INSERT INTO audit (action_type, memory_operation_type, memory_namespace) VALUES ('m', 'forget', 'a')"),
                Arguments.of(
                        "audit memory operation without a namespace",
                        check,
                        "INSERT INTO audit (action_type, memory_operation_type) VALUES ('m', 'create')"),
                Arguments.of(
                        "audit of a memory entry that does not exist",
                        fk,
                        "INSERT INTO audit (action_type, memory_entry_id) VALUES ('m', 999)"),
                Arguments.of(
                        "a negative metric value",
                        check,
                        "INSERT INTO metrics (metric_name, metric_value) VALUES ('latency', -1)"),
                Arguments.of(
                        "metric labels that are not an object",
                        check,
                        "INSERT INTO metrics (metric_name, metric_value, labels) VALUES ('latency', 1, '[1]')"),
                Arguments.of(
                        "a checkpoint iteration twice",
                        "SQLITE_CONSTRAINT_PRIMARYKEY",
                        "INSERT INTO checkpoints (task_id, iteration, state) VALUES ('t', 1, '{}')"),
                Arguments.of(
                        "a checkpoint of a task that does not exist",
                        fk,
                        "INSERT INTO checkpoints (task_id, iteration, state) VALUES ('nope', 1, '{}')"),
                Arguments.of(
                        "document sync status outside the enum",
                        check,
                        "INSERT INTO document_index (file_path, document_type, content_hash, sync_status) VALUES ('/b', 'plan', '"
                                + "b".repeat(64) + "', 'lost')"),
                Arguments.of(
                        "document type outside the enum",
                        check,
                        "INSERT INTO document_index (file_path, document_type, content_hash) VALUES ('/b', 'novel', '"
                                + "b".repeat(64) + "')"),
                Arguments.of(
                        "a content hash that is not SHA-256 hex",
                        check,
                        "INSERT INTO document_index (file_path, document_type, content_hash) VALUES ('/b', 'plan', 'xyz')"),
                Arguments.of(
                        "a document path twice",
                        unique,
                        "INSERT INTO document_index (file_path, document_type, content_hash) VALUES ('/a.md', 'plan', '"
                                + "b".repeat(64) + "')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRows")
    void eachRuleRefusesABadRow(String rule, String expectedCode, String sql) {
        assertThatThrownBy(() -> exec(sql))
                .isInstanceOfSatisfying(
                        SQLiteException.class,
                        e -> assertThat(e.getResultCode().name()).isEqualTo(expectedCode));
    }

    @Test
    void defaultsFillAValidRowInTheOneTimestampFormat() throws SQLException {
        exec("INSERT INTO sessions (id, app_name, user_id) VALUES ('d', 'app', 'u')");
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT status, state, metadata, event_count, created_at, last_update_time FROM sessions WHERE id = 'd'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("created");
            assertThat(rs.getString(2)).isEqualTo("{}");
            assertThat(rs.getString(3)).isEqualTo("{}");
            assertThat(rs.getInt(4)).isZero();
            assertThat(rs.getString(5)).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
            assertThat(rs.getString(6)).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
        }
    }

    @Test
    void deletingASessionKeepsItsTasksAgentsAndCheckpointsButDropsItsEvents() throws SQLException {
        exec("DELETE FROM sessions WHERE id = 's'");
        assertThat(single("SELECT session_id IS NULL FROM tasks WHERE id = 't'"))
                .isEqualTo(1);
        assertThat(single("SELECT session_id IS NULL FROM agents WHERE id = 'a'"))
                .isEqualTo(1);
        assertThat(single("SELECT session_id IS NULL FROM checkpoints WHERE task_id = 't'"))
                .isEqualTo(1);
        assertThat(single("SELECT count(*) FROM session_events WHERE session_id = 's'"))
                .isZero();
    }

    @Test
    void deletingAMemoryRowKeepsItsAuditRow() throws SQLException {
        exec("DELETE FROM memory_entries WHERE id = 1");
        assertThat(single(
                        "SELECT count(*) FROM audit WHERE memory_entry_id IS NULL AND memory_namespace = 'user:alice'"))
                .isEqualTo(1);
    }

    @Test
    void deletingATaskCascadesToItsCheckpointsAndLegacyState() throws SQLException {
        exec("DELETE FROM agents WHERE id = 'a'");
        exec("DELETE FROM tasks WHERE id = 't'");
        assertThat(single("SELECT count(*) FROM checkpoints")).isZero();
        assertThat(single("SELECT count(*) FROM state")).isZero();
        assertThat(single("SELECT count(*) FROM audit WHERE task_id IS NULL AND agent_id IS NULL"))
                .isEqualTo(1);
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private int single(String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
