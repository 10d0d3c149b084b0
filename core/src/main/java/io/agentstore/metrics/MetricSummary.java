package io.agentstore.metrics;

/**
 * Aggregates of a metric over a time range. Percentiles use the nearest-rank method; with no
 * values, count is 0 and the other figures are NaN.
 */
public record MetricSummary(
        String name, long count, double min, double max, double mean, double p50, double p95, double p99) {}
