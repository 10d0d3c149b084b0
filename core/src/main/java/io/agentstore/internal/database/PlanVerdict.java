package io.agentstore.internal.database;

import io.agentstore.internal.shape.RenderedShapes;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One shape's query plan on one engine and the plan check's verdict on it: {@code plan} as the
 * engine describes it, one line per step; {@code problems} the steps that are not index-served
 * (a full scan of a table, a sort); {@code allowance} the shape's stated reason to accept them,
 * or null.
 */
public record PlanVerdict(String shape, String sql, List<String> plan, List<String> problems, String allowance) {

    /** Served by indexes only: no scan and no sort. */
    public boolean indexServed() {
        return problems.isEmpty();
    }

    /** Passes the check: index-served, or its problems are allowed for a stated reason. */
    public boolean passes() {
        return problems.isEmpty() || allowance != null;
    }

    /** How an engine's plan check judges one rendered shape. */
    @FunctionalInterface
    public interface Check {
        PlanVerdict check(RenderedShapes.Rendered shape) throws SQLException;
    }

    /** The verdicts on every rendered shape, in registry order. */
    public static List<PlanVerdict> all(RenderedShapes shapes, Check check) throws SQLException {
        List<PlanVerdict> out = new ArrayList<>();
        for (RenderedShapes.Rendered r : shapes.all()) {
            out.add(check.check(r));
        }
        return out;
    }
}
