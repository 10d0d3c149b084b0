package io.agentstore.internal.database;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.ErrorCode;
import io.agentstore.StoreOptions;
import io.agentstore.StoreTestBase;
import io.agentstore.internal.store.Stores;
import io.agentstore.memory.MemoryStore;
import io.agentstore.memory.NewMemory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close() waits for the calls in flight, and no longer. */
class CloseTest extends StoreTestBase {

    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(60);

    @Override
    protected StoreOptions options() {
        return super.options().withBusyTimeout(BUSY_TIMEOUT);
    }

    @Test
    void closeReturnsAsSoonAsTheReadsInFlightFinish() throws Exception {
        Database db = database();
        MemoryStore memory = new Stores(db).memory();
        memory.add(NewMemory.of("close:a", "k", 1));
        int readers = 3;
        CountDownLatch reading = new CountDownLatch(readers);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            List<Future<Boolean>> reads = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                reads.add(pool.submit(() -> db.read("a slow read", c -> {
                    reading.countDown();
                    Latches.await(release);
                    return !c.jdbc().isClosed();
                })));
            }
            assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> closing = pool.submit(db::close);
            Thread.sleep(200);
            assertThat(closing).as("close waits for the reads in flight").isNotDone();
            release.countDown();
            // Well before the 60 s busy timeout: close returns once the reads are done.
            closing.get(30, TimeUnit.SECONDS);
            for (Future<Boolean> r : reads) {
                assertThat(r.get(30, TimeUnit.SECONDS))
                        .as("each read ran to its end on an open connection")
                        .isTrue();
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertFails(ErrorCode.CLOSED, () -> memory.get("close:a", "k"), "closed");
    }
}
