package io.agentstore.reliability;

import static io.agentstore.Errors.assertFails;

import io.agentstore.ErrorCode;
import io.agentstore.SqliteTestBase;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.Session;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Values in the file that this library never writes (a file edited by hand) are storage errors that name them. */
class TamperedFileTest extends SqliteTestBase {

    private void tamper(String sql) throws Exception {
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            st.execute("PRAGMA ignore_check_constraints = ON");
            st.executeUpdate(sql);
        }
    }

    @Test
    void anEnumeratedValueNoEnumKnowsIsAStorageErrorNamingIt() throws Exception {
        Session s = store().sessions().create(NewSession.of("app", "alice"));
        tamper("UPDATE sessions SET status = 'hibernating' WHERE id = '" + s.id() + "'");
        assertFails(ErrorCode.STORAGE, () -> store().sessions().get(s.id()), "'hibernating'", "SessionStatus");
    }

    @Test
    void aTimestampInAnotherFormatIsAStorageErrorNamingIt() throws Exception {
        store().memory().add(NewMemory.of("user:a", "k", 1));
        tamper("UPDATE memory_entries SET updated_at = 'yesterday' WHERE namespace = 'user:a'");
        assertFails(ErrorCode.STORAGE, () -> store().memory().get("user:a", "k"), "'yesterday'");
    }
}
