package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.METRICS;
import static io.agentstore.internal.store.Pages.AFTER_AT;
import static io.agentstore.internal.store.Pages.LIMIT;
import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.row;

import io.agentstore.internal.db.tables.Metrics;
import io.agentstore.internal.shape.Columns;
import io.agentstore.internal.shape.EngineSql;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import io.agentstore.metrics.MetricPoint;
import java.time.Instant;
import java.util.List;
import org.jooq.Field;
import org.jooq.JSON;

/** The query shapes of metrics. */
final class MetricShapes {

    private MetricShapes() {}

    private static final Metrics M = METRICS;

    static final Param<Instant> TIMESTAMP = Param.of("timestamp", M.TIMESTAMP);
    static final Param<String> NAME = Param.of("name", M.METRIC_NAME);
    static final Param<Double> VALUE = Param.of("value", M.METRIC_VALUE);
    static final Param<JSON> LABELS = Param.of("labels", M.LABELS);
    static final Param<Long> AFTER_ID = Param.of("afterId", M.ID);
    static final Param<Instant> FROM = Param.of("from", M.TIMESTAMP);
    static final Param<Instant> TO = Param.of("to", M.TIMESTAMP);

    /** A metric point row. */
    static final Columns<MetricPoint> POINT = Columns.of(
            List.of(M.ID, M.METRIC_NAME, M.METRIC_VALUE, M.LABELS, M.TIMESTAMP),
            r -> new MetricPoint(
                    r.get(M.ID),
                    r.get(M.METRIC_NAME),
                    r.get(M.METRIC_VALUE),
                    Stored.json(r.get(M.LABELS)),
                    r.get(M.TIMESTAMP)));

    static final Shape METRIC_INSERT = Shape.write(
            "metricInsert",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.insertInto(M, M.TIMESTAMP, M.METRIC_NAME, M.METRIC_VALUE, M.LABELS)
                            .values(TIMESTAMP.field(), NAME.field(), VALUE.field(), LABELS.field()),
                    List.of(M.ID)));

    static final Shape METRICS_RANGE = Shape.read(
            "metricsRange",
            dsl -> dsl.select(POINT.fields())
                    .from(M)
                    .where(M.METRIC_NAME.eq(NAME.field()))
                    .and(row(M.TIMESTAMP, M.ID).gt(AFTER_AT.field(), AFTER_ID.field()))
                    .and(M.TIMESTAMP.lt(TO.field()))
                    .orderBy(M.TIMESTAMP, M.ID)
                    .limit(LIMIT.field()));

    static final Field<Integer> COUNT = count();
    static final Field<Double> MIN = min(M.METRIC_VALUE);
    static final Field<Double> MAX = max(M.METRIC_VALUE);
    static final Field<Double> AVG = avg(M.METRIC_VALUE).coerce(Double.class);

    static final Shape METRICS_AGGREGATE = Shape.read(
            "metricsAggregate",
            dsl -> dsl.select(COUNT, MIN, MAX, AVG)
                    .from(M)
                    .where(M.METRIC_NAME.eq(NAME.field()))
                    .and(M.TIMESTAMP.ge(FROM.field()))
                    .and(M.TIMESTAMP.lt(TO.field())));

    static final Shape METRICS_VALUES = Shape.read(
            "metricsValues",
            dsl -> dsl.select(M.METRIC_VALUE)
                    .from(M)
                    .where(M.METRIC_NAME.eq(NAME.field()))
                    .and(M.TIMESTAMP.ge(FROM.field()))
                    .and(M.TIMESTAMP.lt(TO.field())));
}
