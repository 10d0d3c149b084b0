package io.agentstore.internal.postgres;

import io.agentstore.StoreStats;
import io.agentstore.internal.database.Engine;
import io.agentstore.internal.shape.RenderedShapes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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

    /**
     * Every index on the store's tables (in the current schema) with the shapes whose generic
     * plan ({@link PostgresPlanCheck}) reads it, and the server's own count of its scans
     * ({@code pg_stat_user_indexes.idx_scan}).
     */
    static List<Engine.IndexUse> indexUse(Connection c, RenderedShapes shapes) throws SQLException {
        Map<String, Set<Integer>> readers = new HashMap<>();
        Pattern using = Pattern.compile(" using (\\S+)");
        for (RenderedShapes.Rendered r : shapes.all()) {
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
}
