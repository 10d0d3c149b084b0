package io.agentstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.memory.MemoryEntry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw-JDBC twins write what the library reads back: every parameter of their shapes bound. */
class RawWriterTest {

    @TempDir
    Path dir;

    @Test
    void eachTwinWritesARowTheLibraryReads() throws Exception {
        Dataset data = Dataset.forMemories(1_000);
        Path file = Dataset.copy(data.ensure(dir.resolve("raw.db"), m -> {}), dir.resolve("raw-copy.db"));
        try (RawWriter raw = new RawWriter(file)) {
            raw.memoryAdd("bench:raw", "k1", "{\"n\":1}", "bench");
            raw.memoryUpdate(data.namespaceOf(3), data.keyOf(3), "{\"n\":2}");
            assertThat(raw.eventAppend(data.sessionId(2), "{\"text\":\"hi\"}")).isPositive();
            assertThat(raw.taskClaim()).isNotNull();
        }
        try (AgentStore store = AgentStore.open(file, StoreOptions.defaults())) {
            MemoryEntry added = store.memory().get("bench:raw", "k1").orElseThrow();
            assertThat(added.embedded()).isFalse();
            assertThat(store.memory()
                            .get(data.namespaceOf(3), data.keyOf(3))
                            .orElseThrow()
                            .version())
                    .isGreaterThan(1);
        }
    }
}
