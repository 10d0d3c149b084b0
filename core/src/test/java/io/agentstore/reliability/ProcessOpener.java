package io.agentstore.reliability;

import io.agentstore.AgentStore;
import io.agentstore.memory.NewMemory;
import java.nio.file.Path;

/**
 * A child process that waits for its start signal (a line on stdin), opens the store on the
 * file it is given, writes one memory, closes it and prints {@code OPENED}.
 */
public final class ProcessOpener {

    private ProcessOpener() {}

    public static void main(String[] args) throws Exception {
        System.in.read();
        try (AgentStore store = AgentStore.open(Path.of(args[0]))) {
            store.memory().add(NewMemory.of("proc:" + args[1], "k", 1));
        }
        System.out.println("OPENED");
        System.out.flush();
    }
}
