package io.agentstore.internal.sqlite;

import io.agentstore.internal.shape.RenderedShapes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code EXPLAIN QUERY PLAN} for every registered shape and judges it: a full scan
 * ({@code SCAN …}, with or without an index) or a temporary B-tree for ORDER BY / DISTINCT /
 * GROUP BY fails the shape unless the shape carries an allowance with its reason.
 */
public final class PlanCheck {

    /** The plan of one shape and the verdict on it. */
    public record Verdict(String shape, String sql, List<String> plan, List<String> problems, String allowance) {

        /** Served by indexes only: no scan and no temporary sort. */
        public boolean indexServed() {
            return problems.isEmpty();
        }

        /** Passes the check: index-served, or its problems are allowed for a stated reason. */
        public boolean passes() {
            return problems.isEmpty() || allowance != null;
        }
    }

    private PlanCheck() {}

    public static List<Verdict> check(Connection c, RenderedShapes shapes) throws SQLException {
        List<Verdict> out = new ArrayList<>();
        for (RenderedShapes.Rendered r : shapes.all()) {
            out.add(check(c, r));
        }
        return out;
    }

    public static Verdict check(Connection c, RenderedShapes.Rendered r) throws SQLException {
        List<String> plan = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + r.sql())) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String detail = rs.getString("detail");
                    plan.add(detail);
                    if (detail.startsWith("SCAN ")
                            && !detail.matches(
                                    "SCAN ((\\d+ )?CONSTANT ROWS?|\\d+-ROW VALUES CLAUSE).*")) { // a VALUES list is not
                        // a table
                        problems.add("full scan: " + detail);
                    }
                    if (detail.contains("USE TEMP B-TREE")) {
                        problems.add("temporary sort: " + detail);
                    }
                }
            }
        }
        return new Verdict(r.shape().name(), r.sql(), plan, problems, r.shape().planAllowance());
    }
}
