package io.agentstore.metrics;

import static io.agentstore.Errors.assertFails;
import static io.agentstore.TestPages.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.ErrorCode;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricStoreTest extends StoreTestBase {

    @Test
    void recordsValuesAndReadsARangeInOrder() {
        Instant start = clock.instant();
        for (int i = 1; i <= 10; i++) {
            clock.advance(Duration.ofSeconds(1));
            store().metrics().record("latency_ms", i, Map.of("route", "/chat"));
            store().metrics().record("other", 1000 + i, null);
        }
        List<Double> values = allItems(cursor -> store().metrics()
                        .byName("latency_ms", start.plusSeconds(3), start.plusSeconds(8), page(2, cursor)))
                .stream()
                .map(MetricPoint::value)
                .toList();
        assertThat(values).containsExactly(3.0, 4.0, 5.0, 6.0, 7.0);
        assertThat(store().metrics()
                        .byName("latency_ms", start, start.plusSeconds(100), PageRequest.first(1))
                        .items()
                        .get(0)
                        .labels()
                        .tree()
                        .get("route")
                        .asText())
                .isEqualTo("/chat");
    }

    @Test
    void summarisesARangeWithNearestRankPercentiles() {
        Instant start = clock.instant();
        for (int i = 100; i >= 1; i--) {
            store().metrics().record("latency_ms", i, null);
        }
        MetricSummary s = store().metrics().summary("latency_ms", start, start.plusSeconds(1));
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(100);
        assertThat(s.mean()).isEqualTo(50.5);
        assertThat(s.p50()).isEqualTo(50);
        assertThat(s.p95()).isEqualTo(95);
        assertThat(s.p99()).isEqualTo(99);
        MetricSummary none = store().metrics().summary("nothing", start, start.plusSeconds(1));
        assertThat(none.count()).isZero();
        assertThat(none.p99()).isNaN();
    }

    @Test
    void negativeOrNonFiniteValuesAreRefused() {
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> store().metrics().record("latency_ms", -0.5, null),
                "-0.5",
                "latency_ms");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> store().metrics().record("latency_ms", Double.NaN, null), "NaN");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> store().metrics().byName("m", clock.instant(), clock.instant(), PageRequest.first(1)),
                "from < to");
    }

    @Test
    void timesBeyondWhatTheDatabaseHoldsAreInvalidArgumentsNamingTheValue() {
        Instant now = clock.instant();
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> store().metrics().byName("m", Instant.MIN, now, PageRequest.first(10)),
                "from",
                Instant.MIN.toString());
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> store().metrics().byName("m", now, Instant.MAX, PageRequest.first(10)),
                "to",
                Instant.MAX.toString());
        Instant year10000 = Instant.parse("+10000-01-01T00:00:00Z");
        assertFails(
                ErrorCode.INVALID_ARGUMENT, () -> store().metrics().summary("m", now, year10000), year10000.toString());
    }
}
