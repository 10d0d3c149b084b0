package io.agentstore.internal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.SqliteTestBase;
import io.agentstore.StoreOptions;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.database.Latches;
import io.agentstore.internal.store.Stores;
import io.agentstore.memory.MemoryStore;
import io.agentstore.memory.NewMemory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Emptying the write-ahead log needs no library read in flight: reads in flight finish first,
 * new reads wait for it, and a read never waits longer than the busy timeout in all.
 */
class ReadGateTest extends SqliteTestBase {

    @Override
    protected StoreOptions options() {
        return super.options().withBusyTimeout(Duration.ofMillis(1000));
    }

    @Test
    void aReadWaitsWhileTheLogIsEmptiedAndFailsBusyPastTheTimeout() throws Exception {
        Database db = database();
        MemoryStore gateMemory = new Stores(db).memory();
        gateMemory.add(NewMemory.of("gate", "k", 1));
        CountDownLatch emptying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> quiet = pool.submit(() -> {
                writer(db).whileQuiet(() -> {
                    emptying.countDown();
                    Latches.await(release);
                });
                return null;
            });
            assertThat(emptying.await(30, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> gateMemory.get("gate", "k"))
                    .isInstanceOfSatisfying(
                            AgentStoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY))
                    .hasMessageContaining("reading memory 'gate'/'k'")
                    .hasMessageContaining("write-ahead log was being emptied for 1000 ms");
            // A read that starts now waits for the gate and then goes through.
            Future<Boolean> waiting =
                    pool.submit(() -> gateMemory.get("gate", "k").isPresent());
            Thread.sleep(100);
            assertThat(waiting).isNotDone();
            release.countDown();
            quiet.get(30, TimeUnit.SECONDS);
            assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void theLogIsEmptiedOnlyAfterTheReadsInFlightFinish() throws Exception {
        Database db = database();
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch finishRead = new CountDownLatch(1);
        AtomicBoolean emptiedDuringRead = new AtomicBoolean();
        AtomicBoolean readFinished = new AtomicBoolean();
        AtomicBoolean emptied = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> read = pool.submit(() -> db.read("a long read", c -> {
                reading.countDown();
                Latches.await(finishRead);
                readFinished.set(true);
                return null;
            }));
            assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> quiet = pool.submit(() -> {
                writer(db).whileQuiet(() -> {
                    emptiedDuringRead.set(!readFinished.get());
                    emptied.set(true);
                });
                return null;
            });
            Thread.sleep(100);
            assertThat(emptied).as("emptied while a read was in flight").isFalse();
            finishRead.countDown();
            read.get(30, TimeUnit.SECONDS);
            quiet.get(30, TimeUnit.SECONDS);
            assertThat(emptied).isTrue();
            assertThat(emptiedDuringRead).isFalse();
        } finally {
            finishRead.countDown();
            pool.shutdownNow();
        }
    }

    private static SingleWriter writer(Database db) {
        return (SingleWriter) db.transactions();
    }
}
