package io.agentstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.Event;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.Session;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Real threads on one real file: nothing lost, one total order, no lock error reaches a caller. */
class ConcurrencyTest extends StoreTestBase {

    private static final int THREADS = 16;

    private <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixteenThreadsAppendingToOneSessionKeepEveryEventInOneTotalOrder() throws Exception {
        Session s = store().sessions().create(NewSession.of("bot", "alice"));
        int perThread = 50;
        AtomicInteger threadIds = new AtomicInteger();
        List<List<Event>> acknowledged = runConcurrently(THREADS, () -> {
            int me = threadIds.getAndIncrement();
            List<Event> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                mine.add(store().sessions()
                        .append(
                                s.id(),
                                NewEvent.of("message", "t" + me, Map.of("t", me, "i", i))
                                        .withStateDelta(Map.of("t" + me, i))));
            }
            return mine;
        });
        int total = THREADS * perThread;
        List<Event> stored = new ArrayList<>();
        long after = 0;
        List<Event> page;
        while (!(page = store().sessions()
                        .eventsAfter(s.id(), after, PageRequest.first(100))
                        .items())
                .isEmpty()) {
            stored.addAll(page);
            after = page.get(page.size() - 1).seq();
        }
        assertThat(stored).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(stored.get(i).seq()).isEqualTo(i + 1);
        }
        // Each acknowledged event is stored at the seq it was given, and each thread's events keep its order.
        Map<Long, Event> bySeq = new HashMap<>();
        stored.forEach(e -> bySeq.put(e.seq(), e));
        for (List<Event> mine : acknowledged) {
            for (int i = 0; i < mine.size(); i++) {
                Event ack = mine.get(i);
                assertThat(bySeq.get(ack.seq()).content()).isEqualTo(ack.content());
                if (i > 0) {
                    assertThat(ack.seq()).isGreaterThan(mine.get(i - 1).seq());
                }
            }
        }
        Session after16 = store().sessions().get(s.id()).orElseThrow();
        assertThat(after16.eventCount()).isEqualTo(total);
        for (int t = 0; t < THREADS; t++) {
            assertThat(after16.state().tree().get("t" + t).asInt()).isEqualTo(perThread - 1);
        }
    }

    @Test
    void sixteenThreadsUpdatingOneKeyEachGetTheirOwnVersion() throws Exception {
        store().memory().add(NewMemory.of("app:x", "counter", 0));
        int perThread = 20;
        List<List<Integer>> versions = runConcurrently(THREADS, () -> {
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                mine.add(store().memory()
                        .update(MemoryUpdate.of("app:x", "counter", i))
                        .version());
            }
            return mine;
        });
        List<Integer> all = new ArrayList<>();
        versions.forEach(all::addAll);
        Collections.sort(all);
        List<Integer> expected = new ArrayList<>();
        for (int v = 2; v <= THREADS * perThread + 1; v++) {
            expected.add(v);
        }
        assertThat(all).containsExactlyElementsOf(expected);
        List<MemoryEntry> history = store().memory().history("app:x", "counter");
        assertThat(history)
                .extracting(MemoryEntry::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, THREADS * perThread + 1)
                        .boxed()
                        .toList());
        assertThat(history).filteredOn(MemoryEntry::current).hasSize(1);
    }

    @Test
    void racingAddsOfOneKeyLetExactlyOneWinAndKeepEveryOtherWrite() throws Exception {
        AtomicInteger threadIds = new AtomicInteger();
        List<Integer> wins = runConcurrently(THREADS, () -> {
            int me = threadIds.getAndIncrement();
            int won = 0;
            for (int k = 0; k < 30; k++) {
                // Everyone races for the shared key; every thread's own key must land regardless.
                try {
                    store().memory().add(NewMemory.of("race", "shared" + k, me));
                    won++;
                } catch (AgentStoreException e) {
                    assertThat(e.code()).as(e.toString()).isEqualTo(ErrorCode.CONFLICT);
                }
                store().memory().add(NewMemory.of("race:t" + me, "own" + k, k));
            }
            return won;
        });
        assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(30);
        for (int t = 0; t < THREADS; t++) {
            assertThat(store().memory()
                            .byPrefix("race:t" + t, PageRequest.first(100))
                            .items())
                    .hasSize(30);
        }
    }

    @Test
    void readersRunBesideWritersWithoutErrors() throws Exception {
        Session s = store().sessions().create(NewSession.of("bot", "alice"));
        store().memory().add(NewMemory.of("r", "k", 0));
        AtomicInteger ids = new AtomicInteger();
        List<Integer> reads = runConcurrently(THREADS, () -> {
            int me = ids.getAndIncrement();
            int n = 0;
            for (int i = 0; i < 100; i++) {
                if (me % 4 == 0) {
                    store().sessions().append(s.id(), NewEvent.of("message", "u", i));
                } else {
                    assertThat(store().memory().get("r", "k")).isPresent();
                    assertThat(store().sessions().get(s.id())).isPresent();
                    n++;
                }
            }
            return n;
        });
        assertThat(reads.stream().mapToInt(Integer::intValue).sum()).isEqualTo(12 * 100);
        assertThat(store().sessions().get(s.id()).orElseThrow().eventCount()).isEqualTo(4 * 100);
    }
}
