package io.agentstore.bench;

import io.agentstore.tasks.NewTask;
import io.agentstore.tasks.Task;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Task claim throughput with {@code pending} runnable tasks queued (priorities 1–10), beside
 * its raw-JDBC twin. Each trial gets a fresh copy of the dataset and enqueues the backlog
 * through the library (16 threads, group commit). {@code -t 16} gives the contended figure.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ClaimBenchmarks extends BenchState {

    /** Runnable tasks queued before measuring (more than a trial can claim). */
    @Param({"100000"})
    public int pending;

    @Override
    protected void afterOpen() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int first = t;
            done.add(pool.submit(() -> {
                for (int i = first; i < pending; i += 16) {
                    store.tasks().enqueue(NewTask.of("queued " + i).withPriority(1 + i % 10));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    @Benchmark
    public Optional<Task> claim() {
        return store.tasks().claim();
    }

    /** A worker's round trip: claim the most urgent task, then complete it (two commits, as a worker runs them). */
    @Benchmark
    public Optional<Task> dequeue() {
        Optional<Task> t = store.tasks().claim();
        t.ifPresent(task -> store.tasks().complete(task.id(), "ok"));
        return t;
    }

    @Benchmark
    public String claimRaw(RawWriter.PerThread raw) throws SQLException {
        return raw.writer.taskClaim();
    }
}
