package io.agentstore.internal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.SqliteTestBase;
import io.agentstore.StoreCheck;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class IntegrityCheckTest extends SqliteTestBase {

    @Test
    void anEventWhoseSessionIsGoneIsReportedByTheCheck() throws Exception {
        store().sessions().create(NewSession.of("app", "u").withId("s1"));
        store().sessions().append("s1", NewEvent.of("message", "user", "hello"));
        store().close();
        // Foreign keys are off on a plain connection: a careless hand-made delete leaves the event behind.
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            st.execute("PRAGMA foreign_keys = OFF");
            st.executeUpdate("DELETE FROM sessions WHERE id = 's1'");
        }
        StoreCheck check = openStore(options()).check();
        assertThat(check.ok()).isFalse();
        assertThat(check.integrity().orElseThrow())
                .anySatisfy(problem ->
                        assertThat(problem).contains("session_events").contains("sessions"));
        assertThat(check.failingPlans()).isEmpty();
    }
}
