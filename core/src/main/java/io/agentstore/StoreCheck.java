package io.agentstore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code AgentStore.check()} found: the schema's version against this library's, the
 * database's own integrity check, and every registered query shape's plan as the engine would
 * run it now. {@link #ok()} is what an operator's script wants to know.
 *
 * @param engine           {@code sqlite} or {@code postgresql}
 * @param schemaVersion    the newest migration the database records
 * @param librarySchemaVersion the version this library migrates every store to
 * @param integrity        the problems the engine's integrity check reported (empty: none), or
 *                         empty when the engine has no such check the library can run (PostgreSQL
 *                         keeps its own data consistent; see the operations guide)
 * @param plans            every shape's plan, in registry order
 */
public record StoreCheck(
        String engine,
        int schemaVersion,
        int librarySchemaVersion,
        Optional<List<String>> integrity,
        List<ShapePlan> plans) {

    public StoreCheck {
        Objects.requireNonNull(integrity, "integrity");
        integrity = integrity.map(List::copyOf);
        plans = List.copyOf(plans);
    }

    /** The shapes whose plan fails the check: not index-served, with no stated reason to allow it. */
    public List<ShapePlan> failingPlans() {
        return plans.stream().filter(p -> !p.passes()).toList();
    }

    /** At this library's schema version, no integrity problem, and every plan passing. */
    public boolean ok() {
        return schemaVersion == librarySchemaVersion
                && integrity.map(List::isEmpty).orElse(true)
                && failingPlans().isEmpty();
    }

    /**
     * One query shape's plan.
     *
     * @param shape     the shape's name (as in {@link StoreStats})
     * @param plan      the engine's plan, one line per step
     * @param problems  the steps that are not index-served (a full scan of a table, a sort)
     * @param allowance the shape's stated reason to accept them (an export reads every row), if any
     */
    public record ShapePlan(String shape, List<String> plan, List<String> problems, Optional<String> allowance) {

        public ShapePlan {
            plan = List.copyOf(plan);
            problems = List.copyOf(problems);
            Objects.requireNonNull(allowance, "allowance");
        }

        /** Served by indexes only. */
        public boolean indexServed() {
            return problems.isEmpty();
        }

        /** Index-served, or its problems allowed for a stated reason. */
        public boolean passes() {
            return problems.isEmpty() || allowance.isPresent();
        }
    }
}
