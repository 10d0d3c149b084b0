package io.agentstore.internal.sqlite;

import io.agentstore.internal.database.Engine;
import io.agentstore.internal.database.Migrations;
import io.agentstore.internal.shape.RenderedShapes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SQLite's catalogue: every index (explicit, UNIQUE and PRIMARY KEY ones alike) with its
 * key columns and partial WHERE, and finds indexes that duplicate another or the primary key
 * (seed defect 3). Used by the schema tests and the validation report.
 */
public final class SqliteCatalog {

    /** One key column of an index: name, descending or not, collation. */
    public record IndexColumn(String name, boolean descending, String collation) {
        @Override
        public String toString() {
            return name
                    + (descending ? " DESC" : "")
                    + ("BINARY".equalsIgnoreCase(collation) ? "" : " COLLATE " + collation);
        }
    }

    /**
     * One index. {@code origin} is SQLite's: {@code c} for CREATE INDEX, {@code u} for a UNIQUE
     * constraint, {@code pk} for a PRIMARY KEY; {@code rowid} marks the implicit index of an
     * INTEGER PRIMARY KEY (the table itself).
     */
    public record Index(
            String name, String table, List<IndexColumn> columns, boolean unique, String origin, String where) {

        public List<String> columnNames() {
            return columns.stream().map(IndexColumn::name).toList();
        }
    }

    private SqliteCatalog() {}

