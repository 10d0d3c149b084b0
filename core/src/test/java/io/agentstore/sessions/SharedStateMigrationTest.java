package io.agentstore.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.Json;
import io.agentstore.StoreTestBase;
import io.agentstore.TestPostgres;
import io.agentstore.internal.database.Migrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Schema V6 moves the app: and user: keys existing sessions held into the shared state, on both engines. */
class SharedStateMigrationTest extends StoreTestBase {

    @Override
    protected boolean emptySchema() {
        return true; // it migrates to version 5 itself
    }

    @Test
    void sharedKeysInSessionStateMoveToTheAppAndTheUserWithTheNewestValue() throws Exception {
        // A database at schema version 5, where app: and user: keys lived inside each session.
        (onPostgres()
                        ? Flyway.configure()
                                .dataSource(TestPostgres.url(schema()), "postgres", "postgres")
                                .locations(Migrations.locations("postgresql"))
                        : Flyway.configure()
                                .dataSource("jdbc:sqlite:" + dbFile(), null, null)
                                .locations(Migrations.locations("sqlite")))
                .target("5")
                .load()
                .migrate();
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO sessions (id, app_name, user_id, state, last_update_time) VALUES"
                    + " ('old', 'bot', 'alice', '{\"app:t\":\"old\",\"user:n\":{\"a\":1},\"own\":1}',"
                    + " '2026-01-01T00:00:00.000000Z'),"
                    + " ('new', 'bot', 'alice', '{\"app:t\":\"new\",\"user:b\":true,\"own\":2}',"
                    + " '2026-02-01T00:00:00.000000Z'),"
                    + " ('bob', 'bot', 'bob', '{\"user:n\":[1,2]}', '2026-03-01T00:00:00.000000Z'),"
                    + " ('plain', 'other', 'carol', '{\"k\":\"v\"}', '2026-03-01T00:00:00.000000Z')");
        }
        try (AgentStore store = openStore(options())) {
            assertThat(store.sessions().state("old"))
                    .isEqualTo(Json.parse("{\"own\":1,\"app:t\":\"new\",\"user:n\":{\"a\":1},\"user:b\":true}"));
            assertThat(store.sessions().state("new"))
                    .isEqualTo(Json.parse("{\"own\":2,\"app:t\":\"new\",\"user:n\":{\"a\":1},\"user:b\":true}"));
            assertThat(store.sessions().state("bob")).isEqualTo(Json.parse("{\"app:t\":\"new\",\"user:n\":[1,2]}"));
            assertThat(store.sessions().state("plain")).isEqualTo(Json.parse("{\"k\":\"v\"}"));
        }
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT state FROM sessions ORDER BY id")) {
            List<Json> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(Json.parse(rs.getString(1)));
            }
            // The session rows keep only their own keys.
            assertThat(rows)
                    .containsExactly(
                            Json.parse("{}"),
                            Json.parse("{\"own\":2}"),
                            Json.parse("{\"own\":1}"),
                            Json.parse("{\"k\":\"v\"}"));
        }
    }
}
