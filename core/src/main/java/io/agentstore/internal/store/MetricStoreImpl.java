package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.METRICS;
import static io.agentstore.internal.store.MetricShapes.*;
import static io.agentstore.internal.store.Pages.AFTER_AT;

import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.metrics.MetricPoint;
import io.agentstore.metrics.MetricStore;
import io.agentstore.metrics.MetricSummary;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/** Metrics on the library's database. */
final class MetricStoreImpl implements MetricStore {

    private final Database db;

    MetricStoreImpl(Database db) {
        this.db = db;
    }

    private static String name(String name) {
        return Check.text("metric name", name, 256);
    }

    @Override
    public MetricPoint record(String name, double value, Map<String, ?> labels) {
        String n = name(name);
        if (!Double.isFinite(value) || value < 0) {
            throw Failures.invalid("metric " + Check.quote(n) + " value must be finite and >= 0: " + value);
        }
        Json l = labels == null ? Json.emptyObject() : Json.of(labels);
        String labelsText = Check.jsonObject("metric labels", l);
        return db.write("recording metric " + Check.quote(n), c -> {
            Instant now = db.now();
            long id = c.call(METRIC_INSERT)
                    .set(TIMESTAMP, now)
                    .set(NAME, n)
                    .set(VALUE, value)
                    .set(LABELS, Stored.json(labelsText))
                    .one(r -> r.get(METRICS.ID))
                    .orElseThrow();
            return new MetricPoint(id, n, value, l, now);
        });
    }

    @Override
    public Page<MetricPoint> byName(String name, Instant from, Instant to, PageRequest page) {
        String n = name(name);
        Check.range(from, to);
        String listing = "metricsRange:" + n + ":" + Timestamps.format(from) + ":" + Timestamps.format(to);
        return Pages.keyset(
                db,
                "reading metric " + Check.quote(n),
                listing,
                page,
                new String[] {Timestamps.format(from), "0"},
                (c, after) -> c.call(METRICS_RANGE)
                        .set(NAME, n)
                        .set(AFTER_AT, Pages.time(after[0]))
                        .set(AFTER_ID, Pages.number(listing, after[1]))
                        .set(TO, to),
                POINT,
                p -> new String[] {Timestamps.format(p.timestamp()), Long.toString(p.id())});
    }

    @Override
    public MetricSummary summary(String name, Instant from, Instant to) {
        String n = name(name);
        Check.range(from, to);
        return db.read("summarising metric " + Check.quote(n), c -> {
            double[] agg = c.call(METRICS_AGGREGATE)
                    .set(NAME, n)
                    .set(FROM, from)
                    .set(TO, to)
                    .one(r -> new double[] {r.get(COUNT), orZero(r.get(MIN)), orZero(r.get(MAX)), orZero(r.get(AVG))})
                    .orElseThrow();
            long count = (long) agg[0];
            if (count == 0) {
                return new MetricSummary(n, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double[] values = new double[(int) Math.min(count, Integer.MAX_VALUE - 8)];
            int[] i = {0};
            c.call(METRICS_VALUES).set(NAME, n).set(FROM, from).set(TO, to).forEach(r -> {
                if (i[0] < values.length) {
                    values[i[0]++] = r.get(METRICS.METRIC_VALUE);
                }
            });
            double[] v = Arrays.copyOf(values, i[0]);
            Arrays.sort(v);
            return new MetricSummary(n, count, agg[1], agg[2], agg[3], rank(v, 50), rank(v, 95), rank(v, 99));
        });
    }

    /** An aggregate of no rows is NULL; the caller returns before it reads one when there are none. */
    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    /** Nearest-rank percentile of sorted values. */
    static double rank(double[] sorted, int percentile) {
        int r = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, r - 1)];
    }
}
