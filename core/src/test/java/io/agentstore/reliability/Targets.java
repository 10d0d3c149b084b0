package io.agentstore.reliability;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import java.nio.file.Path;

/** How a child process opens the store it is told of: an SQLite file path or a PostgreSQL JDBC URL. */
final class Targets {

    private Targets() {}

    static AgentStore open(String target, StoreOptions options) {
        if (target.startsWith("jdbc:postgresql:")) {
            return AgentStore.open(target, "postgres", "postgres", options);
        }
        return AgentStore.open(Path.of(target), options);
    }

    static AgentStore open(String target) {
        return open(target, StoreOptions.defaults());
    }
}
