package io.agentstore.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agentstore.AgentStore;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.PageRequest;
import io.agentstore.StoreOptions;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * PostgreSQL's faults one at a time, on a server of this class's own: a lock held past the busy
 * timeout, a pool with no free connection, a frozen server, backends killed, an immediate stop
 * and a restart on the same data directory, a commit whose answer never comes. Each for the
 * pool the store makes and for a HikariCP pool or a plain data source the caller passes.
 */
@Tag("reliability")
class PostgresFaultsTest {

    /** The busy timeout of every store here. */
    static final Duration BUSY = Duration.ofSeconds(1);
    /** How far past the busy timeout a failing call may return (the watchdog's tick and grace, scheduling). */
    static final Duration MARGIN = Duration.ofMillis(1_000);

    /** Who makes the store's connections. */
    enum Pool {
        /** {@code AgentStore.open(url, …)}: the store's own HikariCP pool. */
        OWN,
        /** The caller's HikariCP pool (a 30 s connection timeout, no lock_timeout; 250 ms to check a connection). */
        CALLERS_HIKARI,
        /** The caller's {@code PGSimpleDataSource}: a new connection for every call, no pool. */
        CALLERS_PLAIN
    }

    static FaultServer server;
    static final AtomicInteger SCHEMAS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = new FaultServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** A store on a new schema, with what to close after it. */
    record Opened(AgentStore store, String schema, Object pool) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
            if (pool instanceof HikariDataSource hikari) {
                hikari.close();
            }
        }
    }

    static Opened open(Pool pool, int poolSize, StoreOptions options) throws Exception {
        String schema = server.newSchema("f" + SCHEMAS.incrementAndGet());
        StoreOptions o = options.withBusyTimeout(BUSY).withPoolSize(poolSize);
        String url = server.url(schema);
        switch (pool) {
            case OWN:
                return new Opened(AgentStore.open(url, "postgres", "postgres", o), schema, null);
            case CALLERS_HIKARI: {
                HikariConfig cfg = new HikariConfig();
                cfg.setJdbcUrl(url);
                cfg.setUsername("postgres");
                cfg.setPassword("postgres");
                cfg.setMaximumPoolSize(poolSize);
                // As docs/postgresql.md advises: checking an idle connection to a silent server
                // takes up to this long (HikariCP's default is 5 s), which the store cannot shorten.
                cfg.setValidationTimeout(250);
                HikariDataSource ds = new HikariDataSource(cfg);
                return new Opened(AgentStore.open(ds, o), schema, ds);
            }
            default: {
                PGSimpleDataSource ds = new PGSimpleDataSource();
                ds.setURL(url);
                ds.setUser("postgres");
                ds.setPassword("postgres");
                ds.setLoginTimeout(1);
                return new Opened(AgentStore.open(ds, o), schema, null);
            }
        }
    }

    /** Runs a call that must fail; returns the error and checks it came within the busy timeout plus the margin. */
    static AgentStoreException failsInTime(ErrorCode code, ThrowingCallable call, String... messageParts) {
        long t0 = System.nanoTime();
        AgentStoreException e = catchThrowableOfType(AgentStoreException.class, call);
        Duration took = FaultServer.since(t0);
        assertThat(e).as("the call should have failed " + code).isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        for (String part : messageParts) {
            assertThat(e.getMessage()).contains(part);
        }
        assertThat(took).as("failed after %s: %s", took, e.getMessage()).isLessThanOrEqualTo(BUSY.plus(MARGIN));
        return e;
    }

    /** Holds a lock from a connection of its own until closed. */
    static Connection hold(String sql) throws Exception {
        Connection c = server.admin();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
        return c;
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void aLockHeldByAnotherTransactionIsWaitedForAtMostTheBusyTimeout(Pool pool) throws Exception {
        try (Opened o = open(pool, 4, StoreOptions.defaults())) {
            AgentStore store = o.store();
            activeSession(store);
            store.memory().add(NewMemory.of("ns", "before", Map.of("v", 1)));

            Connection table = hold("LOCK TABLE " + o.schema() + ".memory_entries IN ACCESS EXCLUSIVE MODE");
            try {
                long t0 = System.nanoTime();
                failsInTime(
                        ErrorCode.BUSY,
                        () -> store.memory().add(NewMemory.of("ns", "during", Map.of("v", 2))),
                        "lock",
                        "nothing was written");
                assertThat(FaultServer.since(t0)).isGreaterThanOrEqualTo(BUSY.minusMillis(50));
                failsInTime(ErrorCode.BUSY, () -> store.memory().get("ns", "before"), "lock");
                // What the lock does not cover goes on.
                assertThat(store.sessions().get("s")).isPresent();
            } finally {
                table.close();
            }
            Connection row = hold("SELECT * FROM " + o.schema() + ".sessions WHERE id = 's' FOR UPDATE");
            try {
                failsInTime(
                        ErrorCode.BUSY,
                        () -> store.sessions().append("s", NewEvent.of("note", "agent", Map.of("n", 1))),
                        "lock");
            } finally {
                row.close();
            }
            assertThat(store.memory().get("ns", "during")).isEmpty();
            assertThat(store.sessions().events("s", PageRequest.first(10)).items())
                    .isEmpty();
            store.memory().add(NewMemory.of("ns", "during", Map.of("v", 3)));
            assertThat(store.sessions()
                            .append("s", NewEvent.of("note", "agent", Map.of("n", 2)))
                            .seq())
                    .isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Pool.class,
            names = {"OWN", "CALLERS_HIKARI"})
    void aPoolWithNoFreeConnectionIsBlamedNotTheServer(Pool pool) throws Exception {
        try (Opened o = open(pool, 2, StoreOptions.defaults())) {
            AgentStore store = o.store();
            store.sessions().create(NewSession.of("app", "u").withId("s"));
            // Two exports to readers that do not read yet hold both connections, longer than the busy timeout.
            java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<io.agentstore.transfer.ExportReport>> exports = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                exports.add(threads.submit(() -> store.exportTo(new java.io.OutputStream() {
                    private boolean first = true;

                    @Override
                    public void write(int b) throws java.io.IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws java.io.IOException {
                        if (first) {
                            first = false;
                            started.countDown();
                            try {
                                reading.await();
                            } catch (InterruptedException e) {
                                throw new java.io.InterruptedIOException();
                            }
                        }
                    }
                })));
            }
            started.await();
            try {
                failsInTime(
                        ErrorCode.BUSY,
                        () -> store.sessions().get("s"),
                        pool == Pool.OWN ? "the store's own connection pool" : "the DataSource given to the store",
                        "not for PostgreSQL database");
                Thread.sleep(BUSY.toMillis() / 2);
            } finally {
                reading.countDown();
            }
            // Long work is not cut off by the busy timeout: both exports, held past it, finish.
            for (var export : exports) {
                assertThat(export.get().rows()).containsEntry("sessions", 1L);
            }
            threads.shutdown();
            assertThat(store.sessions().get("s")).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void aStatementThatRunsLongerThanTheBusyTimeoutIsNotCutOff(Pool pool) throws Exception {
        try (Opened o = open(pool, 4, StoreOptions.defaults())) {
            AgentStore store = o.store();
            activeSession(store);
            // The server takes 2.5 s over each event it stores (running, not waiting for a lock).
            try (Connection c = server.admin();
                    Statement st = c.createStatement()) {
                st.execute("CREATE FUNCTION " + o.schema() + ".slow() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN PERFORM pg_sleep(2.5); RETURN NEW; END $$");
                st.execute("CREATE TRIGGER slow BEFORE INSERT ON " + o.schema() + ".session_events"
                        + " FOR EACH ROW EXECUTE FUNCTION " + o.schema() + ".slow()");
            }
            long t0 = System.nanoTime();
            assertThat(store.sessions()
                            .append("s", NewEvent.of("note", "agent", Map.of("n", 1)))
                            .seq())
                    .isEqualTo(1);
            assertThat(FaultServer.since(t0)).isGreaterThan(Duration.ofMillis(2_500));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Pool.class,
            names = {"OWN", "CALLERS_HIKARI"})
    void aFrozenServerIsWaitedForAtMostTheBusyTimeoutAndServesAgainWhenThawed(Pool pool) throws Exception {
        try (Opened o = open(pool, 4, StoreOptions.defaults())) {
            AgentStore store = o.store();
            activeSession(store);
            server.freeze();
            try {
                failsInTime(ErrorCode.BUSY, () -> store.sessions().get("s"), "did not answer");
                for (int i = 0; i < 3; i++) { // on a connection the pool lends, or on none to be had
                    failsInTime(
                            ErrorCode.BUSY,
                            () -> store.sessions().append("s", NewEvent.of("note", "agent", Map.of("n", 1))),
                            "did not answer",
                            "nothing was written");
                }
            } finally {
                server.thaw();
            }
            assertThat(eventually(() -> store.sessions().get("s").isPresent())).isLessThan(Duration.ofSeconds(10));
            assertThat(store.sessions().events("s", PageRequest.first(10)).items())
                    .isEmpty();
            assertThat(store.sessions()
                            .append("s", NewEvent.of("note", "agent", Map.of("n", 2)))
                            .seq())
                    .isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Pool.class,
            names = {"OWN", "CALLERS_HIKARI"})
    void readsAndWritesOnConnectionsTheServerKilledRunAgainOnFreshOnes(Pool pool) throws Exception {
        try (Opened o = open(pool, 4, StoreOptions.defaults())) {
            AgentStore store = o.store();
            activeSession(store);
            for (int round = 0; round < 3; round++) {
                store.sessions().get("s"); // the pool's connection was just used: HikariCP will not check it
                assertThat(server.killBackends()).isPositive();
                assertThat(store.sessions().get("s")).isPresent();
                store.sessions().get("s");
                assertThat(server.killBackends()).isPositive();
                store.sessions().append("s", NewEvent.of("note", "agent", Map.of("n", round)));
            }
            assertThat(store.sessions().events("s", PageRequest.first(10)).items())
                    .extracting(e -> e.seq())
                    .containsExactly(1L, 2L, 3L);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Pool.class,
            names = {"OWN", "CALLERS_HIKARI"})
    void anImmediateStopLosesNoAcknowledgedWriteAndTheSameStoreServesAfterTheRestart(Pool pool) throws Exception {
        try (Opened o = open(pool, 4, StoreOptions.defaults())) {
            AgentStore store = o.store();
            activeSession(store);
            for (int i = 1; i <= 50; i++) {
                store.sessions().append("s", NewEvent.of("note", "agent", Map.of("n", i)));
                store.memory().add(NewMemory.of("ns", "k" + i, Map.of("n", i)));
            }
            server.stopImmediately();
            try {
                AgentStoreException e =
                        failsInTime(ErrorCode.STORAGE, () -> store.sessions().get("s"));
                assertThat(e.getMessage()).containsAnyOf("cannot connect", "lost the connection");
            } finally {
                server.restart();
            }
            Duration back = eventually(() -> store.sessions().get("s").isPresent());
            System.out.println("[faults] " + pool + ": the same store served again " + back.toMillis()
                    + " ms after the restart returned");
            assertThat(back).isLessThan(Duration.ofSeconds(10));
            assertThat(store.sessions().events("s", PageRequest.first(100)).items())
                    .extracting(e -> e.content().tree().get("n").asLong())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 50)
                            .boxed()
                            .toList());
            for (int i = 1; i <= 50; i++) {
                assertThat(store.memory().get("ns", "k" + i)).isPresent();
            }
        }
    }

    @Test
    void aCommitWhoseAnswerNeverComesIsInDoubtAndMayHaveBeenCommitted() throws Exception {
        // Which shape an append runs last (before its commit), learnt from one append.
        List<String> shapes = new CopyOnWriteArrayList<>();
        AtomicBoolean recording = new AtomicBoolean();
        AtomicReference<String> freezeAfter = new AtomicReference<>();
        AtomicReference<Exception> freezing = new AtomicReference<>();
        StoreOptions options = StoreOptions.defaults().withStatementListener(s -> {
            if (recording.get()) {
                shapes.add(s.shape());
            }
            if (s.shape().equals(freezeAfter.get()) && freezeAfter.compareAndSet(s.shape(), null)) {
                try {
                    server.freeze(); // the statements ran; the commit is sent to a frozen server
                } catch (Exception e) {
                    freezing.set(e);
                }
            }
        });
        try (Opened o = open(Pool.OWN, 4, options)) {
            AgentStore store = o.store();
            activeSession(store);
            recording.set(true);
            store.sessions().append("s", NewEvent.of("note", "agent", Map.of("n", 1)));
            recording.set(false);
            assertThat(shapes).isNotEmpty();
            freezeAfter.set(shapes.get(shapes.size() - 1));

            AgentStoreException e;
            try {
                e = failsInTime(
                        ErrorCode.STORAGE,
                        () -> store.sessions().append("s", NewEvent.of("note", "agent", Map.of("n", 2))),
                        "may or may not have been committed");
            } finally {
                server.thaw();
            }
            assertThat(freezing.get()).isNull();
            assertThat(e.inDoubt()).isTrue();
            assertThat(e.toString()).contains("in doubt");
            // The server had the commit in its socket: it committed when it woke.
            eventually(() -> store.sessions().get("s").isPresent());
            assertThat(store.sessions().events("s", PageRequest.first(10)).items())
                    .extracting(ev -> ev.content().tree().get("n").asInt())
                    .containsExactly(1, 2);
            // Every other failure is not in doubt.
            AgentStoreException clean = catchThrowableOfType(
                    AgentStoreException.class,
                    () -> store.sessions().append("nope", NewEvent.of("note", "agent", Map.of())));
            assertThat(clean.inDoubt()).isFalse();
        }
    }

    /** Session "s", active. */
    static void activeSession(AgentStore store) {
        store.sessions().create(NewSession.of("app", "u").withId("s"));
        store.sessions().activate("s");
    }

    /** Calls until the condition holds (errors count as not yet), up to 20 s; how long it took. */
    static Duration eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long t0 = System.nanoTime();
        while (FaultServer.since(t0).compareTo(Duration.ofSeconds(20)) < 0) {
            try {
                if (condition.getAsBoolean()) {
                    return FaultServer.since(t0);
                }
            } catch (AgentStoreException e) {
                // not yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within 20 s");
    }
}
