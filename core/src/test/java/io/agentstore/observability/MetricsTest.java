package io.agentstore.observability;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.StoreTestBase;
import io.agentstore.memory.NewMemory;
import io.agentstore.micrometer.MicrometerMetrics;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.Session;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The meters a store feeds, read back from a SimpleMeterRegistry after real operations. */
class MetricsTest extends StoreTestBase {

    private String system() {
        return onPostgres() ? "postgresql" : "sqlite";
    }

    @Test
    void statementsOperationsErrorsAndCommitsAreMetered() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AgentStore store = openStore(options().withMetrics(MicrometerMetrics.of(registry, Tags.of("store", "test"))));
        Session s = store.sessions().create(NewSession.of("bot", "alice").withId("s1"));
        store.sessions().append(s.id(), NewEvent.of("message", "user", Map.of("text", "hi")));
        store.sessions().get("s1");
        store.sessions().get("s1");
        store.memory().add(NewMemory.of("user:alice", "k", 1));
        assertFails(ErrorCode.CONFLICT, () -> store.memory().add(NewMemory.of("user:alice", "k", 2)), "'k'");
        assertFails(
                ErrorCode.CONFLICT,
                () -> store.sessions().create(NewSession.of("bot", "bob").withId("s1")),
                "s1");

        // One timer per shape, tagged as OpenTelemetry's database conventions say.
        Timer byId = registry.find("db.client.operation.duration")
                .tags("db.operation.name", "sessionById", "db.collection.name", "sessions")
                .tags("db.system.name", system(), "error.type", "none", "store", "test")
                .timer();
        assertThat(byId).isNotNull();
        assertThat(byId.count()).isEqualTo(2);
        assertThat(byId.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        // The insert the taken id made the engine refuse carries the failure's type.
        assertThat(registry.find("db.client.operation.duration")
                        .tag("db.operation.name", "sessionInsert")
                        .timers())
                .anyMatch(t -> !t.getId().getTag("error.type").equals("none") && t.count() >= 1);

        // Public operations by outcome, and the errors by code.
        assertThat(registry.find("agentstore.operation.duration")
                        .tags("operation", "memory.add", "outcome", "ok")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find("agentstore.operation.duration")
                        .tags("operation", "memory.add", "outcome", "CONFLICT")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find("agentstore.operation.duration")
                        .tags("operation", "sessions.get")
                        .timer()
                        .count())
                .isEqualTo(2);
        assertThat(registry.find("agentstore.errors")
                        .tag("code", "CONFLICT")
                        .counter()
                        .count())
                .isEqualTo(2);

        if (onPostgres()) {
            assertThat(registry.find("agentstore.group.commit.operations")
                            .summary()
                            .count())
                    .isZero();
            // The store's own HikariCP pool: its active connections, none between calls.
            assertThat(registry.find("agentstore.readers.in.use").gauge().value())
                    .isEqualTo(0);
            assertThat(registry.find("agentstore.log.pages.written").summary().count())
                    .isZero();
        } else {
            // Every acknowledged write (three; the refused ones roll back) went through a group
            // commit; the log holds them.
            assertThat(registry.find("agentstore.group.commit.operations")
                            .summary()
                            .totalAmount())
                    .isGreaterThanOrEqualTo(3);
            assertThat(registry.find("agentstore.group.commit.duration").timer().count())
                    .isPositive();
            assertThat(registry.find("agentstore.group.commit.queued").timer().count())
                    .isGreaterThanOrEqualTo(5);
            assertThat(registry.find("agentstore.log.bytes").gauge().value()).isPositive();
            // Each commit wrote at least one page of the log.
            io.micrometer.core.instrument.DistributionSummary pages =
                    registry.find("agentstore.log.pages.written").summary();
            assertThat(pages.count()).isPositive();
            assertThat(pages.totalAmount()).isGreaterThanOrEqualTo(pages.count());
            assertThat(registry.find("agentstore.readers.in.use").gauge().value())
                    .isZero();
            // Every read found a connection idle and the writer idle: none waited.
            assertThat(registry.find("agentstore.readers.wait").timer().count()).isZero();
        }
        assertThat(registry.find("agentstore.readers.waiting").gauge().value()).isZero();
        for (Meter m : registry.getMeters()) {
            assertThat(m.getId().getTag("db.system.name"))
                    .as(m.getId().getName())
                    .isEqualTo(system());
        }
    }

    @Test
    void aReadBesideABusyWriterIsTimedAsAWait() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        java.util.concurrent.CountDownLatch inWrite = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch readDone = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Thread> writerThread =
                new java.util.concurrent.atomic.AtomicReference<>();
        // The listener runs on the thread that runs the statement: it holds the write open until the read is done.
        AgentStore store =
                openStore(options().withMetrics(MicrometerMetrics.of(registry)).withStatementListener(e -> {
                    if (Thread.currentThread() == writerThread.get() && inWrite.getCount() > 0) {
                        inWrite.countDown();
                        try {
                            readDone.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }));
        store.memory().add(NewMemory.of("user:alice", "k", 1));
        Thread writer = new Thread(() -> store.memory().add(NewMemory.of("user:alice", "k2", 2)));
        writerThread.set(writer);
        writer.start();
        assertThat(inWrite.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(store.memory().get("user:alice", "k")).isPresent();
        readDone.countDown();
        writer.join(10_000);
        assertThat(store.memory().get("user:alice", "k2")).isPresent();
        Timer waits = registry.find("agentstore.readers.wait").timer();
        // SQLite: the read beside the busy writer waited for its turn (one, the other read
        // found the writer idle); a server has no such turn to take.
        assertThat(waits.count()).isEqualTo(onPostgres() ? 0 : 1);
    }

    @Test
    void withoutMetricsNothingIsRecorded() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerMetrics unused = MicrometerMetrics.of(registry);
        AgentStore store = openStore(options());
        store.memory().add(NewMemory.of("user:alice", "k", 1));
        assertThat(store.memory().get("user:alice", "k")).isPresent();
        assertThat(unused).isNotNull();
        assertThat(registry.getMeters()).isEmpty();
        assertThat(options().metrics()).isNull();
    }
}
