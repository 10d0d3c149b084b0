package io.agentstore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.StoreOptions;
import io.agentstore.memory.NewMemory;
import io.agentstore.reliability.PostgresFaultsTest.Opened;
import io.agentstore.reliability.PostgresFaultsTest.Pool;
import io.agentstore.sessions.Event;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writers and readers run while the server is hurt (backends killed over and over, an immediate
 * stop and a restart, table and row locks held past the busy timeout, the server frozen): no
 * acknowledged write is lost, a write that failed without being in doubt left nothing, no event
 * is stored twice, no session's sequence has a gap, no call takes longer than the busy timeout
 * plus the margin, and the same store serves again afterwards.
 */
@Tag("reliability")
class PostgresFaultLoadTest {

    private static final int WRITERS = 6;
    private static final int READERS = 2;

    enum Fault {
        KILL,
        RESTART,
        LOCKS,
        FREEZE
    }

    static List<Arguments> runs() {
        List<Arguments> out = new ArrayList<>();
        for (Fault f : Fault.values()) {
            for (Pool p : List.of(Pool.OWN, Pool.CALLERS_HIKARI)) {
                out.add(Arguments.of(f, p));
            }
        }
        return out;
    }

    @BeforeAll
    static void start() throws Exception {
        PostgresFaultsTest.start();
    }

    @AfterAll
    static void stop() throws Exception {
        PostgresFaultsTest.stop();
    }

    /** What one writer knows of its writes: acknowledged, failed cleanly, in doubt. */
    static final class Ledger {
        final Set<Long> acked = ConcurrentHashMap.newKeySet();
        final Set<Long> clean = ConcurrentHashMap.newKeySet();
        final Set<Long> doubtful = ConcurrentHashMap.newKeySet();
        final Set<Long> keysAcked = ConcurrentHashMap.newKeySet();
        final Set<Long> keysClean = ConcurrentHashMap.newKeySet();
        final Set<Long> keysDoubtful = ConcurrentHashMap.newKeySet();
    }

    final Map<ErrorCode, AtomicLong> failures = new EnumMap<>(ErrorCode.class);
    final Queue<String> problems = new ConcurrentLinkedQueue<>();
    final AtomicLong slowest = new AtomicLong();
    final AtomicLong ackedAfterFault = new AtomicLong();
    volatile boolean faultOver;

