package io.agentstore.internal;

import static io.agentstore.internal.MemoryShapes.MEMORY_CURRENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.StoreTestBase;
import io.agentstore.memory.NewMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Concurrent writes share commits, and one failure in a shared commit neither undoes nor fails the others. */
class GroupCommitTest extends StoreTestBase {

    @Test
    void queuedWritesShareOneCommitAndAFailingOneSparesTheRest() throws Exception {
        Database db = database();
        MemoryStoreImpl memory = new MemoryStoreImpl(db);
        memory.add(NewMemory.of("g", "taken", 0));
        long commitsBefore = db.commits();

        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            // One writer holds the writer's transaction open while the others queue behind it.
            Future<?> holder = pool.submit(() -> db.write("holding", c -> {
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            List<Future<?>> queued = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String key = i == 5 ? "taken" : "k" + i;
                queued.add(pool.submit(() -> memory.add(NewMemory.of("g", key, 1))));
            }
            waitUntilQueued(db, 10);
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                if (i == 5) {
                    int index = i;
                    assertThatThrownBy(() -> queued.get(index).get(30, TimeUnit.SECONDS))
                            .hasCauseInstanceOf(AgentStoreException.class)
                            .cause().satisfies(e -> assertThat(((AgentStoreException) e).code()).isEqualTo(ErrorCode.CONFLICT));
                } else {
                    queued.get(i).get(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 10; i++) {
            if (i != 5) {
                String key = "k" + i;
                java.util.Optional<io.agentstore.memory.MemoryEntry> found = db.read("check", c -> c.call(MEMORY_CURRENT)
                        .set("namespace", "g").set("key", key).one(MemoryStoreImpl::map));
                assertThat(found).as(key).isPresent();
            }
        }
        // The holder's commit plus the nine queued adds: far fewer commits than operations.
        assertThat(db.commits() - commitsBefore).isLessThanOrEqualTo(3);
    }

    private static void waitUntilQueued(Database db, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (db.queuedWrites() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(db.queuedWrites()).isEqualTo(n);
    }

    @Test
    void aStoreClosedWithWritesQueuedFailsThemClosedAndLaterCallsToo() throws Exception {
        Database db = database();
        MemoryStoreImpl memory = new MemoryStoreImpl(db);
        db.close();
        assertThatThrownBy(() -> memory.add(NewMemory.of("g", "k", 1)))
                .isInstanceOfSatisfying(AgentStoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLOSED));
        assertThatThrownBy(() -> memory.get("g", "k"))
                .isInstanceOfSatisfying(AgentStoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLOSED));
    }
}
