package io.agentstore.bench;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.memory.MemoryType;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.tasks.NewTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds a benchmark database through the library's own write path (batched), or reuses one
 * built earlier at the same scale and schema.
 *
 * <p>Memories: {@code memories} entries spread over {@code namespaces} namespaces three or four
 * segments deep ({@code user:u<i>:topic<j>[:sub<k>]}); every 10th key has a second version.
 * The big subtree {@code bench:big} holds {@link #BIG_SUBTREE} entries in 100 namespaces.
 * Sessions: {@code sessions} active sessions with {@code eventsPerSession} events and one pending
 * task each.
 */
public final class Dataset {

    public static final int BIG_SUBTREE = 10_000;
    private static final int FORMAT = 3;

    public final int memories;
    public final int namespaces;
    public final int sessions;
    public final int eventsPerSession;

    public Dataset(int memories, int namespaces, int sessions, int eventsPerSession) {
        this.memories = memories;
        this.namespaces = namespaces;
        this.sessions = sessions;
        this.eventsPerSession = eventsPerSession;
    }

    public String describe() {
        return memories + " memories in " + namespaces + " namespaces (+ a " + BIG_SUBTREE + "-entry subtree), "
                + sessions + " sessions x " + eventsPerSession + " events";
    }

    private String signature() {
        return "format=" + FORMAT + " memories=" + memories + " namespaces=" + namespaces + " sessions=" + sessions
                + " events=" + eventsPerSession;
    }

    /** The namespace of memory i. */
    public String namespaceOf(int i) {
        int n = i % namespaces;
        return "user:u" + (n / 10) + ":topic" + (n % 10) + (n % 3 == 0 ? ":sub" + (n % 7) : "");
    }

    public String keyOf(int i) {
        return "k" + i;
    }

    public String sessionId(int i) {
        return "session-" + i;
    }

    public String taskId(int i) {
        return "task-" + i;
    }

    /**
     * Whether the file was migrated with exactly the migrations on the class path (same versions,
     * same checksums, none pending): a dataset built on another schema is rebuilt, not reused.
     */
    static boolean schemaIsCurrent(Path file) {
        org.flywaydb.core.Flyway flyway = org.flywaydb.core.Flyway.configure(Dataset.class.getClassLoader())
                .dataSource("jdbc:sqlite:" + file.toAbsolutePath(), null, null)
                .locations("classpath:db/migration").loggers("slf4j").ignoreMigrationPatterns(new String[0]).load();
        return flyway.validateWithResult().validationSuccessful && flyway.info().pending().length == 0;
    }

    /** Creates the file at this scale, or reuses it if it was built at the same scale and schema. */
    public Path ensure(Path file, Consumer<String> progress) throws IOException {
        Path marker = file.resolveSibling(file.getFileName() + ".dataset");
        if (Files.exists(file) && Files.exists(marker) && Files.readString(marker).equals(signature())
                && schemaIsCurrent(file)) {
            progress.accept("reusing " + file + " (" + describe() + ")");
            return file;
        }
        Files.deleteIfExists(marker);
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
        long start = System.nanoTime();
        try (AgentStore store = AgentStore.open(file, StoreOptions.defaults())) {
            int batch = 2_000;
            List<NewMemory> buffer = new ArrayList<>(batch);
            for (int i = 0; i < memories; i++) {
                buffer.add(NewMemory.of(namespaceOf(i), keyOf(i), Map.of("text", "memory number " + i, "score", i % 100))
                        .withType(MemoryType.values()[i % 3]).by("creator" + (i % 50)));
                if (buffer.size() == batch) {
                    store.memory().addAll(buffer);
                    buffer.clear();
                    if (i % 100_000 < batch) {
                        progress.accept(String.format("memories %,d / %,d", i + 1, memories));
                    }
                }
            }
            for (int i = 0; i < BIG_SUBTREE; i++) {
                buffer.add(NewMemory.of("bench:big:n" + (i % 100), "k" + i, Map.of("i", i)));
                if (buffer.size() == batch) {
                    store.memory().addAll(buffer);
                    buffer.clear();
                }
            }
            if (!buffer.isEmpty()) {
                store.memory().addAll(buffer);
            }
            for (int i = 0; i < memories; i += 10) {
                store.memory().put(NewMemory.of(namespaceOf(i), keyOf(i), Map.of("text", "second version", "score", 1)));
            }
            progress.accept(String.format("memories done (%,d)", memories + BIG_SUBTREE));
            for (int s = 0; s < sessions; s++) {
                String id = store.sessions().create(NewSession.of("bench", "user" + (s % 1000)).withId(sessionId(s))).id();
                store.sessions().activate(id);
                for (int e = 0; e < eventsPerSession; e++) {
                    store.sessions().append(id, NewEvent.of("message", e % 2 == 0 ? "user" : "agent",
                            Map.of("text", "event " + e)));
                }
                store.tasks().enqueue(NewTask.of("task of " + id).withId(taskId(s)).withPriority(1 + s % 10).inSession(id));
                if (s % 10_000 == 0) {
                    progress.accept(String.format("sessions %,d / %,d", s + 1, sessions));
                }
            }
        }
        Files.writeString(marker, signature());
        progress.accept(String.format("built %s in %.1f s", describe(), (System.nanoTime() - start) / 1e9));
        return file;
    }
}
