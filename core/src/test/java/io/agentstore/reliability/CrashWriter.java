package io.agentstore.reliability;

import io.agentstore.AgentStore;
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.tasks.NewTask;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The child of the crash test (its first argument an SQLite file or a PostgreSQL URL): writes forever and reports each operation on stdout only after
 * the call that committed it returned. The parent kills it with SIGKILL at a random moment.
 * Output lines: {@code ACK memory <ns> <key> <version>}, {@code ACK event <session> <seq>},
 * {@code ACK task <id>}.
 */
public final class CrashWriter {

    private CrashWriter() {}

    public static void main(String[] args) {
        String tag = args[1];
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (AgentStore store = Targets.open(args[0])) {
            String session = store.sessions()
                    .create(NewSession.of("crash", "writer").withId("s-" + tag))
                    .id();
            out.println("ACK session " + session);
            out.flush();
            for (long i = 0; ; i++) {
                String ns = "crash:" + tag + ":n" + (i % 17);
                String key = "k" + i;
                var added =
                        store.memory().add(NewMemory.of(ns, key, Map.of("i", i, "pad", "x".repeat((int) (i % 300)))));
                out.println("ACK memory " + ns + " " + key + " " + added.version());
                if (i % 3 == 0) {
                    var updated = store.memory().update(MemoryUpdate.of(ns, key, Map.of("i", -i)));
                    out.println("ACK memory " + ns + " " + key + " " + updated.version());
                }
                var event = store.sessions()
                        .append(
                                session,
                                NewEvent.of("message", "writer", Map.of("i", i)).withStateDelta(Map.of("last", i)));
                out.println("ACK event " + session + " " + event.seq());
                if (i % 5 == 0) {
                    String task = store.tasks()
                            .enqueue(NewTask.of("task " + i).withId(tag + "-t" + i))
                            .id();
                    out.println("ACK task " + task);
                }
                out.flush();
            }
        }
    }
}
