package io.agentstore.internal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.SqliteTestBase;
import io.agentstore.internal.database.PlanVerdict;
import io.agentstore.internal.shape.RenderedShapes;
import io.agentstore.internal.store.AllShapes;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

/** Seed defect 3: no index may duplicate a primary key, a UNIQUE constraint or another index. */
class IndexInventoryTest extends SqliteTestBase {

    @Test
    void noIndexDuplicatesAnother() throws Exception {
        database();
        try (Connection c = rawConnection()) {
            List<SqliteCatalog.Index> indexes = SqliteCatalog.indexes(c);
            assertThat(indexes)
                    .extracting(SqliteCatalog.Index::name)
                    .contains("memory_current", "memory_versions", "sessions_active_by_recency", "tasks_dequeue");
            assertThat(SqliteCatalog.redundantIndexes(indexes)).isEmpty();
        }
    }

    @Test
    void theCheckCatchesEachKindOfDuplicateTheSeedHad() throws Exception {
        database();
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE INDEX dup_memory_pk ON memory_entries (id)");
            st.execute("CREATE INDEX dup_document_path ON document_index (file_path)");
            st.execute("CREATE INDEX dup_state_unique ON state (task_id, key)");
            st.execute("CREATE INDEX dup_checkpoint_pk ON checkpoints (task_id, iteration)");
            st.execute("CREATE INDEX dup_sessions_pk ON sessions (id)");
            st.execute("CREATE INDEX prefix_of_versions ON memory_entries (namespace, key)");
            List<String> problems = SqliteCatalog.redundantIndexes(SqliteCatalog.indexes(c));
            assertThat(problems).hasSize(6);
            assertThat(String.join("\n", problems))
                    .contains(
                            "dup_memory_pk",
                            "dup_document_path",
                            "dup_state_unique",
                            "dup_checkpoint_pk",
                            "dup_sessions_pk",
                            "prefix_of_versions");
        }
    }

    @Test
    void everyIndexHasAReason() throws Exception {
        // An index costs every write: each explicit one must serve a registered query shape,
        // back a foreign key (parent deletes), or enforce uniqueness.
        database();
        try (Connection c = rawConnection()) {
            List<SqliteCatalog.Index> indexes = SqliteCatalog.indexes(c);
            Set<String> used = new HashSet<>();
            for (PlanVerdict v : PlanCheck.check(c, new RenderedShapes(SQLDialect.SQLITE, AllShapes.all()))) {
                for (String line : v.plan()) {
                    Matcher m = Pattern.compile("INDEX (\\w+)").matcher(line);
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                }
            }
            Set<String> fkColumns = SqliteCatalog.foreignKeyColumns(
                    c, indexes.stream().map(SqliteCatalog.Index::table).collect(java.util.stream.Collectors.toSet()));
            List<String> idle = indexes.stream()
                    .filter(ix -> ix.origin().equals("c") && !ix.unique())
                    .filter(ix -> !used.contains(ix.name()))
                    .filter(ix -> !fkColumns.contains(
                            ix.table() + "." + ix.columns().get(0).name()))
                    .map(SqliteCatalog.Index::name)
                    .toList();
            assertThat(idle)
                    .as("indexes no shape uses and no foreign key needs")
                    .isEmpty();
        }
    }

    @Test
    void everyForeignKeyChildColumnLeadsAnIndex() throws Exception {
        database();
        try (Connection c = rawConnection()) {
            assertThat(SqliteCatalog.unindexedForeignKeys(c, SqliteCatalog.indexes(c)))
                    .isEmpty();
        }
    }

    @Test
    void theCheckCatchesAnUnindexedForeignKey() throws Exception {
        database();
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            st.execute("DROP INDEX audit_memory_by_entry");
            assertThat(SqliteCatalog.unindexedForeignKeys(c, SqliteCatalog.indexes(c)))
                    .containsExactly("audit.memory_entry_id → memory_entries");
        }
    }
}
