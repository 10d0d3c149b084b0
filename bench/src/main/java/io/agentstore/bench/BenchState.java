package io.agentstore.bench;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every benchmark family shares: the scale ({@code memories}), where the datasets live
 * ({@code dir}), and a store opened on a file at that scale for the trial. By default the file is
 * a fresh copy of the read dataset named after the benchmark class, so writes never touch the
 * dataset that the read benchmarks and later runs use; a family overrides {@link #prepareFile},
 * {@link #options}, {@link #afterOpen} or {@link #beforeClose} where it needs more.
 */
@State(Scope.Benchmark)
public abstract class BenchState {

    @Param({"100000"})
    public int memories;

    @Param("/tmp/agentstore-bench")
    public String dir;

    /** {@code sqlite} (a file under {@link #dir}) or {@code postgres} (a database on {@link #jdbcUrl}'s server). */
    @Param({"sqlite"})
    public String engine;

    /** The PostgreSQL server of the {@code postgres} runs ({@code bench/profile} starts one: {@link PgServer}). */
    @Param("")
    public String jdbcUrl;

    /**
     * {@code on}: the store feeds Micrometer meters (a SimpleMeterRegistry); {@code stats}: it
     * records the statistics of {@code store.stats()}; for measuring what each costs.
     */
    @Param({"off"})
    public String meters;

    /** SQLite: {@code StoreOptions.withMemoryMap} in bytes, or {@code default} for the library's default. */
    @Param({"default"})
    public String mmap;

    /** The SQLite file of the trial (null on PostgreSQL). */
    protected Path file;
    /** The PostgreSQL database of the trial (null on SQLite). */
    protected String database;

    protected AgentStore store;

    @Setup(Level.Trial)
    public final void openStore() throws Exception {
        StoreOptions tuned = mmap.equals("default") ? options() : options().withMemoryMap(Long.parseLong(mmap));
        StoreOptions options = switch (meters) {
            case "off" -> tuned;
            case "on" ->
                tuned.withMetrics(io.agentstore.micrometer.MicrometerMetrics.of(
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
            case "stats" -> tuned.withStatistics(true);
            default -> throw new IllegalArgumentException("meters must be off, on or stats, not " + meters);
        };
        if (onPostgres()) {
            if (jdbcUrl.isEmpty()) {
                throw new IllegalArgumentException("engine=postgres needs -p jdbcUrl=jdbc:postgresql://… (a server)");
            }
            database = prepareDatabase();
            // As many connections as the most threads a run uses, so that no caller waits for one.
            store = AgentStore.open(database, PgDatasets.USER, PgDatasets.PASSWORD, options.withPoolSize(72));
        } else if (engine.equals("sqlite")) {
            file = prepareFile();
            store = AgentStore.open(file, options);
        } else {
            throw new IllegalArgumentException("engine must be sqlite or postgres, not " + engine);
        }
        afterOpen();
    }

    protected boolean onPostgres() {
        return engine.equals("postgres");
    }

    /** The database the trial's store opens on PostgreSQL: by default a fresh copy of the read dataset. */
    protected String prepareDatabase() throws Exception {
        return PgDatasets.copy(
                jdbcUrl, Dataset.forMemories(memories), benchmarkClass().getSimpleName());
    }

    @TearDown(Level.Trial)
    public final void closeStore() throws Exception {
        try {
            beforeClose();
        } finally {
            store.close();
        }
    }

    /** The file the trial's store opens: by default a fresh copy of the read dataset at this scale. */
    protected Path prepareFile() throws Exception {
        return WriteBenchmarks.copyOfDataset(memories, dir, benchmarkClass());
    }

    /** The benchmark class itself (JMH instantiates generated subclasses of it, named {@code …_jmhType…}). */
    protected final Class<?> benchmarkClass() {
        Class<?> c = getClass();
        while (c.getSimpleName().contains("_jmhType")) {
            c = c.getSuperclass();
        }
        return c;
    }

    protected StoreOptions options() {
        return StoreOptions.defaults();
    }

    /** Runs once the store is open, before measuring. */
    protected void afterOpen() throws Exception {}

    /** Runs before the store closes. */
    protected void beforeClose() throws Exception {}
}
