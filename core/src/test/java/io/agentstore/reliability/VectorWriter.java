package io.agentstore.reliability;

import io.agentstore.AgentStore;
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.memory.NewMemory;
import java.nio.file.Path;

/**
 * A second process changing the searchable memory of a file: for each i below {@code count},
 * turns {@code k<i>}'s vector from (1, 0) to (0, 1) (an update), then deletes every third key and
 * adds {@code new<i>} pointing at (1, 1). Prints {@code DONE} and exits 0, or the error and 1.
 */
public final class VectorWriter {

    private VectorWriter() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        try (AgentStore store = AgentStore.open(file)) {
            for (int i = 0; i < count; i++) {
                store.memory()
                        .update(MemoryUpdate.of("proc:v", "k" + i, "turned").withEmbedding(new float[] {0, 1}));
                if (i % 3 == 0) {
                    store.memory().delete("proc:v", "k" + i);
                }
                store.memory().add(NewMemory.of("proc:v", "new" + i, "added").withEmbedding(new float[] {1, 1}));
            }
            System.out.println("DONE");
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e);
            System.exit(1);
        }
    }
}
