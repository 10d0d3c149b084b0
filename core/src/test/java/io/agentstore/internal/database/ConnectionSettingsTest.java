package io.agentstore.internal.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentstore.SqliteTestBase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Every connection the library hands out carries the settings (seed defect 7). */
class ConnectionSettingsTest extends SqliteTestBase {

    @Test
    void everyConnectionRefusesADanglingForeignKey() throws Exception {
        AtomicInteger checked = new AtomicInteger();
        database().forEachConnection((c, writer) -> {
            assertThatThrownBy(
                            () -> inRolledBackTransaction(
                                    c,
                                    "INSERT INTO session_events "
                                            + "(session_id, seq, event_type, actor) VALUES ('no-such-session', 1, 'message', 'user')"))
                    .isInstanceOfSatisfying(
                            SQLiteException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY));
            checked.incrementAndGet();
        });
        assertThat(checked).hasValue(1 + database().options().readConnections());
    }

    @Test
    void everyConnectionRefusesACheckViolation() throws Exception {
        AtomicInteger checked = new AtomicInteger();
        database().forEachConnection((c, writer) -> {
            assertThatThrownBy(() -> inRolledBackTransaction(
                            c,
                            "INSERT INTO sessions (id, app_name, user_id, status) "
                                    + "VALUES ('s1', 'app', 'alice', 'sleeping')"))
                    .isInstanceOfSatisfying(
                            SQLiteException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_CHECK));
            checked.incrementAndGet();
        });
        assertThat(checked).hasValue(1 + database().options().readConnections());
    }

    @Test
    void everyConnectionRunsWalWithNormalSyncAndABusyTimeout() throws Exception {
        database().forEachConnection((c, writer) -> {
            assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(c, "synchronous")).isEqualTo("1"); // NORMAL
            assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(c, "busy_timeout")).isEqualTo("5000");
            assertThat(pragma(c, "wal_autocheckpoint")).isEqualTo("0"); // the checkpointer does it
        });
    }

    @Test
    void aPlainConnectionWouldAcceptTheDanglingReference() throws Exception {
        // The control: SQLite's own default is foreign keys OFF, which is why the setting matters.
        database();
        try (Connection c = rawConnection()) {
            inRolledBackTransaction(
                    c,
                    "INSERT INTO session_events (session_id, seq, event_type, actor) "
                            + "VALUES ('no-such-session', 1, 'message', 'user')");
        }
    }

    private static void inRolledBackTransaction(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN");
            try {
                st.execute(sql);
            } finally {
                st.execute("ROLLBACK");
            }
        }
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
