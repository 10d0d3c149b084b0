package io.agentstore.internal.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.PageRequest;
import io.agentstore.SqliteTestBase;
import io.agentstore.internal.store.Stores;
import io.agentstore.memory.MemoryStore;
import io.agentstore.memory.NewMemory;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A full disk fails the writes that do not fit, and the writer recovers by itself as soon as
 * there is room again. The file is made "full" portably: {@code PRAGMA max_page_count} on the
 * writer's connection caps the file where it stands.
 */
class DiskFullTest extends SqliteTestBase {

    private static long pragma(Database db, String sql) {
        return db.write("setting " + sql, c -> {
            try (Statement st = c.jdbc().createStatement();
                    ResultSet rs = st.executeQuery(sql)) {
                return rs.next() ? rs.getLong(1) : -1L;
            }
        });
    }

    @Test
    void writesFailWhileTheFileIsFullAndSucceedAgainOnceThereIsRoom() {
        Database db = database();
        MemoryStore memory = new Stores(db).memory();
        memory.add(NewMemory.of("full:a", "k0", 0));
        long pages = pragma(db, "PRAGMA page_count");
        pragma(db, "PRAGMA max_page_count = " + (pages + 2));
        String payload = "x".repeat(3_000);
        int stored = 1;
        AgentStoreException full = null;
        for (int i = 1; i < 200 && full == null; i++) {
            try {
                memory.add(NewMemory.of("full:a", "k" + i, Map.of("p", payload)));
                stored++;
            } catch (AgentStoreException e) {
                full = e;
            }
        }
        assertThat(full).as("a write past max_page_count").isNotNull();
        assertThat(full.code()).isEqualTo(ErrorCode.STORAGE);
        assertThat(full.getMessage()).containsIgnoringCase("full");
        // Still full: the next write fails the same way, not with a broken transaction.
        AgentStoreException again = null;
        try {
            memory.add(NewMemory.of("full:a", "again", Map.of("p", payload)));
        } catch (AgentStoreException e) {
            again = e;
        }
        assertThat(again).isNotNull();
        assertThat(again.getMessage()).containsIgnoringCase("full").doesNotContain("within a transaction");
        // Room again: writes succeed at once, on the same store.
        pragma(db, "PRAGMA max_page_count = 1073741823");
        memory.add(NewMemory.of("full:a", "after", Map.of("p", payload)));
        assertThat(memory.get("full:a", "after")).isPresent();
        assertThat(memory.byPrefix("full:a", PageRequest.first(1000)).items()).hasSize(stored + 1);
    }
}
