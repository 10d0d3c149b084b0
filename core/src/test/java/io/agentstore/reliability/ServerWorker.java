package io.agentstore.reliability;

import io.agentstore.AgentStore;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.StoreOptions;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.sessions.NewEvent;
import io.agentstore.tasks.Task;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of several processes sharing one PostgreSQL database: {@code threads} threads each run
 * {@code rounds} rounds of: append an event to one of {@code sessions} shared sessions, update
 * one of {@code keys} shared memory keys with the version it just read (CONFLICT when another
 * writer got there first), claim a task and complete it. Prints what it did, then {@code DONE}:
 * {@code APPENDED <n>}, {@code UPDATED <key index> <n>} per key, {@code CONFLICTS <n>},
 * {@code CLAIMED <task id>} per claim. Any error other than CONFLICT on an update ends it with
 * {@code ERROR} and exit code 1.
 */
public final class ServerWorker {

    private ServerWorker() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String tag = args[1];
        int threads = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        int sessions = Integer.parseInt(args[4]);
        int keys = Integer.parseInt(args[5]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        AtomicLong appended = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        AtomicIntegerArray updated = new AtomicIntegerArray(keys);
        List<String> claimed = new ArrayList<>();
        StoreOptions options = StoreOptions.defaults().withPoolSize(threads).withBusyTimeout(Duration.ofSeconds(30));
        try (AgentStore store = Targets.open(url, options)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        String session = "shared-" + ((thread + i) % sessions);
                        store.sessions().append(session, NewEvent.of("message", tag, Map.of("t", thread, "i", i)));
                        appended.incrementAndGet();
                        int k = (thread * 7 + i) % keys;
                        MemoryEntry current =
                                store.memory().get("shared", "k" + k).orElseThrow();
                        try {
                            store.memory()
                                    .update(MemoryUpdate.of("shared", "k" + k, Map.of("by", tag + thread, "i", i))
                                            .expecting(current.version()));
                            updated.incrementAndGet(k);
                        } catch (AgentStoreException e) {
                            if (e.code() != ErrorCode.CONFLICT) {
                                throw e;
                            }
                            conflicts.incrementAndGet();
                        }
                        Optional<Task> task = store.tasks().claim();
                        if (task.isPresent()) {
                            store.tasks().complete(task.get().id(), Map.of("by", tag));
                            synchronized (claimed) {
                                claimed.add(task.get().id());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            pool.shutdown();
        } catch (Exception e) {
            out.println("ERROR " + e);
            e.printStackTrace();
            System.exit(1);
        }
        out.println("APPENDED " + appended.get());
        for (int k = 0; k < keys; k++) {
            out.println("UPDATED " + k + " " + updated.get(k));
        }
        out.println("CONFLICTS " + conflicts.get());
        for (String id : claimed) {
            out.println("CLAIMED " + id);
        }
        out.println("DONE");
    }
}
