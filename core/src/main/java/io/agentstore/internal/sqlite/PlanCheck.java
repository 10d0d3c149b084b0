package io.agentstore.internal.sqlite;

import io.agentstore.internal.database.PlanVerdict;
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

    private PlanCheck() {}

    public static List<PlanVerdict> check(Connection c, RenderedShapes shapes) throws SQLException {
        return PlanVerdict.all(shapes, r -> check(c, r));
    }

    public static PlanVerdict check(Connection c, RenderedShapes.Rendered r) throws SQLException {
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
        return new PlanVerdict(
                r.shape().name(), r.sql(), plan, problems, r.shape().planAllowance());
    }
}
