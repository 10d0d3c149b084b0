package io.agentstore;

import java.util.List;

/**
 * Told of every statement the store executes, after it ran: which registered query shape, its
 * SQL, the values bound to it and how long it took. For slow-statement logs, metrics and
 * replaying a call's statements elsewhere (the benchmarks' raw-JDBC twins do this).
 *
 * <p>Called on the thread that ran the statement, inside the store's transaction for writes:
 * keep it quick. A listener that throws is logged and otherwise ignored; it cannot fail the
 * caller's operation. Transaction control ({@code BEGIN}, {@code COMMIT}) is not reported.
 * When one write of a shared commit fails, the commit's writes are rolled back and run again
 * (so that the failing one is undone alone): their statements are then reported twice, once
 * per run.
 * Install it with {@link StoreOptions#withStatementListener}; with none installed, nothing is
 * recorded.
 */
@FunctionalInterface
public interface StatementListener {

    void executed(Executed statement);

    /**
     * One executed statement.
     *
     * @param shape      the registered shape's name (see the shape registry in ARCHITECTURE.md)
     * @param sql        the SQL as prepared
     * @param parameters the values bound, in placeholder order, as handed to JDBC (text,
     *                   {@code Long}, {@code Integer}, {@code Double}, {@code byte[]} or null)
     * @param nanos      time spent executing and reading its rows
     * @param failed     whether the engine refused it (a constraint, a lock, …)
     */
    record Executed(String shape, String sql, List<Object> parameters, long nanos, boolean failed) {}
}
