package io.agentstore.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Times probes: many timed calls per read shape, a fixed duration per write shape, then thread scaling. */
final class Runner {

    /** The outcome of timing one probe (latencies in microseconds). */
    record Result(
            String name,
            String kind,
            int threads,
            long ops,
            double seconds,
            double p50Us,
            double p95Us,
            double p99Us,
            double opsPerSec,
            double rowsPerCall) {}

    private Runner() {}

    private static Histogram histogram() {
        return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    /** Untimed calls before a read probe is timed: enough for the JIT to compile its path. */
    static final int WARM_UP_CALLS = 2_000;

    /** A read probe: warm-up, then {@code calls} timed calls on one thread. */
    static Result reads(Probe p, int calls) {
        return reads(p, calls, 0);
    }

    /**
     * As {@link #reads(Probe, int)}, the timed calls taking arguments from {@code first} on: runs
     * that start where the previous one stopped land on keys the process has not read yet.
     */
    static Result reads(Probe p, int calls, int first) {
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            p.call().run(i * 7919);
        }
        Histogram h = histogram();
        long rows = 0;
        long start = System.nanoTime();
        for (int i = first; i < first + calls; i++) {
            long t0 = System.nanoTime();
            rows += p.call().run(i * 7919 + 13);
            h.recordValue(Math.min(System.nanoTime() - t0, h.getHighestTrackableValue()));
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return result(p, 1, h, calls, secs, rows);
    }

    /**
     * Exactly {@code calls} timed calls on one thread, with no warm-up of their own: the seed's
     * method (100 calls), run once the JVM has been warmed by the report's main run.
     */
    static Result counted(Probe p, int calls) {
        Histogram h = histogram();
        long rows = 0;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            rows += p.call().run(i);
            h.recordValue(Math.min(System.nanoTime() - t0, h.getHighestTrackableValue()));
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return result(p, 1, h, calls, secs, rows);
    }

    /** Any probe on {@code threads} threads for {@code seconds}: aggregate throughput and latencies. */
    static Result timed(Probe p, int threads, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        List<Future<long[]>> parts = new ArrayList<>();
        List<Histogram> hs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Histogram h = histogram();
            hs.add(h);
            int me = t;
            parts.add(pool.submit(() -> {
                go.await();
                long ops = 0;
                long rows = 0;
                int i = me * 1_000_003;
                while (System.nanoTime() < deadline[0]) {
                    long t0 = System.nanoTime();
                    rows += p.call().run(i++);
                    h.recordValue(Math.min(System.nanoTime() - t0, h.getHighestTrackableValue()));
                    ops++;
                }
                return new long[] {ops, rows};
            }));
        }
        long start = System.nanoTime();
        deadline[0] = start + (long) (seconds * 1e9);
        go.countDown();
        long ops = 0;
        long rows = 0;
        for (Future<long[]> f : parts) {
            long[] r = f.get();
            ops += r[0];
            rows += r[1];
        }
        double secs = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Histogram all = histogram();
        hs.forEach(all::add);
        return result(p, threads, all, ops, secs, rows);
    }

    /** The seed's "50 concurrent session reads": wall time of 50 threads each reading one session at once (median of runs). */
    static double concurrentReadsMs(Probe sessionById, int threads, int runs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Double> times = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int key = r * threads + t;
                    fs.add(pool.submit(() -> {
                        go.await();
                        return sessionById.call().run(key);
                    }));
                }
                long t0 = System.nanoTime();
                go.countDown();
                for (Future<?> f : fs) {
                    f.get();
                }
                times.add((System.nanoTime() - t0) / 1e6);
            }
            times.sort(Double::compare);
            return times.get(times.size() / 2);
        } finally {
            pool.shutdown();
        }
    }

    private static Result result(Probe p, int threads, Histogram h, long ops, double secs, long rows) {
        return new Result(
                p.name(),
                p.kind(),
                threads,
                ops,
                secs,
                h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(95) / 1e3,
                h.getValueAtPercentile(99) / 1e3,
                ops / secs,
                ops == 0 ? 0 : (double) rows / ops);
    }
}
