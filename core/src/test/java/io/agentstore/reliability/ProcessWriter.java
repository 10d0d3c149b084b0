package io.agentstore.reliability;

import io.agentstore.AgentStore;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.tasks.NewTask;
import java.nio.file.Path;
import java.util.Map;

/**
 * One of two processes writing the same file at once: {@code count} memories in its own
 * namespace, as many events on a shared session and a task every tenth step. Prints
 * {@code DONE <count>} and exits 0, or prints the error and exits 1.
 */
public final class ProcessWriter {

    private ProcessWriter() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        String tag = args[1];
        int count = Integer.parseInt(args[2]);
        String session = args[3];
        try (AgentStore store = AgentStore.open(file)) {
            for (int i = 0; i < count; i++) {
                store.memory().add(NewMemory.of("proc:" + tag, "k" + i, Map.of("i", i)));
                store.sessions().append(session, NewEvent.of("message", tag, Map.of("i", i)));
                if (i % 10 == 0) {
                    store.tasks().enqueue(NewTask.of("from " + tag).withId(tag + "-" + i));
                }
            }
            System.out.println("DONE " + count);
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e);
            System.exit(1);
        }
    }
}
