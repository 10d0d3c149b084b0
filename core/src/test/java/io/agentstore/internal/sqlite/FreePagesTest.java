package io.agentstore.internal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.SqliteTestBase;
import io.agentstore.lifecycle.RetentionPolicy;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A retention run gives the pages of what it deleted back to the file system (a file made by this version). */
class FreePagesTest extends SqliteTestBase {

    private long pragma(String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theFileShrinksAfterARunThatDeletesMostOfIt() throws Exception {
        String text = "x".repeat(2_000);
        try (AgentStore store = openStore(options())) {
            store.sessions().create(NewSession.of("app", "alice").withId("s"));
            List<NewEvent> events = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                events.add(NewEvent.of("turn", "user", text + i));
            }
            store.sessions().appendAll("s", events);
        }
        long pagesBefore = pragma("page_count");
        try (AgentStore store = openStore(options())) {
            assertThat(store.retention()
                            .run(RetentionPolicy.keepEverything().withEventsKeepLast(10))
                            .deleted("session_events"))
                    .isEqualTo(1_990);
        }
        long pagesAfter = pragma("page_count");
        assertThat(pragma("freelist_count")).isZero();
        assertThat(pagesAfter).isLessThan(pagesBefore / 10);
    }
}
