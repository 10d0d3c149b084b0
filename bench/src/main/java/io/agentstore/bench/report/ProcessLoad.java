package io.agentstore.bench.report;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.memory.NewMemory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One writer process of the report's multi-process run: opens the store (an SQLite file, or a
 * PostgreSQL JDBC URL with user and password), prints {@code READY}, waits for a line on stdin
 * (so that every process starts at once), then adds memories from {@code threads} threads for
 * at least 5 s unmeasured and then {@code seconds} measured, and prints {@code OPS <count> <nanos>}. Arguments: target, user, password,
 * threads, seconds, tag.
 */
public final class ProcessLoad {

    private ProcessLoad() {}

    public static void main(String[] args) throws Exception {
        String target = args[0];
        int threads = Integer.parseInt(args[3]);
        double seconds = Double.parseDouble(args[4]);
        String tag = args[5];
        StoreOptions options = StoreOptions.defaults().withPoolSize(threads + 1);
        try (AgentStore store = target.startsWith("jdbc:")
                ? AgentStore.open(target, args[1], args[2], options)
                : AgentStore.open(Path.of(target), options)) {
            System.out.println("READY");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            AtomicLong ops = new AtomicLong();
            // At least 5 s before measuring, unmeasured: each process compiles its hot code first
            // (four JVMs warming up at once on two cores for 2 s measured their compilers, not the
            // store: 800 adds/s from four PostgreSQL clients where 5 s of warm-up gave 3,120).
            long start = System.nanoTime() + (long) (Math.max(5, seconds) * 1e9);
            long end = start + (long) (seconds * 1e9);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread w = new Thread(() -> {
                    for (long i = 0; ; i++) {
                        long now = System.nanoTime();
                        if (now >= end) {
                            break;
                        }
                        store.memory().add(NewMemory.of("proc:" + tag + ":t" + thread, "k" + i, Map.of("i", i)));
                        if (now >= start) {
                            ops.incrementAndGet();
                        }
                    }
                });
                w.start();
                workers.add(w);
            }
            for (Thread w : workers) {
                w.join();
            }
            System.out.println("OPS " + ops.get() + " " + (end - start));
            System.out.flush();
        }
    }
}
