package io.agentstore.internal.store;

import static io.agentstore.internal.store.MemoryShapes.ENTRY;
import static io.agentstore.internal.store.MemoryShapes.KEY;
import static io.agentstore.internal.store.MemoryShapes.MEMORY_CURRENT;
import static io.agentstore.internal.store.MemoryShapes.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.SqliteTestBase;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.database.Latches;
import io.agentstore.internal.sqlite.SingleWriter;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.NewMemory;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Concurrent writes share commits, and one failure in a shared commit neither undoes nor fails the others. */
class GroupCommitTest extends SqliteTestBase {

    @Test
    void queuedWritesShareOneCommitAndAFailingOneSparesTheRest() throws Exception {
        Database db = database();
        MemoryStoreImpl memory = new MemoryStoreImpl(db);
        memory.add(NewMemory.of("g", "taken", 0));
        long commitsBefore = db.commits();

        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            Future<?> holder = Latches.holdTheWriter(pool, db, release);
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
                            .cause()
                            .satisfies(e ->
                                    assertThat(((AgentStoreException) e).code()).isEqualTo(ErrorCode.CONFLICT));
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
                Optional<MemoryEntry> found = db.read(
                        "check",
                        c -> c.call(MEMORY_CURRENT)
                                .set(NAMESPACE, "g")
                                .set(KEY, key)
                                .one(ENTRY));
                assertThat(found).as(key).isPresent();
            }
        }
        // The holder's commit plus the nine queued adds: far fewer commits than operations.
        assertThat(db.commits() - commitsBefore).isLessThanOrEqualTo(3);
    }

    /**
     * A shared batch runs without savepoints until an operation fails; then it is rolled back and
     * run again with one savepoint per operation. What the callers see must be exactly what the
     * savepoint run gives: the failing operation's own earlier statement is undone, every other
     * operation is kept and returns what is stored, and all of it is still one commit.
     */
    @Test
    void anOperationFailingAfterItWroteIsUndoneAloneInASharedCommit() throws Exception {
        Database db = database();
        MemoryStoreImpl memory = new MemoryStoreImpl(db);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            for (int round = 0; round < 2; round++) {
                long commitsBefore = db.commits();
                CountDownLatch release = new CountDownLatch(1);
                Future<?> holder = Latches.holdTheWriter(pool, db, release);
                List<Future<MemoryEntry>> adds = new ArrayList<>();
                String ns = "half" + round;
                for (int i = 0; i < 4; i++) {
                    String key = "k" + i;
                    adds.add(pool.submit(() -> memory.add(NewMemory.of(ns, key, 1))));
                }
                waitUntilQueued(db, 4);
                // Round 0 fails after writing; round 1 (run with savepoints from the start, right
                // after a failure) has a failing operation too, so both paths are exercised.
                Future<Object> half = pool.submit(() -> db.write("writing half", c -> {
                    try (Statement st = c.jdbc().createStatement()) {
                        st.executeUpdate(
                                "INSERT INTO agents (id, name) VALUES ('" + ns + "', 'written before the failure')");
                    }
                    throw new IllegalStateException("failing after a write");
                }));
                waitUntilQueued(db, 5);
                for (int i = 4; i < 8; i++) {
                    String key = "k" + i;
                    adds.add(pool.submit(() -> memory.add(NewMemory.of(ns, key, 1))));
                }
                waitUntilQueued(db, 9);
                release.countDown();
                holder.get(30, TimeUnit.SECONDS);
                assertThatThrownBy(() -> half.get(30, TimeUnit.SECONDS)).hasRootCauseMessage("failing after a write");
                for (int i = 0; i < 8; i++) {
                    MemoryEntry returned = adds.get(i).get(30, TimeUnit.SECONDS);
                    String key = "k" + i;
                    MemoryEntry stored = db.read(
                                    "check",
                                    c -> c.call(MEMORY_CURRENT)
                                            .set(NAMESPACE, ns)
                                            .set(KEY, key)
                                            .one(ENTRY))
                            .orElseThrow();
                    assertThat(returned.id()).as(key).isEqualTo(stored.id());
                    assertThat(returned.version()).isEqualTo(1);
                }
                long agents = db.read("check", c -> {
                    try (Statement st = c.jdbc().createStatement();
                            ResultSet rs = st.executeQuery("SELECT count(*) FROM agents WHERE id = '" + ns + "'")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
                assertThat(agents).as("the failing operation's own write").isZero();
                // The holder's commit and one for the nine queued operations.
                assertThat(db.commits() - commitsBefore).isLessThanOrEqualTo(3);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Two callers in one shared commit add the same key: the second is refused because of what
     * the first wrote. By the time the refused caller hears of it, the first one's write is
     * committed, so a read it makes next finds the key (as a chat memory does: "taken? then read
     * it"). It used to be told while the batch was still open, and read nothing.
     */
    @Test
    void aCallerRefusedBecauseOfAnEarlierWriteInItsCommitCanReadThatWrite() throws Exception {
        Database db = database();
        MemoryStoreImpl memory = new MemoryStoreImpl(db);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                String ns = "race" + round;
                CountDownLatch release = new CountDownLatch(1);
                Future<?> holder = Latches.holdTheWriter(pool, db, release);
                Future<MemoryEntry> first = pool.submit(() -> memory.add(NewMemory.of(ns, "k", "first")));
                waitUntilQueued(db, 1);
                Future<Optional<MemoryEntry>> second = pool.submit(() -> {
                    try {
                        memory.add(NewMemory.of(ns, "k", "second"));
                        return Optional.empty();
                    } catch (AgentStoreException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                        return memory.get(ns, "k"); // right away, as its caller would
                    }
                });
                waitUntilQueued(db, 2);
                release.countDown();
                holder.get(30, TimeUnit.SECONDS);
                MemoryEntry added = first.get(30, TimeUnit.SECONDS);
                assertThat(second.get(30, TimeUnit.SECONDS))
                        .as("what the refused caller read next")
                        .contains(added);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void waitUntilQueued(Database db, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (((SingleWriter) db.transactions()).queuedWrites() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(((SingleWriter) db.transactions()).queuedWrites()).isEqualTo(n);
    }

    @Test
    void aStoreClosedWithWritesQueuedFailsThemClosedAndLaterCallsToo() throws Exception {
        Database db = database();
        MemoryStoreImpl memory = new MemoryStoreImpl(db);
        db.close();
        assertThatThrownBy(() -> memory.add(NewMemory.of("g", "k", 1)))
                .isInstanceOfSatisfying(
                        AgentStoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLOSED));
        assertThatThrownBy(() -> memory.get("g", "k"))
                .isInstanceOfSatisfying(
                        AgentStoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLOSED));
    }
}
