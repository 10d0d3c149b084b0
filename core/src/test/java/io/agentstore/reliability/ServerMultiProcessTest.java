package io.agentstore.reliability;

import static io.agentstore.TestPages.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.TestPostgres;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.Event;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.Session;
import io.agentstore.tasks.NewTask;
import io.agentstore.tasks.TaskStatus;
import java.io.BufferedReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 4 processes × 8 threads on one PostgreSQL database, writing the same sessions, the same memory
 * keys (with expected versions) and claiming from the same task queue: every count reconciles,
 * nothing is lost, no task is claimed twice, and a lost version race is a CONFLICT.
 */
@Tag("reliability")
class ServerMultiProcessTest {

    private static final int PROCESSES = 4;
    private static final int THREADS = 8;
    private static final int ROUNDS = 40;
    private static final int SESSIONS = 3;
    private static final int KEYS = 5;
    private static final int TASKS = 600;

    @Test
    void fourProcessesOfEightThreadsReconcile() throws Exception {
        String url = TestPostgres.url(TestPostgres.newSchema());
        try (AgentStore store = AgentStore.open(url, "postgres", "postgres", StoreOptions.defaults())) {
            for (int s = 0; s < SESSIONS; s++) {
                store.sessions().create(NewSession.of("shared", "all").withId("shared-" + s));
                store.sessions().activate("shared-" + s);
            }
            for (int k = 0; k < KEYS; k++) {
                store.memory().add(NewMemory.of("shared", "k" + k, Map.of("start", true)));
            }
            for (int t = 0; t < TASKS; t++) {
                store.tasks()
                        .enqueue(NewTask.of("job " + t)
                                .withId(String.format("task-%04d", t))
                                .withPriority(1 + t % 10));
            }
        }
        List<Process> children = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            children.add(ChildJvm.start(
                    ServerWorker.class,
                    url,
                    "p" + p,
                    Integer.toString(THREADS),
                    Integer.toString(ROUNDS),
                    Integer.toString(SESSIONS),
                    Integer.toString(KEYS)));
        }
        long appended = 0;
        long conflicts = 0;
        long[] updated = new long[KEYS];
        List<String> claimed = new ArrayList<>();
        for (Process child : children) {
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = ChildJvm.stdout(child)) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            }
            assertThat(child.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(lines).as("a worker's output").isNotEmpty().last().isEqualTo("DONE");
            assertThat(child.exitValue()).isZero();
            for (String line : lines) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "APPENDED" -> appended += Long.parseLong(f[1]);
                    case "UPDATED" -> updated[Integer.parseInt(f[1])] += Long.parseLong(f[2]);
                    case "CONFLICTS" -> conflicts += Long.parseLong(f[1]);
                    case "CLAIMED" -> claimed.add(f[1]);
                    default -> {}
                }
            }
        }
        long rounds = (long) PROCESSES * THREADS * ROUNDS;
        assertThat(appended).isEqualTo(rounds);
        assertThat(LongStream.of(updated).sum() + conflicts).isEqualTo(rounds);
        Set<String> distinct = new HashSet<>(claimed);
        assertThat(distinct).as("no task claimed twice").hasSize(claimed.size());
        assertThat(claimed).hasSize((int) Math.min(TASKS, rounds));
        try (AgentStore store = AgentStore.open(url, "postgres", "postgres", StoreOptions.defaults())) {
            long events = 0;
            for (int s = 0; s < SESSIONS; s++) {
                Session session = store.sessions().get("shared-" + s).orElseThrow();
                List<Event> all = new ArrayList<>();
                String cursor = null;
                do {
                    var page = store.sessions().events(session.id(), page(1000, cursor));
                    all.addAll(page.items());
                    cursor = page.nextCursor().orElse(null);
                } while (cursor != null);
                assertThat(all)
                        .as("events of " + session.id() + ": 1..n with no gap or repeat")
                        .extracting(Event::seq)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, session.eventCount())
                                .boxed()
                                .toList());
                events += session.eventCount();
            }
            assertThat(events).as("every acknowledged append is stored once").isEqualTo(appended);
            for (int k = 0; k < KEYS; k++) {
                int version =
                        store.memory().get("shared", "k" + k).orElseThrow().version();
                assertThat(version)
                        .as("key k" + k + ": one version per successful update")
                        .isEqualTo(1 + updated[k]);
                assertThat(store.memory().history("shared", "k" + k)).hasSize(version);
            }
            List<String> completed = new ArrayList<>();
            String cursor = null;
            do {
                var page = store.tasks().byStatus(TaskStatus.COMPLETED, page(1000, cursor));
                page.items().forEach(t -> completed.add(t.id()));
                cursor = page.nextCursor().orElse(null);
            } while (cursor != null);
            assertThat(completed).containsExactlyInAnyOrderElementsOf(claimed);
        }
        System.out.printf(
                "server multi-process: %d appends, %d updates, %d conflicts, %d claims%n",
                appended, LongStream.of(updated).sum(), conflicts, claimed.size());
    }
}
