package io.agentstore;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ReadOnlyStoreTest extends StoreTestBase {

    private StoreOptions readOnly() {
        return options().withReadOnly(true);
    }

    @Test
    void aReadOnlyStoreReadsWhatOthersWriteAndRefusesEveryWriteBeforeItReachesTheDatabase() throws Exception {
        store().sessions().create(NewSession.of("app", "u").withId("s1"));
        store().sessions().append("s1", NewEvent.of("message", "user", "hello"));
        store().memory().add(NewMemory.of("user:u", "k", "v"));

        AgentStore reader = openStore(readOnly());
        assertThat(reader.sessions().lastEvents("s1", 5)).hasSize(1);
        assertThat(reader.memory().get("user:u", "k")).isPresent();
        assertFails(
                ErrorCode.UNSUPPORTED,
                () -> reader.sessions().append("s1", NewEvent.of("message", "user", "x")),
                "read-only");
        assertFails(ErrorCode.UNSUPPORTED, () -> reader.memory().add(NewMemory.of("user:u", "k2", "v")), "read-only");
        assertFails(ErrorCode.UNSUPPORTED, () -> reader.retention().run(), "read-only");
        assertFails(ErrorCode.UNSUPPORTED, () -> reader.eraseUser("app", "u"), "read-only");

        // What the writable store writes meanwhile is seen; nothing the reader tried is.
        store().sessions().append("s1", NewEvent.of("message", "agent", "hi"));
        assertThat(reader.sessions().lastEvents("s1", 5)).hasSize(2);
        assertThat(reader.memory().get("user:u", "k2")).isEmpty();
        // Export and backup are reads.
        assertThat(reader.exportTo(java.io.OutputStream.nullOutputStream()).totalRows())
                .isPositive();
        reader.close();
        assertThat(store().memory().get("user:u", "k2")).isEmpty();
    }

    @Test
    void aReadOnlyStoreMigratesNothingAndRefusesAnOlderSchema() throws Exception {
        store().memory().add(NewMemory.of("user:u", "k", "v"));
        store().close();
        // As a store of the previous version left it: the newest migration not applied yet.
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM flyway_schema_history WHERE version = '"
                    + io.agentstore.internal.database.Migrations.SCHEMA_VERSION + "'");
        }
        assertFails(
                ErrorCode.STORAGE,
                () -> openStore(readOnly()),
                "is at schema version " + (io.agentstore.internal.database.Migrations.SCHEMA_VERSION - 1),
                "migrates nothing");
        // Still at the older version: the read-only open wrote nothing.
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE version = '"
                        + io.agentstore.internal.database.Migrations.SCHEMA_VERSION + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }
}
