package io.agentstore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.StoreTestBase;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.NewMemory;
import io.agentstore.search.SearchHit;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention trims the search feeds; a process whose index had not read the trimmed rows builds it again. */
class SearchFeedTest extends StoreTestBase {

    private static float[] vector(int i) {
        return new float[] {1, i, (i % 3) + 1};
    }

    private long feedRows() throws Exception {
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM memory_vector_changes")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> keys(List<SearchHit<MemoryEntry>> hits) {
        return hits.stream().map(h -> h.item().key()).sorted().toList();
    }

    @Test
    void aProcessWhoseIndexIsBelowTheTrimmedFeedBuildsItAgainAndMissesNothing() throws Exception {
        AgentStore reader = openStore(options());
        AgentStore writer = openStore(options());
        for (int i = 0; i < 5; i++) {
            writer.memory().add(NewMemory.of("app:x", "k" + i, "v" + i).withEmbedding(vector(i)));
        }
        assertThat(reader.memory().search(MemorySearch.vector(vector(0)).withLimit(100)))
                .hasSize(5); // the reader's index, built
        for (int i = 5; i < 40; i++) {
            writer.memory().add(NewMemory.of("app:x", "k" + i, "v" + i).withEmbedding(vector(i)));
        }
        writer.memory().delete("app:x", "k0");
        long rows = feedRows();
        RetentionPolicy trim = RetentionPolicy.keepEverything().withSearchFeedKeepLast(3);
        assertThat(writer.retention().dryRun(trim).deleted("memory_vector_changes"))
                .isEqualTo(rows - 3);
        assertThat(feedRows()).isEqualTo(rows);
        assertThat(writer.retention().run(trim).deleted("memory_vector_changes"))
                .isEqualTo(rows - 3);
        assertThat(feedRows()).isEqualTo(3);

        List<SearchHit<MemoryEntry>> hits =
                reader.memory().search(MemorySearch.vector(vector(7)).withLimit(100));
        assertThat(keys(hits)).hasSize(39).doesNotContain("k0").contains("k5", "k20", "k39");
        // And one that had read everything goes on from the feed as before.
        writer.memory().add(NewMemory.of("app:x", "late", "v").withEmbedding(vector(3)));
        assertThat(keys(reader.memory().search(MemorySearch.vector(vector(3)).withLimit(100))))
                .hasSize(40)
                .contains("late");
        assertThat(keys(writer.memory().search(MemorySearch.vector(vector(3)).withLimit(100))))
                .isEqualTo(keys(
                        reader.memory().search(MemorySearch.vector(vector(3)).withLimit(100))));
    }

    @Test
    void theFeedKeepsItsNewestRowsAndNothingIsTrimmedBelowTheKeep() throws Exception {
        for (int i = 0; i < 4; i++) {
            store().memory().add(NewMemory.of("app:y", "k" + i, "v").withEmbedding(vector(i)));
        }
        assertThat(store().retention().run(RetentionPolicy.keepEverything()).deleted("memory_vector_changes"))
                .isZero(); // 4 rows: far below the default keep
        assertThat(store().retention()
                        .run(RetentionPolicy.keepEverything().withSearchFeedKeepLast(4))
                        .deleted("memory_vector_changes"))
                .isZero();
        assertThat(feedRows()).isEqualTo(4);
    }
}
