package io.agentstore.bench.report;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.StoreStats;
import io.agentstore.bench.Dataset;
import io.agentstore.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What the store's own meters and statistics saw while probes ran, on a store opened with
 * Micrometer meters and {@code withStatistics}: per write probe the statements and log pages of
 * one call, and for memory adds over threads how many writes each commit carried, the
 * checkpoint passes and the log's peak. Each run opens its own store, so each figure is that
 * run's alone. (The timed figures of the report come from stores without meters.)
 */
final class Observed {

    /** One write probe on one thread: its rate, statements per call, commits and log pages. */
    record WriteRun(
            String name,
            double opsPerSec,
            long calls,
            double statementsPerCall,
            double commitsPerCall,
            double logPagesPerCommit,
            long logPagesMax) {}

    /** Memory adds on {@code threads} threads: what group commit and the log did meanwhile. */
    record CommitRun(
            int threads,
            double opsPerSec,
            long commits,
            double operationsPerCommit,
            long operationsP50,
            long operationsMax,
            double logPagesPerCommit,
            long passiveCheckpoints,
            long pausedCheckpoints,
            long logPeakBytes) {}

    private Observed() {}

    /** What one write probe ran and wrote per call before issue #15 shortened the write path. */
    record Before(double statementsPerCall, double logPagesPerCommit) {}

    /**
     * The write probes as this report measured them at standard scale on SQLite on the build
     * before issue #15 (commit 26cbb4e, 2026-11-29, this machine kind): the report shows them beside
     * its own figures at that scale, so that each change of the write path is judged by the
     * statements and pages it saves.
     */
    static final java.util.Map<String, Before> BEFORE_15 = java.util.Map.of(
            "memory add (with audit row)", new Before(5.0, 15.4),
            "memory batch load, 1,000 per call (rows = memories)", new Before(275.0, 1_233.6),
            "memory update (new version)", new Before(11.7, 21.7),
            "session event append", new Before(2.0, 5.0),
            "task enqueue", new Before(2.0, 7.1),
            "task dequeue (claim + complete)", new Before(4.0, 5.0),
            "metric record", new Before(1.0, 2.5));

    /** The write probes, one after the other, each on a store of its own. */
    static List<WriteRun> writes(
            Function<StoreOptions, AgentStore> open, StoreOptions base, Dataset data, String tag, double seconds)
            throws Exception {
        List<WriteRun> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (AgentStore store = open.apply(base)) {
            Workload.probes(store, data, tag + "n").stream()
                    .filter(Probe::isWrite)
                    .forEach(p -> names.add(p.name()));
        }
        int run = 0;
        for (String name : names) {
            try (AgentStore store = open.apply(metered(base, new SimpleMeterRegistry()))) {
                Probe p = probe(store, data, tag + "w" + run++, name);
                StoreStats before = store.stats();
                Runner.Result r = Runner.timed(p, 1, seconds);
                StoreStats s = store.stats();
                long statements = statements(s) - statements(before);
                long commits = s.commits().commits() - before.commits().commits();
                out.add(new WriteRun(
                        name,
                        r.opsPerSec(),
                        r.ops(),
                        r.ops() == 0 ? 0 : (double) statements / r.ops(),
                        r.ops() == 0 ? 0 : (double) commits / r.ops(),
                        s.commits().logPagesPerCommit().orElse(-1),
                        s.commits().logPagesMax().orElse(-1)));
            }
        }
        return out;
    }

    /** Memory adds on each thread count, each run on a store of its own, the log sampled every 2 ms. */
    static List<CommitRun> commits(
            Function<StoreOptions, AgentStore> open,
            StoreOptions base,
            Dataset data,
            String tag,
            double seconds,
            List<Integer> threads)
            throws Exception {
        List<CommitRun> out = new ArrayList<>();
        for (int t : threads) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (AgentStore store = open.apply(metered(base, registry))) {
                Probe p = probe(store, data, tag + "c" + t, "memory add (with audit row)");
                Gauge log = registry.find("agentstore.log.bytes").gauge();
                AtomicLong peak = new AtomicLong();
                Thread sampler = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        if (log != null) {
                            peak.accumulateAndGet((long) log.value(), Math::max);
                        }
                        try {
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                sampler.setDaemon(true);
                sampler.start();
                Runner.Result r;
                try {
                    r = Runner.timed(p, t, seconds);
                } finally {
                    sampler.interrupt();
                    sampler.join();
                }
                StoreStats.Commits c = store.stats().commits();
                out.add(new CommitRun(
                        t,
                        r.opsPerSec(),
                        c.commits(),
                        c.commits() == 0 ? 0 : (double) c.operations().orElse(0) / c.commits(),
                        c.operationsP50().orElse(-1),
                        c.operationsMax().orElse(-1),
                        c.logPagesPerCommit().orElse(-1),
                        checkpoints(registry, "passive"),
                        checkpoints(registry, "restart") + checkpoints(registry, "truncate"),
                        peak.get()));
            }
        }
        return out;
    }

    private static long statements(StoreStats s) {
        return s.shapes().stream().mapToLong(StoreStats.ShapeStats::calls).sum();
    }

    private static StoreOptions metered(StoreOptions base, SimpleMeterRegistry registry) {
        return base.withMetrics(MicrometerMetrics.of(registry)).withStatistics(true);
    }

    private static long checkpoints(SimpleMeterRegistry registry, String mode) {
        Timer t = registry.find("agentstore.checkpoint.duration")
                .tag("mode", mode)
                .timer();
        return t == null ? 0 : t.count();
    }

    private static Probe probe(AgentStore store, Dataset data, String tag, String name) {
        return Workload.probes(store, data, tag).stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no probe " + name));
    }
}
