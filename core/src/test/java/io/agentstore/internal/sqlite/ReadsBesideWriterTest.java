package io.agentstore.internal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.SqliteTestBase;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.database.Latches;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** While the writer is busy, at most one read per processor runs; with the writer idle, reads use every connection. */
class ReadsBesideWriterTest extends SqliteTestBase {

    @Test
    void whileTheWriterIsBusyAtMostOneReadPerProcessorRuns() throws Exception {
        Database db = database();
        int limit = writer(db).readsBesideWriterLimit();
        int reads = limit + 2;
        assertThat(db.options().readConnections())
                .as("enough connections to show the limit")
                .isGreaterThanOrEqualTo(reads);
        ExecutorService pool = Executors.newFixedThreadPool(reads + 1);
        try {
            CountDownLatch releaseWriter = new CountDownLatch(1);
            Future<?> writer = Latches.holdTheWriter(pool, db, releaseWriter);
            assertThat(concurrentReads(db, pool, reads, limit))
                    .as("reads at once beside a busy writer")
                    .isEqualTo(limit);
            releaseWriter.countDown();
            writer.get(30, TimeUnit.SECONDS);
            assertThat(concurrentReads(db, pool, reads, reads))
                    .as("reads at once with the writer idle")
                    .isEqualTo(reads);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Starts {@code n} reads that each wait inside; returns how many got in (waiting up to 10 s
     * for {@code expected}, then 200 ms more), then lets them all finish.
     */
    private static int concurrentReads(Database db, ExecutorService pool, int n, int expected) throws Exception {
        AtomicInteger inside = new AtomicInteger();
        CountDownLatch finish = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            running.add(pool.submit(() -> db.read("a held read", c -> {
                inside.incrementAndGet();
                Latches.await(finish);
                return null;
            })));
        }
        // Wait (bounded) for as many as can get in, then a little longer for any that should not.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inside.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(200);
        int got = inside.get();
        finish.countDown();
        for (Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        return got;
    }

    private static SingleWriter writer(Database db) {
        return (SingleWriter) db.transactions();
    }
}
