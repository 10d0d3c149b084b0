package io.agentstore.bench;

import io.agentstore.AgentStore;
import io.agentstore.StatementListener;
import io.agentstore.StoreOptions;
import io.agentstore.internal.db.converters.Timestamps;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.sqlite.SQLiteConfig;

/**
 * The raw-JDBC twin of a library call: the statements the call executed (recorded through a
 * {@link StatementListener}), run again on a plain sqlite-jdbc connection through reused
 * PreparedStatements with the very same SQL and values, every column of every row read.
 */
public final class Replay implements AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** On PostgreSQL a text value is bound untyped, as the library binds times and JSON (the server parses it). */
    private final boolean postgres;

    /** A read connection with the settings the library's readers have (WAL, same page cache). */
    public Replay(Path file) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.setCacheSize(-16_384);
        cfg.setGetGeneratedKeys(false);
        cfg.setReadOnly(true);
        connection = cfg.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        postgres = false;
    }

    /** A plain PgJDBC connection to a PostgreSQL database, read-only. */
    public Replay(String jdbcUrl) throws SQLException {
        connection = DriverManager.getConnection(jdbcUrl, PgDatasets.USER, PgDatasets.PASSWORD);
        connection.setReadOnly(true);
        postgres = true;
    }

    /** Records the statements of {@code variants} calls of a case (the i-th trace is call i's). */
    public static List<List<StatementListener.Executed>> record(
            Path file, StoreOptions options, Dataset data, String shape, int variants) {
        List<StatementListener.Executed> sink = new CopyOnWriteArrayList<>();
        try (AgentStore store = AgentStore.open(file, options.withStatementListener(sink::add))) {
            return record(store, sink, data, shape, variants);
        }
    }

    /** The same, on a PostgreSQL database. */
    public static List<List<StatementListener.Executed>> record(
            String jdbcUrl, StoreOptions options, Dataset data, String shape, int variants) {
        List<StatementListener.Executed> sink = new CopyOnWriteArrayList<>();
        try (AgentStore store = AgentStore.open(
                jdbcUrl, PgDatasets.USER, PgDatasets.PASSWORD, options.withStatementListener(sink::add))) {
            return record(store, sink, data, shape, variants);
        }
    }

    private static List<List<StatementListener.Executed>> record(
            AgentStore store, List<StatementListener.Executed> sink, Dataset data, String shape, int variants) {
        List<List<StatementListener.Executed>> traces = new ArrayList<>();
        IntFunction<Object> call = ShapeCases.of(store, data).get(shape);
        if (call == null) {
            throw new IllegalArgumentException("no benchmark case for shape " + shape);
        }
        for (int i = 0; i < variants; i++) {
            sink.clear();
            call.apply(i);
            List<StatementListener.Executed> trace = List.copyOf(sink);
            if (trace.stream().noneMatch(e -> e.shape().equals(shape))) {
                throw new IllegalStateException("the case for " + shape + " ran "
                        + trace.stream().map(StatementListener.Executed::shape).toList() + " but not " + shape);
            }
            traces.add(trace);
        }
        return traces;
    }

    /** Runs one recorded trace; returns the values read (so nothing is optimised away). */
    public long run(List<StatementListener.Executed> trace) throws SQLException {
        long[] sink = {0};
        execute(trace, rs -> {
            int columns = rs.getMetaData().getColumnCount();
            for (int c = 1; c <= columns; c++) {
                Object v = rs.getObject(c);
                sink[0] += v == null ? 1 : v.hashCode();
            }
        });
        return sink[0];
    }

    /** Runs one recorded trace and counts the rows it read. */
    public int rows(List<StatementListener.Executed> trace) throws SQLException {
        int[] rows = {0};
        execute(trace, rs -> rows[0]++);
        return rows[0];
    }

    /** What to do with each row. */
    private interface RowSink {
        void accept(ResultSet rs) throws SQLException;
    }

    private void execute(List<StatementListener.Executed> trace, RowSink sink) throws SQLException {
        for (StatementListener.Executed e : trace) {
            PreparedStatement ps = statements.get(e.sql());
            if (ps == null) {
                ps = connection.prepareStatement(e.sql());
                statements.put(e.sql(), ps);
            }
            List<Object> params = e.parameters();
            for (int i = 0; i < params.size(); i++) {
                Object v = params.get(i);
                if (postgres && v instanceof String text && isTimestamp(text)) {
                    // As the library binds a time on PostgreSQL: an OffsetDateTime in UTC (the text
                    // form cannot say year 0000, which is 1 BC).
                    ps.setObject(i + 1, OffsetDateTime.ofInstant(Timestamps.parse(text), ZoneOffset.UTC));
                } else if (postgres && (v instanceof String || v == null)) {
                    ps.setObject(i + 1, v, Types.OTHER);
                } else {
                    ps.setObject(i + 1, v);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs);
                }
            }
        }
    }

    /** Whether a bound text is a stored timestamp ({@code YYYY-MM-DDTHH:MM:SS.ffffffZ}). */
    private static boolean isTimestamp(String text) {
        return text.length() == Timestamps.LENGTH
                && text.charAt(10) == 'T'
                && text.charAt(19) == '.'
                && text.charAt(26) == 'Z';
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : statements.values()) {
            ps.close();
        }
        connection.close();
    }
}
