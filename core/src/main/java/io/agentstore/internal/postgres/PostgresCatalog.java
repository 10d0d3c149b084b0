package io.agentstore.internal.postgres;

import io.agentstore.StoreStats;
import io.agentstore.internal.database.Engine;
import io.agentstore.internal.database.Migrations;
import io.agentstore.internal.shape.RenderedShapes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PostgreSQL's catalogue for {@code store.stats()}: the database's size and the store's indexes. */
final class PostgresCatalog {

    private PostgresCatalog() {}

    /** The database's size in bytes and blocks; the free list and the log are the server's (-1). */
    static StoreStats.Storage storage(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT pg_database_size(current_database()), " + "current_setting('block_size')::int")) {
            rs.next();
            long bytes = rs.getLong(1);
            int block = rs.getInt(2);
            return new StoreStats.Storage(bytes, block, bytes / block, OptionalLong.empty(), OptionalLong.empty());
        }
    }

    /** The newest successfully applied migration's version in Flyway's history (its whole-number part). */
    static int schemaVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL AND success")) {
            return Migrations.newestWholeVersion(rs);
        }
    }

    /**
     * Every index on the store's tables (in the current schema) with the shapes whose generic
     * plan ({@link PostgresPlanCheck}) reads it, and the server's own count of its scans
     * ({@code pg_stat_user_indexes.idx_scan}).
     */
    static List<Engine.IndexUse> indexUse(Connection c, RenderedShapes shapes) throws SQLException {
        Map<String, Set<Integer>> readers = new HashMap<>();
        Pattern using = Pattern.compile(" using (\\S+)");
        for (RenderedShapes.Rendered r : shapes.all()) {
            if (r.shape().isScan()) {
                continue; // an export reads every row through any index: no reason to keep one
            }
            for (String line : PostgresPlanCheck.check(c, r).plan()) {
                Matcher m = using.matcher(line);
                if (m.find()) {
                    readers.computeIfAbsent(m.group(1), k -> new TreeSet<>())
                            .add(r.shape().id());
                }
            }
        }
        List<Engine.IndexUse> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT s.indexrelname, s.relname, i.indisunique, s.idx_scan, EXISTS ("
                        + " SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conrelid = i.indrelid"
                        + " AND f.conkey[1] = i.indkey[0]) AS fk"
                        + " FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid"
                        + " WHERE s.schemaname = current_schema() AND s.relname <> 'flyway_schema_history'"
                        + " ORDER BY s.relname, s.indexrelname")) {
            while (rs.next()) {
                String name = rs.getString(1);
                out.add(new Engine.IndexUse(
                        name,
                        rs.getString(2),
                        rs.getBoolean(3),
                        rs.getBoolean(5),
                        List.copyOf(readers.getOrDefault(name, Set.of())),
                        rs.getLong(4)));
            }
        }
        return out;
    }

    /** Defers the transaction's deferrable foreign keys (all of the schema's, since V10) to its end. */
    static void deferForeignKeys(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET CONSTRAINTS ALL DEFERRED");
        }
    }

    /** Checks the deferred foreign keys now: null, or the server's words for the first row that names a missing one. */
    static String danglingReference(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SAVEPOINT fk_check");
            try {
                st.execute("SET CONSTRAINTS ALL IMMEDIATE");
                st.execute("RELEASE SAVEPOINT fk_check");
                return null;
            } catch (SQLException e) {
                if (!"23503".equals(e.getSQLState())) {
                    throw e;
                }
                st.execute("ROLLBACK TO SAVEPOINT fk_check");
                String detail = e instanceof org.postgresql.util.PSQLException pe && pe.getServerErrorMessage() != null
                        ? pe.getServerErrorMessage().getDetail()
                        : null;
                return e.getMessage().split("\n")[0] + (detail == null ? "" : " (" + detail + ")");
            }
        }
    }

    /** Moves every identity column's sequence past the largest id in its table (after rows came with their ids). */
    static void followIdentities(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("""
                    DO $$
                    DECLARE
                        col record;
                        top bigint;
                    BEGIN
                        FOR col IN
                            SELECT table_name, column_name FROM information_schema.columns
                             WHERE table_schema = current_schema() AND is_identity = 'YES'
                        LOOP
                            EXECUTE format('SELECT max(%I) FROM %I', col.column_name, col.table_name) INTO top;
                            IF top IS NOT NULL THEN
                                PERFORM setval(pg_get_serial_sequence(quote_ident(col.table_name), col.column_name), top);
                            END IF;
                        END LOOP;
                    END
                    $$""");
        }
    }

    /**
     * What the server says a backend is doing (for the watchdog): whether it runs a statement,
     * whether it waits for a lock, how long it has been in its state and running its statement.
     */
    record Activity(boolean active, boolean waitingForLock, long idleMillis, long statementMillis) {}

    /** {@code pg_stat_activity} of the given backends; a backend that is gone is absent. */
    static Map<Integer, Activity> activity(Connection c, int[] pids) throws SQLException {
        Array array = c.createArrayOf("int4", Arrays.stream(pids).boxed().toArray());
        Map<Integer, Activity> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT pid, state = 'active', wait_event_type = 'Lock',"
                + " (extract(epoch FROM clock_timestamp() - state_change) * 1000)::bigint,"
                + " (extract(epoch FROM clock_timestamp() - query_start) * 1000)::bigint"
                + " FROM pg_stat_activity WHERE pid = ANY (?)")) {
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(
                            rs.getInt(1),
                            new Activity(rs.getBoolean(2), rs.getBoolean(3), rs.getLong(4), rs.getLong(5)));
                }
            }
        } finally {
            array.free();
        }
        return out;
    }

    /** Cancels a backend's statement ({@code pg_cancel_backend}); whether the signal was sent. */
    static boolean cancel(Connection c, int pid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_cancel_backend(?)")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
