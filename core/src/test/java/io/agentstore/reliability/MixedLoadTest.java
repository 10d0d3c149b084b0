package io.agentstore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.PageRequest;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.tasks.NewTask;
import io.agentstore.tasks.Task;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 64 threads for a bounded time (30 s by default, {@code -Dagentstore.soak.seconds=N}) doing
 * reads, memory writes, event appends and task enqueue/claim/complete on one file. Afterwards:
 * no error reached any caller, every acknowledged write is present (counts reconcile exactly),
 * no task was claimed twice, the file passes integrity_check, and the write-ahead log never
 * passed 64 MB.
 */
@Tag("reliability")
class MixedLoadTest {

    private static final long WAL_LIMIT = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void sixtyFourThreadsOfMixedWorkLoseNothingAndKeepTheLogBounded() throws Exception {
        int seconds = Integer.getInteger("agentstore.soak.seconds", 30);
        Path file = dir.resolve("mixed.db");
        Path wal = dir.resolve("mixed.db-wal");
        int threads = 64;
        int sessions = 4;
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicLong memoryAcks = new AtomicLong();
        AtomicLongArray eventAcks = new AtomicLongArray(sessions);
        AtomicLong enqueued = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        AtomicLong doubleClaims = new AtomicLong();
        AtomicLong maxWal = new AtomicLong();
        List<String> sessionIds = new ArrayList<>();

        try (AgentStore store = AgentStore.open(file)) {
            for (int s = 0; s < sessions; s++) {
                String id = store.sessions()
                        .create(NewSession.of("soak", "user" + s))
                        .id();
                store.sessions().activate(id);
                sessionIds.add(id);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            CountDownLatch start = new CountDownLatch(1);
            pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        maxWal.accumulateAndGet(Files.exists(wal) ? Files.size(wal) : 0, Math::max);
                        Thread.sleep(50);
                    } catch (Exception e) {
                        if (!(e instanceof NoSuchFileException)) {
                            errors.add(e);
                            return;
                        }
                    }
                }
            });
            for (int t = 0; t < threads; t++) {
                int me = t;
                pool.submit(() -> {
                    try {
                        start.await();
                        long n = 0;
                        while (System.nanoTime() < deadline) {
                            n++;
                            switch (me % 8) {
                                case 4 -> {
                                    store.memory().add(NewMemory.of("soak:t" + me, "k" + n, Map.of("n", n)));
                                    memoryAcks.incrementAndGet();
                                }
                                case 5 -> {
                                    int s = (int) (n % sessions);
                                    store.sessions().append(sessionIds.get(s), NewEvent.of("message", "t" + me, n));
                                    eventAcks.incrementAndGet(s);
                                }
                                case 6 -> {
                                    store.tasks().enqueue(NewTask.of("job").withId("t" + me + "-" + n));
                                    enqueued.incrementAndGet();
                                }
                                case 7 -> {
                                    for (Task task : store.tasks().claim(2)) {
                                        if (!claimed.add(task.id())) {
                                            doubleClaims.incrementAndGet();
                                        }
                                        store.tasks().complete(task.id(), "ok");
                                    }
                                }
                                default -> {
                                    int r = ThreadLocalRandom.current().nextInt(4);
                                    switch (r) {
                                        case 0 -> store.memory().get("soak:t4", "k" + (1 + n % 50));
                                        case 1 -> store.sessions().get(sessionIds.get((int) (n % sessions)));
                                        case 2 -> store.memory().byPrefix("soak", PageRequest.first(50));
                                        default ->
                                            store.sessions().lastEvents(sessionIds.get((int) (n % sessions)), 20);
                                    }
                                    reads.incrementAndGet();
                                }
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS)).isTrue();

            assertThat(errors).as("errors that reached callers").isEmpty();
            assertThat(doubleClaims.get()).as("tasks claimed twice").isZero();
            // Drain what is left so every enqueued task is accounted for.
            List<Task> rest;
            while (!(rest = store.tasks().claim(100)).isEmpty()) {
                for (Task task : rest) {
                    assertThat(claimed.add(task.id())).isTrue();
                    store.tasks().complete(task.id(), "ok");
                }
            }
            assertThat((long) claimed.size()).isEqualTo(enqueued.get());
            for (int s = 0; s < sessions; s++) {
                assertThat(store.sessions().get(sessionIds.get(s)).orElseThrow().eventCount())
                        .isEqualTo(eventAcks.get(s));
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT count(*) FROM memory_entries")).isEqualTo(memoryAcks.get());
            assertThat(count(st, "SELECT count(*) FROM audit WHERE memory_operation_type = 'create'"))
                    .isEqualTo(memoryAcks.get());
            long events = 0;
            for (int s = 0; s < sessions; s++) {
                events += eventAcks.get(s);
            }
            assertThat(count(st, "SELECT count(*) FROM session_events")).isEqualTo(events);
            assertThat(count(
                            st,
                            "SELECT count(*) FROM session_events e WHERE seq > "
                                    + "(SELECT event_count FROM sessions WHERE id = e.session_id)"))
                    .isZero();
            assertThat(count(st, "SELECT count(*) FROM tasks WHERE status = 'completed'"))
                    .isEqualTo(enqueued.get());
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
        }
        assertThat(maxWal.get()).as("largest write-ahead log seen").isLessThan(WAL_LIMIT);
        System.out.printf(
                "mixed load: %d threads, %d s, %d reads, %d memory adds, %d event appends, %d tasks "
                        + "enqueued and completed, 0 errors, largest WAL %.1f MB%n",
                threads,
                seconds,
                reads.get(),
                memoryAcks.get(),
                eventTotal(eventAcks),
                enqueued.get(),
                maxWal.get() / 1048576.0);
    }

    private static long eventTotal(AtomicLongArray a) {
        long t = 0;
        for (int i = 0; i < a.length(); i++) {
            t += a.get(i);
        }
        return t;
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
