package io.agentstore.bench;

import io.agentstore.AgentStore;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.sessions.Session;
import io.agentstore.internal.RenderedShapes;
import io.agentstore.internal.Shapes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jooq.SQLDialect;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Read shapes: each library call beside a raw-JDBC twin that runs the very same SQL through a
 * reused PreparedStatement and reads every column, so the ratio is measured in one run.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ReadBenchmarks {

    @Param({"100000"})
    public int memories;

    @Param("/tmp/agentstore-bench")
    public String dir;

    Dataset data;
    AgentStore store;
    RenderedShapes shapes = new RenderedShapes(SQLDialect.SQLITE);

    @Setup(Level.Trial)
    public void open() throws Exception {
        data = new Dataset(memories, Math.max(10, memories / 100), Math.max(100, memories / 10), 10);
        Path file = data.ensure(Path.of(dir, "read-" + memories + ".db"), m -> { });
        store = AgentStore.open(file);
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** One raw connection per benchmark thread, with the library's settings' equivalent for reads. */
    @State(Scope.Thread)
    public static class Raw {
        Connection c;
        PreparedStatement sessionById;
        PreparedStatement memoryCurrent;
        PreparedStatement subtreeBelow;
        PreparedStatement recent;
        RenderedShapes.Rendered subtreeShape;
        RenderedShapes.Rendered recentShape;

        @Setup(Level.Trial)
        public void open(ReadBenchmarks b) throws SQLException {
            c = DriverManager.getConnection("jdbc:sqlite:" + Path.of(b.dir, "read-" + b.memories + ".db"));
            sessionById = c.prepareStatement(b.shapes.get(Shapes.byName("sessionById")).sql());
            memoryCurrent = c.prepareStatement(b.shapes.get(Shapes.byName("memoryCurrent")).sql());
            subtreeShape = b.shapes.get(Shapes.byName("memorySubtreeBelow"));
            recentShape = b.shapes.get(Shapes.byName("memoryRecent"));
            subtreeBelow = c.prepareStatement(subtreeShape.sql());
            recent = c.prepareStatement(recentShape.sql());
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            c.close();
        }
    }

    private int randomMemory() {
        return ThreadLocalRandom.current().nextInt(memories);
    }

    @Benchmark
    public Optional<Session> sessionById() {
        return store.sessions().get(data.sessionId(ThreadLocalRandom.current().nextInt(data.sessions)));
    }

    @Benchmark
    public void sessionByIdRaw(Raw raw, Blackhole bh) throws SQLException {
        raw.sessionById.setString(1, data.sessionId(ThreadLocalRandom.current().nextInt(data.sessions)));
        try (ResultSet rs = raw.sessionById.executeQuery()) {
            readAll(rs, 12, bh);
        }
    }

    @Benchmark
    public Optional<MemoryEntry> memoryCurrent() {
        int i = randomMemory();
        return store.memory().get(data.namespaceOf(i), data.keyOf(i));
    }

    @Benchmark
    public void memoryCurrentRaw(Raw raw, Blackhole bh) throws SQLException {
        int i = randomMemory();
        raw.memoryCurrent.setString(1, data.namespaceOf(i));
        raw.memoryCurrent.setString(2, data.keyOf(i));
        try (ResultSet rs = raw.memoryCurrent.executeQuery()) {
            readAll(rs, 14, bh);
        }
    }

    /** A 100-row page of the 10,000-entry subtree. */
    @Benchmark
    public List<MemoryEntry> subtreePage() {
        return store.memory().list("bench:big", null, 100, null).items();
    }

    @Benchmark
    public void subtreePageRaw(Raw raw, Blackhole bh) throws SQLException {
        RenderedShapes.Rendered s = raw.subtreeShape;
        raw.subtreeBelow.setString(s.index("afterNamespace"), "bench:big:");
        raw.subtreeBelow.setString(s.index("afterKey"), "");
        raw.subtreeBelow.setString(s.index("high"), "bench:big;");
        raw.subtreeBelow.setNull(s.index("type"), java.sql.Types.NULL);
        raw.subtreeBelow.setInt(s.index("limit"), 101);
        try (ResultSet rs = raw.subtreeBelow.executeQuery()) {
            readAll(rs, 14, bh);
        }
    }

    /** The 100 most recent entries of the 10,000-entry subtree. */
    @Benchmark
    public List<MemoryEntry> recent100() {
        return store.memory().recent("bench:big", null, 100, null).items();
    }

    @Benchmark
    public void recent100Raw(Raw raw, Blackhole bh) throws SQLException {
        RenderedShapes.Rendered r = raw.recentShape;
        raw.recent.setString(r.index("prefix"), "bench:big");
        raw.recent.setString(r.index("beforeAt"), "~");
        raw.recent.setLong(r.index("beforeId"), 0);
        raw.recent.setNull(r.index("type"), java.sql.Types.NULL);
        raw.recent.setInt(r.index("limit"), 101);
        try (ResultSet rs = raw.recent.executeQuery()) {
            readAll(rs, 14, bh);
        }
    }

    private static void readAll(ResultSet rs, int columns, Blackhole bh) throws SQLException {
        while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
                bh.consume(rs.getString(i));
            }
        }
    }
}
