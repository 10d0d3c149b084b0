package io.agentstore.internal.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentstore.internal.database.PlanVerdict;
import io.agentstore.internal.shape.RenderedShapes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan check on PostgreSQL: the generic plan of every registered shape (the plan for any
 * parameter values, which is what a prepared statement may run: the shape is prepared, and
 * explained as executed with {@code plan_cache_mode = force_generic_plan}), with sequential
 * scans and sorts made a last resort ({@code enable_seqscan}, {@code enable_sort} off, for this
 * transaction only). A test's tables are small, and on a small table the planner rightly
 * prefers reading it whole; with those off, a {@code Seq Scan} or a {@code Sort} left in the plan
 * means that no index can serve the shape at any size. Either fails the shape unless it carries
 * an allowance with its reason. Scanning a statement's own VALUES list or a function's result is
 * not a table scan. Works on any connection (the store's own, in either query mode).
 */
public final class PostgresPlanCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The name the shape is prepared under while it is explained, then deallocated. */
    private static final String STATEMENT = "agentstore_plan_check";

    private PostgresPlanCheck() {}

    public static List<PlanVerdict> check(Connection c, RenderedShapes shapes) throws SQLException {
        return PlanVerdict.all(shapes, r -> check(c, r));
    }

    public static PlanVerdict check(Connection c, RenderedShapes.Rendered r) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        boolean prepared = false;
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL enable_seqscan = off");
            st.execute("SET LOCAL enable_sort = off");
            st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            List<String> plan = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            try {
                st.execute("PREPARE " + STATEMENT + " AS " + numbered(r.sql()));
                prepared = true;
                String nulls = String.join(", ", java.util.Collections.nCopies(r.placeholders(), "NULL"));
                try (ResultSet rs = st.executeQuery(
                        "EXPLAIN (FORMAT JSON) EXECUTE " + STATEMENT + (nulls.isEmpty() ? "" : "(" + nulls + ")"))) {
                    rs.next();
                    JsonNode root = JSON.readTree(rs.getString(1)).get(0).get("Plan");
                    walk(root, 0, plan, problems);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException("unreadable plan of " + r.shape().name(), e);
            } catch (SQLException e) {
                throw new SQLException(
                        "explaining shape " + r.shape().name() + " (" + r.sql() + "): " + e.getMessage(),
                        e.getSQLState(),
                        e);
            }
            return new PlanVerdict(
                    r.shape().name(), r.sql(), plan, problems, r.shape().planAllowance());
        } finally {
            c.rollback(); // EXPLAIN without ANALYZE runs nothing; this ends the SET LOCALs
            if (prepared) { // a prepared statement outlives the transaction
                try (Statement st = c.createStatement()) {
                    st.execute("DEALLOCATE " + STATEMENT);
                }
                c.commit();
            }
            c.setAutoCommit(autoCommit);
        }
    }

    private static void walk(JsonNode node, int depth, List<String> plan, List<String> problems) {
        String type = node.path("Node Type").asText();
        StringBuilder line = new StringBuilder("  ".repeat(depth)).append(type);
        if (node.has("Index Name")) {
            line.append(" using ").append(node.get("Index Name").asText());
        }
        if (node.has("Relation Name")) {
            line.append(" on ").append(node.get("Relation Name").asText());
        }
        plan.add(line.toString());
        if (type.equals("Seq Scan")) {
            problems.add("full scan: " + node.path("Relation Name").asText());
        }
        if (type.equals("Sort") || type.equals("Incremental Sort")) {
            problems.add("sort: " + node.path("Sort Key"));
        }
        for (JsonNode child : node.path("Plans")) {
            walk(child, depth + 1, plan, problems);
        }
    }

    /** The SQL with JDBC's {@code ?} placeholders numbered {@code $1, $2, …} (outside quotes), as EXPLAIN takes them. */
    static String numbered(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        char quote = 0;
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
                out.append(ch);
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                out.append(ch);
            } else if (ch == '?') {
                out.append('$').append(++n);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
