package io.agentstore.internal.database;

import io.agentstore.ErrorCode;
import io.agentstore.StoreMetrics;
import io.agentstore.StoreOptions;
import io.agentstore.StoreStats;
import io.agentstore.internal.Failures;
import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.internal.shape.RenderedShapes;
import io.agentstore.internal.shape.Shape;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jooq.SQLDialect;

/**
 * An open store's database, the same on every engine: it migrates the schema, renders the
 * shapes for the engine's dialect, and hands every read and write to the engine's own
 * {@link Transactions} (one writer with group commit on an SQLite file, a transaction per
 * operation on a server). It holds nothing engine-specific.
 */
public final class Database implements AutoCloseable {

    static {
        quietJooq();
    }

    /**
     * jOOQ logs its logo and a "tip of the day" at INFO the first time it is used; a library does
     * not write to its users' logs unasked. A value the application set itself is kept.
     */
    public static void quietJooq() {
        for (String property : new String[] {"org.jooq.no-logo", "org.jooq.no-tips"}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "true");
            }
        }
    }

    private final Engine engine;
    private final StoreOptions options;
    private final RenderedShapes shapes;
    private final Transactions transactions;
    private final StoreMetrics metrics;

    /** What {@link #stats()} reports of the calls, or null when the options do not ask for it. */
    private final Statistics stats;

    private volatile boolean closed;

    /** Opens the database: migrates it, renders the shape {@code definitions} for its dialect and opens the connections. */
    public Database(Engine engine, StoreOptions options, List<Shape> definitions) {
        this.engine = engine;
        this.options = options;
        this.metrics = options.metrics();
        if (options.readOnly()) {
            engine.checkSchema();
        } else {
            engine.migrate();
        }
        this.shapes = new RenderedShapes(engine.dialect(), definitions);
        this.stats = options.statistics() ? new Statistics(options.clock().instant(), shapes.size()) : null;
        this.transactions =
                engine.transactions(new Transactions.Setup(shapes, Observer.of(options, stats), options, stats));
        if (metrics != null) {
            metrics.opened(engineName(), transactions.gauges());
        }
    }

    private String engineName() {
        return engine.dialect().family() == SQLDialect.POSTGRES ? "postgresql" : "sqlite";
    }

    /**
     * A snapshot for operators: the recorded calls (with statistics on), the storage, the
     * commits, and every index with the shapes whose plan reads it — a plan check of every shape,
     * run on a read connection (some milliseconds: not for a hot path).
     */
    /** One read of the schema version and the storage figures, timed, and the connections now. */
    public io.agentstore.StoreHealth health() {
        record Probe(int version, StoreStats.Storage storage) {}
        long start = System.nanoTime();
        Probe probe = read(
                "checking the store's health",
                c -> new Probe(engine.schemaVersion(c.jdbc()), engine.storage(c.jdbc())));
        return new io.agentstore.StoreHealth(
                engineName(),
                probe.version(),
                Migrations.SCHEMA_VERSION,
                java.time.Duration.ofNanos(System.nanoTime() - start),
                probe.storage(),
                transactions.logLimitBytes(),
                transactions.connections());
    }

    public io.agentstore.StoreCheck check() {
        return read("checking the store", c -> {
            List<io.agentstore.StoreCheck.ShapePlan> plans = new ArrayList<>();
            for (PlanVerdict v : engine.plans(c.jdbc(), shapes)) {
                plans.add(new io.agentstore.StoreCheck.ShapePlan(
                        v.shape(), v.plan(), v.problems(), Optional.ofNullable(v.allowance())));
            }
            return new io.agentstore.StoreCheck(
                    engineName(),
                    engine.schemaVersion(c.jdbc()),
                    Migrations.SCHEMA_VERSION,
                    Optional.ofNullable(engine.integrityProblems(c.jdbc())),
                    plans);
        });
    }

    public StoreStats stats() {
        String doing = "reading the store's statistics";
        record Read(StoreStats.Storage storage, List<Engine.IndexUse> indexes) {}
        Read read = read(doing, c -> new Read(engine.storage(c.jdbc()), engine.indexUse(c.jdbc(), shapes)));
        List<StoreStats.IndexStats> indexes = new ArrayList<>();
        for (Engine.IndexUse ix : read.indexes()) {
            long calls = -1;
            if (stats != null) {
                calls = 0;
                for (int id : ix.shapes()) {
                    calls += stats.calls(id);
                }
            }
            indexes.add(new StoreStats.IndexStats(
                    ix.name(),
                    ix.table(),
                    ix.unique(),
                    ix.foreignKey(),
                    ix.shapes().stream()
                            .map(id -> shapes.byId(id).shape().name())
                            .toList(),
                    stats == null ? OptionalLong.empty() : OptionalLong.of(calls),
                    Statistics.known(ix.scans())));
        }
        return new StoreStats(
                engineName(),
                options.clock().instant(),
                stats == null ? Optional.empty() : Optional.of(stats.since()),
                stats == null ? List.of() : stats.shapes(shapes),
                read.storage(),
                transactions.commitStats(),
                indexes);
    }

    /** The metrics the options installed, or null. */
    public StoreMetrics metrics() {
        return metrics;
    }

    public Engine engine() {
        return engine;
    }

    public StoreOptions options() {
        return options;
    }

    /** The engine's transaction model (for diagnostics and the tests). */
    public Transactions transactions() {
        return transactions;
    }

    /** The current time from the configured clock, at the precision the database keeps. */
    public Instant now() {
        Instant now = options.clock().instant();
        if (!Timestamps.storable(now)) {
            throw Failures.invalid(
                    "the store's clock says " + now + ", outside the years 0000..9999 that " + "timestamps can hold");
        }
        return Timestamps.truncate(now);
    }

    public RenderedShapes shapes() {
        return shapes;
    }

    /** Runs read work on a library connection (the engine's {@link Transactions}; CLOSED once closed). */
    public <T> T read(String doing, Work<T> work) {
        return transactions.read(doing, work);
    }

    /** Runs one write operation in a transaction and returns once it has committed (CLOSED once closed). */
    public <T> T write(String doing, Work<T> work) {
        refuseIfReadOnly(doing);
        return transactions.write(doing, work);
    }

    /** Read work on one snapshot of the database, on a connection of its own ({@link Transactions#snapshot}). */
    public <T> T snapshot(String doing, Work<T> work) {
        return transactions.snapshot(doing, work);
    }

    /** Write work run once, alone in its transaction ({@link Transactions#writeAlone}). */
    public <T> T writeAlone(String doing, Work<T> work) {
        refuseIfReadOnly(doing);
        return transactions.writeAlone(doing, work);
    }

    /** Refuses a write on a store opened read-only ({@link StoreOptions#readOnly()}), before it reaches the database. */
    private void refuseIfReadOnly(String doing) {
        if (options.readOnly()) {
            throw Failures.of(ErrorCode.UNSUPPORTED, doing + ": the store is opened read-only");
        }
    }

    /** One statement, run by {@link #refusing}. */
    @FunctionalInterface
    public interface Statement<T> {
        T run() throws SQLException;
    }

    /**
     * Runs a statement whose refusal by a UNIQUE or FOREIGN KEY constraint means something to
     * the caller: the first becomes CONFLICT with {@code ifTaken}, the second NOT_FOUND with
     * {@code ifMissing} (a null message leaves that refusal to the engine's translation).
     */
    public <T> T refusing(String ifTaken, String ifMissing, Statement<T> statement) throws SQLException {
        try {
            return statement.run();
        } catch (SQLException e) {
            if (ifTaken != null && engine.isUniqueViolation(e)) {
                throw Failures.of(ErrorCode.CONFLICT, ifTaken, e);
            }
            if (ifMissing != null && engine.isForeignKeyViolation(e)) {
                throw Failures.of(ErrorCode.NOT_FOUND, ifMissing, e);
            }
            throw e;
        }
    }

    /** How many write transactions have committed since the database was opened. */
    public long commits() {
        return transactions.commits();
    }

    /** Gives each kind of connection the library uses to the caller's check (tests and diagnostics). */
    public void forEachConnection(Transactions.ConnectionCheck check) throws SQLException {
        transactions.forEachConnection(check);
    }

    /** Ends the transaction model (what is in flight finishes as it documents), then the engine. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            transactions.close();
        } finally {
            engine.close();
        }
    }
}
