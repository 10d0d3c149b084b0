package io.agentstore.bench;

import io.agentstore.StatementListener;
import io.agentstore.StoreOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Every read shape of the core: the public-API call that runs it ({@link ShapeCases}) beside its
 * raw-JDBC twin ({@link Replay}: the statements that very call executed, same SQL, same values,
 * through reused PreparedStatements), so each ratio is measured in one run. Sample mode gives
 * the percentiles. The shape list is checked against the registry by {@code ShapeCasesTest}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ShapeBenchmarks extends BenchState {

    /** Argument variants cycled through (which session, which key, …); the twin replays the same ones. */
    static final int VARIANTS = 64;

    @Param({
        "sessionById",
        "sessionsByUser",
        "sessionsByProject",
        "sessionsActive",
        "sessionsPaused",
        "eventsAfter",
        "eventsLast",
        "eventsSince",
        "eventsLastSince",
        "memoryCurrent",
        "memoryVersion",
        "memoryHistory",
        "memorySubtreeExact",
        "memorySubtreeBelow",
        "memoryRecent",
        "memoryByType",
        "memoryByCreator",
        "memoryNextNamespace",
        "memoryExpired",
        "memoryResolve",
        "auditByTask",
        "auditByAgent",
        "auditByMemoryEntry",
        "auditByMemoryKey",
        "auditByNamespace",
        "auditByOperation",
        "auditNamespacesAfter",
        "auditTimeline",
        "taskById",
        "tasksTimedOut",
        "tasksChildren",
        "tasksOfSession",
        "tasksByStatus",
        "tasksSubmittedBetween",
        "legacyStateGet",
        "agentById",
        "agentsByTask",
        "agentsBySession",
        "agentsByState",
        "checkpointGet",
        "checkpointsBefore",
        "metricsRange",
        "metricsAggregate",
        "documentByPath",
        "documentEmbedding",
        "documentsByType",
        "documentsSyncQueue",
        "documentsByHash",
        "memoryVectorHorizon",
        "memoryVectorFeed",
        "memoryVectorsRanked",
        "memoryVectorOfKey",
        "documentVectorHorizon",
        "documentVectorFeed",
        "documentVectorsRanked",
        "memoryAsOfKey",
        "memoryAsOfSubtreeExact",
        "memoryAsOfSubtreeBelow",
        "memoryAsOfResolve",
        "sessionStateAsOf",
        "sessionStateAfterEvent",
        "eventsAsOf"
    })
    public String shape;

    IntFunction<Object> call;
    List<List<StatementListener.Executed>> traces;

    Dataset data;

    /** The read dataset itself (reads change nothing), and the traces its twin replays. */
    @Override
    protected Path prepareFile() throws Exception {
        data = Dataset.forMemories(memories);
        Path read = data.ensure(Path.of(dir, "read-" + memories + ".db"), m -> {});
        traces = Replay.record(read, options(), data, shape, VARIANTS);
        return read;
    }

    /** Readers see the data from later on, when the claimed tasks have timed out and the episodic memories expired. */
    /** On PostgreSQL: the read dataset's database itself, and the traces its twin replays. */
    @Override
    protected String prepareDatabase() throws Exception {
        data = Dataset.forMemories(memories);
        String url = PgDatasets.read(jdbcUrl, data);
        traces = Replay.record(url, options(), data, shape, VARIANTS);
        return url;
    }

    @Override
    protected StoreOptions options() {
        return StoreOptions.defaults().withClock(Clock.offset(Clock.systemUTC(), Dataset.LATER));
    }

    @Override
    protected void afterOpen() {
        call = ShapeCases.of(store, data).get(shape);
    }

    /** Per benchmark thread: which variant is next, and the twin's own connection. */
    @State(Scope.Thread)
    public static class Caller {
        int next;
        Replay replay;
        /** For {@link #anywhere}: arguments drawn over the whole dataset, the same sequence every trial. */
        final java.util.SplittableRandom random = new java.util.SplittableRandom(42);

        @Setup(Level.Trial)
        public void open(ShapeBenchmarks b) throws SQLException {
            replay = b.onPostgres() ? new Replay(b.database) : new Replay(b.file);
        }

        int next() {
            next = (next + 1) % VARIANTS;
            return next;
        }

        int anywhere() {
            return random.nextInt(Integer.MAX_VALUE);
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            replay.close();
        }
    }

    @Benchmark
    public Object library(Caller c) {
        return call.apply(c.next());
    }

    /**
     * The same call with its arguments drawn over the whole dataset (another session, another key
     * each call) instead of cycling through {@value #VARIANTS} hot ones: what a call costs when
     * its pages are not the ones the last calls touched. Shapes with fixed arguments (a listing of
     * one subtree) are the same as {@link #library}.
     */
    @Benchmark
    public Object anywhere(Caller c) {
        return call.apply(c.anywhere());
    }

    @Benchmark
    public long raw(Caller c) throws SQLException {
        return c.replay.run(traces.get(c.next()));
    }
}
