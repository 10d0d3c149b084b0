package io.agentstore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.NewMemory;
import io.agentstore.search.SearchHit;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A search index in one process kept true to the writes of another process on the same file. */
@Tag("reliability")
class SearchProcessesTest {

    @TempDir
    Path dir;

    @Test
    void searchesSeeAnotherProcesssWritesAndNeverARetiredVersion() throws Exception {
        Path file = dir.resolve("shared.db");
        int count = 60;
        try (AgentStore store = AgentStore.open(file)) {
            List<NewMemory> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(NewMemory.of("proc:v", "k" + i, "original").withEmbedding(new float[] {1, 0}));
            }
            store.memory().addAll(batch);
            MemorySearch byX = MemorySearch.vector(new float[] {1, 0}).withLimit(1000);
            assertThat(store.memory().search(byX)).hasSize(count); // this process's index is built

            Process writer = ChildJvm.start(VectorWriter.class, file.toString(), Integer.toString(count));
            // While the other process writes: every hit is a version current when it was read.
            boolean running = true;
            while (running) {
                for (SearchHit<MemoryEntry> h : store.memory().search(byX)) {
                    MemoryEntry e = h.item();
                    assertThat(e.current()).isTrue();
                    String expected = e.key().startsWith("new") ? "added" : e.version() == 1 ? "original" : "turned";
                    assertThat(e.value().as(String.class)).isEqualTo(expected);
                }
                running = writer.isAlive();
            }
            try (BufferedReader out = ChildJvm.stdout(writer)) {
                assertThat(out.readLine()).isEqualTo("DONE");
            }
            assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(writer.exitValue()).isZero();

            // After it: exactly the other process's final state, ranked.
            List<SearchHit<MemoryEntry>> hits = store.memory()
                    .search(MemorySearch.vector(new float[] {0, 1}).withLimit(1000));
            int kept = count - (count + 2) / 3;
            assertThat(hits).hasSize(kept + count);
            assertThat(hits.subList(0, kept)).allSatisfy(h -> {
                assertThat(h.item().key()).startsWith("k");
                assertThat(h.item().version()).isEqualTo(2);
                assertThat(h.score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
            });
            assertThat(hits.subList(kept, hits.size()))
                    .allSatisfy(h -> assertThat(h.item().key()).startsWith("new"));
        }
    }
}
