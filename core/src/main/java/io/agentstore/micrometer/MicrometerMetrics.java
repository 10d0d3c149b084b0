package io.agentstore.micrometer;

import io.agentstore.StoreMetrics;
import io.agentstore.internal.Failures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The store's metrics as Micrometer meters, named after OpenTelemetry's database conventions
 * where they fit ({@code db.client.operation.duration}); the README lists every meter. Install
 * with {@code StoreOptions.defaults().withMetrics(MicrometerMetrics.of(registry))}. Micrometer
 * is an optional dependency of agentstore: this class is the only one that needs it. One
 * instance per store (the store registers its meters when it opens; give stores that share a
 * registry different {@code tags}).
 */
public final class MicrometerMetrics implements StoreMetrics {

    private final MeterRegistry registry;
    private final Tags common;
    private volatile Tags tags;
    /** Per shape, the timer of its successful runs (the hot path: no key to build) and of its failures by type. */
    private final ConcurrentMap<String, Timer> statements = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, Timer> failedStatements = new ConcurrentHashMap<>();
    /** Per operation, the timer of its successes, and of its failures by outcome. */
    private final ConcurrentMap<String, Timer> operations = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, Timer> failedOperations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> errors = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> checkpoints = new ConcurrentHashMap<>();
    private volatile DistributionSummary commitSize;
    private volatile Timer commitTime;
    private volatile DistributionSummary commitPages;
    private volatile Timer queued;
    private volatile Timer readerWait;

    private MicrometerMetrics(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = Failures.required(registry, "registry");
        this.common = Tags.of(tags);
        this.tags = common;
    }

    /** Meters on {@code registry}. */
    public static MicrometerMetrics of(MeterRegistry registry) {
        return new MicrometerMetrics(registry, Tags.empty());
    }

    /** Meters on {@code registry}, each with {@code tags} too (e.g. which store, when a service has several). */
    public static MicrometerMetrics of(MeterRegistry registry, Iterable<Tag> tags) {
        return new MicrometerMetrics(registry, tags);
    }

    private void meters() {
        commitSize = summary(
                "agentstore.group.commit.operations",
                "callers' writes carried by one commit (SQLite group commit)",
                null);
        commitTime = timer("agentstore.group.commit.duration", "time one group commit took");
        commitPages = summary(
                "agentstore.log.pages.written", "pages one commit wrote to the write-ahead log (SQLite)", "pages");
        queued = timer(
                "agentstore.group.commit.queued",
                "time a write waited in the group-commit queue before its transaction began");
        readerWait = timer(
                "agentstore.readers.wait",
                "time a read that could not start at once waited for a read connection or its turn beside the writer");
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description).tags(tags).register(registry);
    }

    private DistributionSummary summary(String name, String description, String unit) {
        return DistributionSummary.builder(name)
                .description(description)
                .baseUnit(unit)
                .tags(tags)
                .register(registry);
    }

    @Override
    public void opened(String dbSystem, Gauges gauges) {
        tags = common.and("db.system.name", dbSystem);
        meters();
        Gauge.builder("agentstore.log.bytes", gauges, g -> g.logBytes())
                .description("size of the write-ahead log on disk")
                .baseUnit("bytes")
                .tags(tags)
                .strongReference(true)
                .register(registry);
        Gauge.builder("agentstore.readers.in.use", gauges, g -> g.readersInUse())
                .description("read connections in use (SQLite)")
                .tags(tags)
                .strongReference(true)
                .register(registry);
        Gauge.builder("agentstore.readers.waiting", gauges, g -> g.readersWaiting())
                .description("reads waiting for a read connection")
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void statement(String shape, String table, long nanos, String errorType) {
        Timer t;
        if (errorType == null) {
            t = statements.get(
                    shape); // a plain get first: computeIfAbsent's capturing lambda costs an allocation a call
            if (t == null) {
                t = statements.computeIfAbsent(shape, k -> statementTimer(shape, table, "none"));
            }
        } else {
            t = failedStatements.computeIfAbsent(
                    shape + '\u0000' + errorType, k -> statementTimer(shape, table, errorType));
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer statementTimer(String shape, String table, String error) {
        return Timer.builder("db.client.operation.duration")
                .description("duration of one statement (one query shape)")
                .tags(tags)
                .tag("db.operation.name", shape)
                .tag("db.collection.name", table)
                .tag("error.type", error)
                .register(registry);
    }

    @Override
    public void operation(String operation, long nanos, String outcome) {
        if ("ok".equals(outcome)) {
            Timer t = operations.get(operation);
            if (t == null) {
                t = operations.computeIfAbsent(operation, k -> operationTimer(operation, outcome));
            }
            t.record(nanos, TimeUnit.NANOSECONDS);
            return;
        }
        failedOperations
                .computeIfAbsent(operation + '\u0000' + outcome, k -> operationTimer(operation, outcome))
                .record(nanos, TimeUnit.NANOSECONDS);
        errors.computeIfAbsent(
                        outcome,
                        k -> Counter.builder("agentstore.errors")
                                .description("failed operations, by error code")
                                .tags(tags)
                                .tag("code", outcome)
                                .register(registry))
                .increment();
    }

    private Timer operationTimer(String operation, String outcome) {
        return Timer.builder("agentstore.operation.duration")
                .description("duration of one public operation, by outcome")
                .tags(tags)
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void groupCommit(int operations, long commitNanos, long logPages) {
        commitSize.record(operations);
        commitTime.record(commitNanos, TimeUnit.NANOSECONDS);
        if (logPages >= 0) {
            commitPages.record(logPages);
        }
    }

    @Override
    public void queued(long nanos) {
        queued.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void checkpoint(String mode, long nanos) {
        checkpoints
                .computeIfAbsent(
                        mode,
                        k -> Timer.builder("agentstore.checkpoint.duration")
                                .description("duration of one write-ahead-log checkpoint pass, by mode")
                                .tags(tags)
                                .tag("mode", mode)
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void readerWait(long nanos) {
        readerWait.record(nanos, TimeUnit.NANOSECONDS);
    }
}