    /** Runs a call, timing it; its error (BUSY or STORAGE only are expected) or null. */
    private <T> AgentStoreException call(String what, Supplier<T> call, java.util.function.Consumer<T> ok) {
        long t0 = System.nanoTime();
        try {
            T result = call.get();
            slowest.accumulateAndGet(System.nanoTime() - t0, Math::max);
            ok.accept(result);
            return null;
        } catch (AgentStoreException e) {
            long took = System.nanoTime() - t0;
            slowest.accumulateAndGet(took, Math::max);
            failures.computeIfAbsent(e.code(), c -> new AtomicLong()).incrementAndGet();
            if (e.code() != ErrorCode.BUSY && e.code() != ErrorCode.STORAGE) {
                problems.add(what + ": " + e);
            }
            if (Duration.ofNanos(took).compareTo(PostgresFaultsTest.BUSY.plus(PostgresFaultsTest.MARGIN)) > 0) {
                problems.add(what + " took " + Duration.ofNanos(took) + ": " + e);
            }
            return e;
        } catch (RuntimeException e) {
            problems.add(what + ": " + e);
            return null;
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("runs")
    void nothingAcknowledgedIsLostAndNoCallOutlivesTheBusyTimeout(Fault fault, Pool pool) throws Exception {
        FaultServer server = PostgresFaultsTest.server;
        synchronized (failures) {
            failures.clear();
        }
        try (Opened o = PostgresFaultsTest.open(pool, 10, StoreOptions.defaults())) {
            AgentStore store = o.store();
            Ledger[] ledgers = new Ledger[WRITERS];
            for (int w = 0; w < WRITERS; w++) {
                ledgers[w] = new Ledger();
                store.sessions().create(NewSession.of("app", "u").withId("w" + w));
                store.sessions().activate("w" + w);
            }
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int me = w;
                Ledger l = ledgers[w];
                threads.add(new Thread(() -> {
                    for (long n = 1; running.get(); n++) {
                        long seqNo = n;
                        AgentStoreException e = call(
                                "append",
                                () -> store.sessions()
                                        .append(
                                                "w" + me,
                                                NewEvent.of("note", "agent", Map.of("n", seqNo))
                                                        .withStateDelta(Map.of("last", seqNo))),
                                ev -> {
                                    l.acked.add(seqNo);
                                    if (faultOver) {
                                        ackedAfterFault.incrementAndGet();
                                    }
                                });
                        if (e != null) {
                            (e.inDoubt() ? l.doubtful : l.clean).add(seqNo);
                        }
                        e = call(
                                "memory add",
                                () -> store.memory().add(NewMemory.of("load:w" + me, "k" + seqNo, Map.of("n", seqNo))),
                                m -> l.keysAcked.add(seqNo));
                        if (e != null) {
                            (e.inDoubt() ? l.keysDoubtful : l.keysClean).add(seqNo);
                        }
                    }
                }));
            }
            for (int r = 0; r < READERS; r++) {
                threads.add(new Thread(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (running.get()) {
                        int w = rnd.nextInt(WRITERS);
                        Ledger l = ledgers[w];
                        Long key = l.keysAcked.stream().findAny().orElse(null);
                        call("session read", () -> store.sessions().get("w" + w), s -> {
                            if (s.isEmpty()) {
                                problems.add("session w" + w + " not found");
                            }
                        });
                        if (key != null) {
                            call("memory read", () -> store.memory().get("load:w" + w, "k" + key), m -> {
                                if (m.isEmpty()) {
                                    problems.add("acknowledged memory w" + w + "/k" + key + " not found");
                                }
                            });
                        }
                        call("events read", () -> store.sessions().lastEvents("w" + w, 20), ev -> {});
                    }
                }));
            }
            threads.forEach(Thread::start);
            Thread.sleep(1_000);
            hurt(server, fault, o.schema());
            faultOver = true;
            Duration back = PostgresFaultsTest.eventually(
                    () -> store.sessions().get("w0").isPresent());
            Thread.sleep(1_500);
            running.set(false);
            for (Thread t : threads) {
                t.join(30_000);
                assertThat(t.isAlive()).as("a worker is stuck").isFalse();
            }

            long acked = 0;
            long inDoubt = 0;
            for (int w = 0; w < WRITERS; w++) {
                Ledger l = ledgers[w];
                acked += l.acked.size() + l.keysAcked.size();
                inDoubt += l.doubtful.size() + l.keysDoubtful.size();
                List<Event> events = all(store, "w" + w);
                List<Long> ns = events.stream()
                        .map(e -> e.content().tree().get("n").asLong())
                        .toList();
                assertThat(events)
                        .extracting(Event::seq)
                        .as("w%d's sequence", w)
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, events.size())
                                .boxed()
                                .toList());
                assertThat(new HashSet<>(ns)).as("no event stored twice").hasSameSizeAs(ns);
                assertThat(ns).as("acknowledged events of w%d", w).containsAll(l.acked);
                assertThat(ns.stream().filter(l.clean::contains))
                        .as("cleanly failed events of w%d", w)
                        .isEmpty();
                for (long k : l.keysAcked) {
                    assertThat(store.memory().get("load:w" + w, "k" + k))
                            .as("acked w%d/k%d", w, k)
                            .isPresent();
                }
                for (long k : l.keysClean) {
                    assertThat(store.memory().get("load:w" + w, "k" + k))
                            .as("failed w%d/k%d", w, k)
                            .isEmpty();
                }
            }
            System.out.printf(
                    "[faults] %s with %s: %d writes acknowledged (%d after the fault), failures %s, %d in doubt,"
                            + " slowest call %d ms, served again %d ms after the fault ended%n",
                    fault,
                    pool,
                    acked,
                    ackedAfterFault.get(),
                    failures,
                    inDoubt,
                    Duration.ofNanos(slowest.get()).toMillis(),
                    back.toMillis());
            assertThat(problems).isEmpty();
            assertThat(Duration.ofNanos(slowest.get()))
                    .isLessThanOrEqualTo(PostgresFaultsTest.BUSY.plus(PostgresFaultsTest.MARGIN));
            assertThat(ackedAfterFault.get())
                    .as("writes acknowledged after the fault")
                    .isPositive();
            if (fault != Fault.KILL) {
                assertThat(failures).as("the fault was felt").isNotEmpty();
            }
        }
    }

    private static List<Event> all(AgentStore store, String session) {
        List<Event> out = new ArrayList<>();
        Optional<PageRequest> next = Optional.of(PageRequest.first(1_000));
        while (next.isPresent()) {
            Page<Event> page = store.sessions().events(session, next.get());
            out.addAll(page.items());
            next = page.next();
        }
        return out;
    }

    private static void hurt(FaultServer server, Fault fault, String schema) throws Exception {
        switch (fault) {
            case KILL:
                for (int i = 0; i < 8; i++) {
                    server.killBackends();
                    Thread.sleep(300);
                }
                break;
            case RESTART:
                server.stopImmediately();
                Thread.sleep(1_500);
                server.restart();
                break;
            case LOCKS:
                hold(server, "LOCK TABLE " + schema + ".memory_entries IN ACCESS EXCLUSIVE MODE");
                hold(server, "SELECT * FROM " + schema + ".sessions WHERE id IN ('w0', 'w1', 'w2') FOR UPDATE");
                break;
            case FREEZE:
                server.freeze();
                try {
                    Thread.sleep(2_500);
                } finally {
                    server.thaw();
                }
                break;
            default:
                throw new IllegalArgumentException(fault.name());
        }
    }

    /** Holds a lock for 2.5 s from a connection of its own. */
    private static void hold(FaultServer server, String sql) throws Exception {
        try (Connection c = server.admin()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
            Thread.sleep(2_500);
            c.rollback();
        }
    }
}
