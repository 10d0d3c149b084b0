package io.agentstore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.StoreTestBase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed defect 3: no index may duplicate a primary key, a UNIQUE constraint or another index. */
class IndexInventoryTest extends StoreTestBase {

    @Test
    void noIndexDuplicatesAnother() throws Exception {
        database();
        try (Connection c = rawConnection()) {
            List<SqliteCatalog.Index> indexes = SqliteCatalog.indexes(c);
            assertThat(indexes).extracting(SqliteCatalog.Index::name)
                    .contains("memory_current", "memory_versions", "sessions_active_by_recency", "tasks_dequeue");
            assertThat(SqliteCatalog.redundantIndexes(indexes)).isEmpty();
        }
    }

    @Test
    void theCheckCatchesEachKindOfDuplicateTheSeedHad() throws Exception {
        database();
        try (Connection c = rawConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE INDEX dup_memory_pk ON memory_entries (id)");
            st.execute("CREATE INDEX dup_document_path ON document_index (file_path)");
            st.execute("CREATE INDEX dup_state_unique ON state (task_id, key)");
            st.execute("CREATE INDEX dup_checkpoint_pk ON checkpoints (task_id, iteration)");
            st.execute("CREATE INDEX dup_sessions_pk ON sessions (id)");
            st.execute("CREATE INDEX prefix_of_versions ON memory_entries (namespace, key)");
            List<String> problems = SqliteCatalog.redundantIndexes(SqliteCatalog.indexes(c));
            assertThat(problems).hasSize(6);
            assertThat(String.join("\n", problems)).contains("dup_memory_pk", "dup_document_path", "dup_state_unique",
                    "dup_checkpoint_pk", "dup_sessions_pk", "prefix_of_versions");
        }
    }

    @Test
    void everyForeignKeyChildColumnLeadsAnIndex() throws Exception {
        database();
        try (Connection c = rawConnection()) {
            assertThat(SqliteCatalog.unindexedForeignKeys(c, SqliteCatalog.indexes(c))).isEmpty();
        }
    }

    @Test
    void theCheckCatchesAnUnindexedForeignKey() throws Exception {
        database();
        try (Connection c = rawConnection(); Statement st = c.createStatement()) {
            st.execute("DROP INDEX audit_memory_by_entry");
            assertThat(SqliteCatalog.unindexedForeignKeys(c, SqliteCatalog.indexes(c)))
                    .containsExactly("audit.memory_entry_id → memory_entries");
        }
    }
}
