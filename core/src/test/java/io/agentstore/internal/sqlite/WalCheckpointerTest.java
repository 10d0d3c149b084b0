package io.agentstore.internal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.PageRequest;
import io.agentstore.SqliteTestBase;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.store.Stores;
import io.agentstore.memory.MemoryStore;
import io.agentstore.memory.NewMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Commits never checkpoint; the checkpointer keeps the log short behind them. */
class WalCheckpointerTest extends SqliteTestBase {

    @Test
    void theLogIsCheckpointedAndTruncatedBehindTheWriter() throws Exception {
        Database db = database();
        MemoryStore memory = new Stores(db).memory();
        String payload = "x".repeat(2_000);
        long maxWal = 0;
        for (int batch = 0; batch < 40; batch++) {
            List<NewMemory> many = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                many.add(NewMemory.of("cp:b" + batch, "k" + i, Map.of("p", payload)));
            }
            memory.addAll(many);
            for (int i = 0; i < 20; i++) {
                memory.add(NewMemory.of("cp:single", "b" + batch + "k" + i, 1));
            }
            maxWal = Math.max(maxWal, writer(db).walBytes());
        }
        // Wait (bounded) for the checkpointer to catch up with the last commits.
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (writer(db).walBytes() > 4 * SingleWriter.WAL_TRUNCATE_BYTES && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(writer(db).checkpoints()).isPositive();
        // Completed checkpoints let the log be reused from its start; a file left larger than four
        // times the threshold is truncated.
        assertThat(writer(db).walBytes()).isLessThanOrEqualTo(4 * SingleWriter.WAL_TRUNCATE_BYTES);
        // ~8,000 memories of 2 KB went through a log that never held more than a fraction of them.
        assertThat(maxWal).isLessThan(12L * SingleWriter.WAL_TRUNCATE_BYTES);
        assertThat(memory.byPrefix("cp", PageRequest.first(1000)).items()).hasSize(1000);
    }

    @Test
    void anInterruptOtherThanCloseDoesNotStopTheCheckpointer() throws Exception {
        Database db = database();
        MemoryStore memory = new Stores(db).memory();
        WalCheckpointer checkpointer = writer(db).walCheckpointer();
        checkpointer.thread().interrupt();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (checkpointer.interruptions() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(checkpointer.interruptions()).isEqualTo(1);
        assertThat(checkpointer.running()).isTrue();
        // It still checkpoints behind the writer.
        long before = writer(db).checkpoints();
        for (int i = 0; i < 400; i++) {
            memory.add(NewMemory.of("cp:after", "k" + i, i));
        }
        deadline = System.nanoTime() + 10_000_000_000L;
        while (writer(db).checkpoints() == before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(writer(db).checkpoints()).isGreaterThan(before);
    }

    private static SingleWriter writer(Database db) {
        return (SingleWriter) db.transactions();
    }
}
