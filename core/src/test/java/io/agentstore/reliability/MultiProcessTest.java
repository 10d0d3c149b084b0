package io.agentstore.reliability;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.PageRequest;
import io.agentstore.StoreOptions;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.Session;
import io.agentstore.tasks.TaskStatus;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several processes on one file: nothing lost, no lock error within the busy timeout, a clean BUSY past it. */
@Tag("reliability")
class MultiProcessTest {

    @TempDir
    Path dir;

    @Test
    void twoProcessesWritingOneFileLoseNothing() throws Exception {
        Path file = dir.resolve("shared.db");
        String session;
        try (AgentStore store = AgentStore.open(file)) {
            Session s = store.sessions().create(NewSession.of("shared", "both"));
            store.sessions().activate(s.id());
            session = s.id();
        }
        int count = 400;
        Process a = ChildJvm.start(ProcessWriter.class, file.toString(), "a", Integer.toString(count), session);
        Process b = ChildJvm.start(ProcessWriter.class, file.toString(), "b", Integer.toString(count), session);
        for (Process p : List.of(a, b)) {
            try (BufferedReader out = ChildJvm.stdout(p)) {
                assertThat(out.readLine()).isEqualTo("DONE " + count);
            }
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        try (AgentStore store = AgentStore.open(file)) {
            assertThat(store.memory()
                            .byPrefix("proc:a", PageRequest.first(1000))
                            .items())
                    .hasSize(count);
            assertThat(store.memory()
                            .byPrefix("proc:b", PageRequest.first(1000))
                            .items())
                    .hasSize(count);
            Session s = store.sessions().get(session).orElseThrow();
            assertThat(s.eventCount()).isEqualTo(2L * count);
            assertThat(store.sessions()
                            .eventsAfter(session, 0, PageRequest.first(1000))
                            .items())
                    .extracting(e -> e.seq())
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, 2L * count).boxed().toList());
            assertThat(store.tasks()
                            .byStatus(TaskStatus.PENDING, PageRequest.first(1000))
                            .items())
                    .hasSize(2 * count / 10);
        }
    }

    @Test
    void aWriteLockHeldByAnotherProcessGivesBusyAfterTheTimeoutAndNothingIsWritten() throws Exception {
        Path file = dir.resolve("contended.db");
        try (AgentStore store =
                AgentStore.open(file, StoreOptions.defaults().withBusyTimeout(Duration.ofMillis(800)))) {
            store.memory().add(NewMemory.of("c", "before", 1));
            Process holder = ChildJvm.start(LockHolder.class, file.toString());
            try (BufferedReader out = ChildJvm.stdout(holder)) {
                assertThat(out.readLine()).isEqualTo("LOCKED");
                long t0 = System.nanoTime();
                assertFails(
                        ErrorCode.BUSY,
                        () -> store.memory().add(NewMemory.of("c", "during", 1)),
                        "locked by another connection or process",
                        "800 ms");
                assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(700));
                // Reads go on while the other process holds the write lock (WAL).
                assertThat(store.memory().get("c", "before")).isPresent();
                holder.getOutputStream().close(); // let the holder roll back and go
                assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(store.memory().get("c", "during")).isEmpty();
            assertThat(store.memory().add(NewMemory.of("c", "during", 1)).version())
                    .isEqualTo(1);
            assertThat(store.metrics()
                            .byName(
                                    "held by another process",
                                    Instant.EPOCH,
                                    Instant.now().plusSeconds(60),
                                    PageRequest.first(10))
                            .items())
                    .isEmpty();
        }
    }
}
