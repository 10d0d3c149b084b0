package io.agentstore.internal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.Errors;
import io.agentstore.StoreOptions;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.store.AllShapes;
import io.agentstore.memory.NewMemory;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code StoreOptions.withMemoryMap}: every read connection of the store maps that much of the
 * file (by default 2 GiB), or none; the writer never does.
 */
class MemoryMapTest {

    @TempDir
    Path dir;

    /** What each read connection maps; the writer maps nothing (checked here). */
    private static List<Long> mapped(Database db) throws Exception {
        List<Long> sizes = new ArrayList<>();
        db.forEachConnection((c, writer) -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("PRAGMA mmap_size")) {
                rs.next();
                if (writer) {
                    assertThat(rs.getLong(1)).as("the writer's map").isZero();
                } else {
                    sizes.add(rs.getLong(1));
                }
            }
        });
        return sizes;
    }

    @Test
    void everyReaderMapsWhatTheOptionsSay() throws Exception {
        long size = 64L << 20;
        StoreOptions options = StoreOptions.defaults().withMemoryMap(size);
        Path file = dir.resolve("mapped.db");
        try (Database db = new Database(
                new SqliteEngine(file, options.busyTimeout(), false, false, options.memoryMap()),
                options,
                AllShapes.all())) {
            assertThat(mapped(db)).isNotEmpty().containsOnly(size);
        }
        StoreOptions defaults = StoreOptions.defaults();
        try (Database db = new Database(
                new SqliteEngine(file, defaults.busyTimeout(), false, false, defaults.memoryMap()),
                defaults,
                AllShapes.all())) {
            assertThat(mapped(db)).isNotEmpty().containsOnly(2L * 1024 * 1024 * 1024);
        }
        StoreOptions off = StoreOptions.defaults().withMemoryMap(0);
        try (Database db = new Database(
                new SqliteEngine(file, off.busyTimeout(), false, false, off.memoryMap()), off, AllShapes.all())) {
            assertThat(mapped(db)).isNotEmpty().containsOnly(0L);
        }
    }

    @Test
    void aMappedStoreReadsWhatItWrote() {
        Path file = dir.resolve("rw.db");
        try (AgentStore store = AgentStore.open(file, StoreOptions.defaults().withMemoryMap(1L << 30))) {
            for (int i = 0; i < 200; i++) {
                store.memory().add(NewMemory.of("user:u" + i % 7, "k" + i, Map.of("i", i)));
            }
        }
        try (AgentStore store = AgentStore.open(file, StoreOptions.defaults().withMemoryMap(1L << 30))) {
            for (int i = 0; i < 200; i++) {
                assertThat(store.memory()
                                .get("user:u" + i % 7, "k" + i)
                                .orElseThrow()
                                .value()
                                .tree()
                                .get("i")
                                .asInt())
                        .isEqualTo(i);
            }
        }
    }

    @Test
    void aNegativeSizeIsRefusedNamingIt() {
        Errors.assertFails(
                ErrorCode.INVALID_ARGUMENT, () -> StoreOptions.defaults().withMemoryMap(-1), "memoryMap", "-1");
    }
}
