package io.agentstore.metrics;

import io.agentstore.Page;
import io.agentstore.PageRequest;
import java.time.Instant;
import java.util.Map;

/** Measured values by name, with labels. Values must be finite and >= 0. */
public interface MetricStore {

    MetricPoint record(String name, double value, Map<String, ?> labels);

    /** Values of a metric in {@code [from, to)}, oldest first. */
    Page<MetricPoint> byName(String name, Instant from, Instant to, PageRequest page);

    /** Count, min, max, mean and p50/p95/p99 of a metric in {@code [from, to)}. */
    MetricSummary summary(String name, Instant from, Instant to);
}