    public static List<Index> indexes(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                + "AND name <> 'flyway_schema_history' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString("name"));
            }
        }
        List<Index> out = new ArrayList<>();
        for (String table : tables) {
            String rowidAlias = rowidAlias(c, table);
            if (rowidAlias != null) {
                out.add(new Index(
                        table + " (rowid)",
                        table,
                        List.of(new IndexColumn(rowidAlias, false, "BINARY")),
                        true,
                        "rowid",
                        null));
            }
            List<String[]> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?) ORDER BY name")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(new String[] {rs.getString("name"), rs.getString("unique"), rs.getString("origin")});
                    }
                }
            }
            for (String[] ix : list) {
                out.add(new Index(ix[0], table, columns(c, ix[0]), "1".equals(ix[1]), ix[2], where(c, ix[0])));
            }
        }
        return out;
    }

    private static String rowidAlias(Connection c, String table) throws SQLException {
        String pkColumn = null;
        int pkCount = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT name, type, pk FROM pragma_table_info(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt("pk") > 0) {
                        pkCount++;
                        if ("INTEGER".equalsIgnoreCase(rs.getString("type"))) {
                            pkColumn = rs.getString("name");
                        }
                    }
                }
            }
        }
        if (pkCount != 1 || pkColumn == null) {
            return null;
        }
        // An INTEGER PRIMARY KEY is the rowid unless the table is WITHOUT ROWID.
        try (PreparedStatement ps =
                c.prepareStatement("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString("sql").toUpperCase(Locale.ROOT).contains("WITHOUT ROWID") ? null : pkColumn;
            }
        }
    }

    private static List<IndexColumn> columns(Connection c, String index) throws SQLException {
        List<IndexColumn> cols = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT name, \"desc\", coll, key FROM pragma_index_xinfo(?) ORDER BY seqno")) {
            ps.setString(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt("key") == 1) {
                        cols.add(new IndexColumn(
                                rs.getString("name") == null ? "<expr>" : rs.getString("name"),
                                rs.getInt("desc") == 1,
                                rs.getString("coll")));
                    }
                }
            }
        }
        return cols;
    }

    private static String where(Connection c, String index) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?")) {
            ps.setString(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString("sql") == null) {
                    return null;
                }
                String sql = rs.getString("sql").replaceAll("\\s+", " ").trim();
                int at = sql.toUpperCase(Locale.ROOT).lastIndexOf(" WHERE ");
                return at < 0 ? null : sql.substring(at + 7).trim();
            }
        }
    }

    /**
     * Every index that buys nothing: one with the same table, key columns and partial WHERE as
     * another (including PRIMARY KEY and UNIQUE indexes), or a non-unique one whose key
     * columns are a leading prefix of another index with the same WHERE.
     */
    public static List<String> redundantIndexes(List<Index> indexes) {
        List<String> problems = new ArrayList<>();
        for (Index a : indexes) {
            for (Index b : indexes) {
                if (a == b || !a.table().equals(b.table()) || !sameWhere(a.where(), b.where())) {
                    continue;
                }
                boolean same = a.columns().equals(b.columns());
                if (same && a.name().compareTo(b.name()) < 0) {
                    problems.add(a.name() + " duplicates " + b.name() + " on " + a.table() + a.columns());
                } else if (!same
                        && !a.unique()
                        && b.columns().size() > a.columns().size()
                        && b.columns().subList(0, a.columns().size()).equals(a.columns())) {
                    problems.add(a.name() + " " + a.columns() + " is a prefix of " + b.name() + " " + b.columns());
                }
            }
        }
        return problems;
    }

    private static boolean sameWhere(String a, String b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        return a.replaceAll("\\s+", "").equalsIgnoreCase(b.replaceAll("\\s+", ""));
    }

    private static final Pattern PLAN_INDEX = Pattern.compile(
            "^(?:SEARCH|SCAN) (\\S+)(?: AS \\S+)? USING (?:(?:COVERING )?INDEX (\\S+)|(INTEGER )?PRIMARY KEY)");

    /**
     * Every index with the shapes whose query plan ({@link PlanCheck}) reads it: {@code USING
     * [COVERING] INDEX x}, {@code USING PRIMARY KEY} (the table's primary-key index) and
     * {@code USING INTEGER PRIMARY KEY} (the table's rowid). A plan that names a table by its
     * alias is taken to mean the shape's own table.
     */
    /** The newest successfully applied migration's version in Flyway's history (its whole-number part). */
    public static int schemaVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL AND success = 1")) {
            return Migrations.newestWholeVersion(rs);
        }
    }

    public static List<Engine.IndexUse> indexUse(Connection c, RenderedShapes shapes) throws SQLException {
        List<Index> indexes = indexes(c);
        Set<String> tables = new HashSet<>();
        Map<String, Set<Integer>> readers = new HashMap<>();
        indexes.forEach(ix -> tables.add(ix.table()));
        for (RenderedShapes.Rendered r : shapes.all()) {
            if (r.shape().isScan()) {
                continue; // an export reads every row through any index: no reason to keep one
            }
            for (String line : PlanCheck.check(c, r).plan()) {
                Matcher m = PLAN_INDEX.matcher(line);
                if (!m.find()) {
                    continue;
                }
                String table = tables.contains(m.group(1)) ? m.group(1) : r.table();
                String index = m.group(2) != null
                        ? m.group(2)
                        : m.group(3) != null
                                ? table + " (rowid)"
                                : indexes.stream()
                                        .filter(ix -> ix.table().equals(table)
                                                && ix.origin().equals("pk"))
                                        .map(Index::name)
                                        .findFirst()
                                        .orElse(table + " (primary key)");
                readers.computeIfAbsent(index, k -> new TreeSet<>())
                        .add(r.shape().id());
            }
        }
        Set<String> fkColumns = foreignKeyColumns(c, tables);
        List<Engine.IndexUse> out = new ArrayList<>();
        for (Index ix : indexes) {
            boolean fk = !ix.columns().isEmpty()
                    && fkColumns.contains(ix.table() + "." + ix.columns().get(0).name());
            out.add(new Engine.IndexUse(
                    ix.name(),
                    ix.table(),
                    ix.unique(),
                    fk,
                    List.copyOf(readers.getOrDefault(ix.name(), Set.of())),
                    -1));
        }
        return out;
    }

    /** {@code table.column} of every foreign key's child column in these tables. */
    public static Set<String> foreignKeyColumns(Connection c, Set<String> tables) throws SQLException {
        Set<String> out = new HashSet<>();
        for (String table : tables) {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"from\" FROM pragma_foreign_key_list(?)")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(table + "." + rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /** Foreign-key child columns that lead no index: every parent delete or update would scan the child table. */
    public static List<String> unindexedForeignKeys(Connection c, List<Index> indexes) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (String table : indexes.stream().map(Index::table).distinct().toList()) {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String column = rs.getString("from");
                        boolean led = indexes.stream()
                                .anyMatch(ix -> ix.table().equals(table)
                                        && !ix.columns().isEmpty()
                                        && ix.columns().get(0).name().equals(column));
                        if (!led) {
                            problems.add(table + "." + column + " → " + rs.getString("table"));
                        }
                    }
                }
            }
        }
        return problems;
    }
}
