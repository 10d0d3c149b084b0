package io.agentstore.internal.database;

import io.agentstore.StatementListener;
import io.agentstore.StoreMetrics;
import io.agentstore.StoreOptions;
import io.agentstore.internal.shape.RenderedShapes;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is told of each executed statement: the statement listener, the metrics and the slow
 * statement log, as the options installed them. {@link #of} returns null when none is, so that
 * a call then does not even read the clock.
 */
public final class Observer {

    private static final Logger LOG = LoggerFactory.getLogger(Observer.class);
    private static final Logger SLOW = LoggerFactory.getLogger("io.agentstore.slow");

    private final StatementListener listener;
    private final StoreMetrics metrics;
    private final long slowNanos;
    private final boolean slowValues;
    private final Statistics stats;

    private Observer(
            StatementListener listener, StoreMetrics metrics, long slowNanos, boolean slowValues, Statistics stats) {
        this.listener = listener;
        this.stats = stats;
        this.metrics = metrics;
        this.slowNanos = slowNanos;
        this.slowValues = slowValues;
    }

    /** The observer the options ask for (with {@code stats} when recording them), or null when they install nothing. */
    static Observer of(StoreOptions options, Statistics stats) {
        long slow = options.slowStatementThreshold() == null
                ? -1
                : options.slowStatementThreshold().toNanos();
        if (options.statementListener() == null && options.metrics() == null && slow < 0 && stats == null) {
            return null;
        }
        return new Observer(options.statementListener(), options.metrics(), slow, options.slowStatementValues(), stats);
    }

    /** Whether the bound values must be kept for this call (a listener, or a slow log with values). */
    boolean wantsValues() {
        return listener != null || (slowNanos >= 0 && slowValues);
    }

    /** One statement ran: tell the listener, the metrics, and the slow log if it was slow. */
    void executed(RenderedShapes.Rendered shape, Object[] bound, long nanos, SQLException failure, long rows) {
        if (stats != null) {
            stats.statement(shape.shape().id(), nanos, failure != null);
        }
        String name = shape.shape().name();
        if (listener != null) {
            try {
                listener.executed(new io.agentstore.StatementListener.Executed(
                        name, shape.sql(), values(bound), nanos, failure != null));
            } catch (RuntimeException e) {
                LOG.warn("the statement listener failed on shape {}; ignored", name, e);
            }
        }
        if (metrics != null) {
            try {
                metrics.statement(name, shape.table(), nanos, failure == null ? null : errorType(failure));
            } catch (RuntimeException e) {
                LOG.warn("the store metrics failed on shape {}; ignored", name, e);
            }
        }
        if (slowNanos >= 0 && nanos >= slowNanos) {
            if (slowValues) {
                SLOW.warn(
                        "slow statement {}: {} ms, {} rows{} values {}",
                        name,
                        String.format("%.3f", nanos / 1e6),
                        rows,
                        failure == null ? "," : " (failed: " + errorType(failure) + "),",
                        values(bound));
            } else {
                SLOW.warn(
                        "slow statement {}: {} ms, {} rows{}",
                        name,
                        String.format("%.3f", nanos / 1e6),
                        rows,
                        failure == null ? "" : " (failed: " + errorType(failure) + ")");
            }
        }
    }

    private static List<Object> values(Object[] bound) {
        return bound == null ? List.of() : Collections.unmodifiableList(Arrays.asList(bound.clone()));
    }

    /** OpenTelemetry's error.type for a refused statement: its SQL state, else the exception's class. */
    static String errorType(SQLException e) {
        return e.getSQLState() != null ? e.getSQLState() : e.getClass().getName();
    }

    StoreMetrics metrics() {
        return metrics;
    }
}
