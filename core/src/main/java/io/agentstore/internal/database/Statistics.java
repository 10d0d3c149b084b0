package io.agentstore.internal.database;

import io.agentstore.StoreStats;
import io.agentstore.internal.shape.RenderedShapes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;

/**
 * What {@code store.stats()} reports of the calls, recorded only when the options ask for it
 * ({@code withStatistics}): per shape a latency histogram (HdrHistogram, two significant digits,
 * made at the shape's first call) and its failures; per commit the writes it carried and the
 * pages it wrote to the log. Recording is lock-free; a snapshot copies the histograms.
 */
public final class Statistics {

    /** Latencies above an hour are recorded as an hour. */
    private static final long MAX_NANOS = Duration.ofHours(1).toNanos();

    private final Instant since;
    private final AtomicReferenceArray<AtomicHistogram> latencies;
    private final LongAdder[] errors;
    private final AtomicHistogram commitSizes = new AtomicHistogram(1, 100_000, 2);
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong loggedCommits = new AtomicLong();
    private final AtomicLong loggedPages = new AtomicLong();
    private final AtomicLong mostPages = new AtomicLong(-1);

    Statistics(Instant since, int shapeCount) {
        this.since = since;
        this.latencies = new AtomicReferenceArray<>(shapeCount);
        this.errors = new LongAdder[shapeCount];
        for (int i = 0; i < shapeCount; i++) {
            errors[i] = new LongAdder();
        }
    }

    void statement(int shapeId, long nanos, boolean failed) {
        AtomicHistogram h = latencies.get(shapeId);
        if (h == null) {
            latencies.compareAndSet(shapeId, null, new AtomicHistogram(1_000, MAX_NANOS, 2));
            h = latencies.get(shapeId);
        }
        h.recordValue(Math.max(0, Math.min(nanos, MAX_NANOS)));
        if (failed) {
            errors[shapeId].increment();
        }
    }

    /** One group commit: the writes it carried and the pages it wrote to the log (-1: not known). */
    public void commit(int writes, long logPages) {
        commitSizes.recordValue(Math.min(writes, 100_000));
        operations.addAndGet(writes);
        if (logPages >= 0) {
            loggedCommits.incrementAndGet();
            loggedPages.addAndGet(logPages);
            mostPages.accumulateAndGet(logPages, Math::max);
        }
    }

    public Instant since() {
        return since;
    }

    List<StoreStats.ShapeStats> shapes(RenderedShapes shapes) {
        List<StoreStats.ShapeStats> out = new ArrayList<>();
        for (RenderedShapes.Rendered r : shapes.all()) {
            AtomicHistogram live = latencies.get(r.shape().id());
            if (live == null) {
                continue;
            }
            Histogram h = live.copy();
            out.add(new StoreStats.ShapeStats(
                    r.shape().name(),
                    r.table(),
                    h.getTotalCount(),
                    errors[r.shape().id()].sum(),
                    Duration.ofNanos(h.getValueAtPercentile(50)),
                    Duration.ofNanos(h.getValueAtPercentile(95)),
                    Duration.ofNanos(h.getValueAtPercentile(99)),
                    Duration.ofNanos(h.getMaxValue())));
        }
        return out;
    }

    /** The calls of one shape so far (0 if it has not run). */
    long calls(int shapeId) {
        AtomicHistogram h = latencies.get(shapeId);
        return h == null ? 0 : h.getTotalCount();
    }

    public StoreStats.Commits commits(long commits, long checkpoints, boolean groupCommit) {
        if (!groupCommit) {
            // A server runs every write as its own transaction; its pages are the server's.
            OptionalLong one = commits == 0 ? OptionalLong.empty() : OptionalLong.of(1);
            return new StoreStats.Commits(
                    commits,
                    OptionalLong.of(commits),
                    one,
                    one,
                    OptionalDouble.empty(),
                    OptionalLong.empty(),
                    checkpoints);
        }
        Histogram sizes = commitSizes.copy();
        long logged = loggedCommits.get();
        return new StoreStats.Commits(
                commits,
                OptionalLong.of(operations.get()),
                sizes.getTotalCount() == 0 ? OptionalLong.empty() : OptionalLong.of(sizes.getValueAtPercentile(50)),
                sizes.getTotalCount() == 0 ? OptionalLong.empty() : OptionalLong.of(sizes.getMaxValue()),
                logged == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) loggedPages.get() / logged),
                logged == 0 ? OptionalLong.empty() : known(mostPages.get()),
                checkpoints);
    }

    /** The commits' figures when nothing was recorded: their count and the log's passes only. */
    public static StoreStats.Commits unrecorded(long commits, long checkpoints) {
        return new StoreStats.Commits(
                commits,
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalDouble.empty(),
                OptionalLong.empty(),
                checkpoints);
    }

    /** A figure that an engine gives as -1 when it does not know it. */
    public static OptionalLong known(long value) {
        return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
