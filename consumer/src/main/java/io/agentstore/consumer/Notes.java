package io.agentstore.consumer;

import io.agentstore.AgentStore;
import io.agentstore.PageRequest;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.NewMemory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What a user's code does with the library: open a file, remember, recall. */
public final class Notes implements AutoCloseable {

    private final AgentStore store;

    public Notes(Path file) {
        this.store = AgentStore.open(file);
    }

    public void remember(String user, String key, String text) {
        store.memory().put(NewMemory.of("user:" + user, key, Map.of("text", text)));
    }

    public List<String> recall(String user) {
        return store.memory().byPrefix("user:" + user, PageRequest.first(100)).items().stream()
                .map(MemoryEntry::value)
                .map(v -> v.as(Map.class).get("text").toString())
                .toList();
    }

    /** The store itself, for what the tests check beyond notes. */
    public AgentStore store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
    }
}
