package io.agentstore.metrics;

import io.agentstore.Json;
import java.time.Instant;

/** One recorded value of a metric. */
public record MetricPoint(long id, String name, double value, Json labels, Instant timestamp) {}
