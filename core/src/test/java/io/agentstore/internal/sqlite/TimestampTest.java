package io.agentstore.internal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentstore.SqliteTestBase;
import io.agentstore.internal.db.converters.InstantConverter;
import io.agentstore.internal.db.converters.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * Every timestamp is written in one UTC text format, so text order is time order. Surefire
 * runs the tests in Pacific/Chatham (UTC+12:45/+13:45) so that a local-time leak shows.
 */
class TimestampTest extends SqliteTestBase {

    @Test
    void theTestsRunInAZoneFarFromUtc() {
        assertThat(TimeZone.getDefault().getRawOffset()).isNotZero();
    }

    @Test
    void instantsRoundTripThroughTheGeneratedConverterAtMicrosecondPrecision() {
        InstantConverter conv = new InstantConverter();
        Instant t = Instant.parse("2026-03-29T01:30:00.123456789Z");
        String stored = conv.to(t);
        assertThat(stored).isEqualTo("2026-03-29T01:30:00.123456Z");
        assertThat(conv.from(stored)).isEqualTo(Timestamps.truncate(t));
        assertThat(conv.from(conv.to(Instant.EPOCH))).isEqualTo(Instant.EPOCH);
        assertThat(conv.to(Instant.parse("9999-12-31T23:59:59.999999Z"))).isEqualTo("9999-12-31T23:59:59.999999Z");
    }

    @Test
    void anythingButTheOneFormatIsRefusedWithTheText() {
        for (String bad : List.of(
                "2026-01-02 03:04:05",
                "2026-01-02T03:04:05Z",
                "2026-13-02T03:04:05.000000Z",
                "2026-01-02T03:04:05.000000+01:00",
                "")) {
            assertThatThrownBy(() -> Timestamps.parse(bad)).hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> Timestamps.format(Instant.parse("+10000-01-01T00:00:00Z")))
                .hasMessageContaining("10000");
    }

    @Test
    void theColumnDefaultWritesTheSameFormatAndTheConverterReadsIt() throws Exception {
        database();
        try (Connection c = new SqliteEngine(dbFile(), options().busyTimeout()).open(true);
                Statement st = c.createStatement()) {
            Instant before = Instant.now().minusSeconds(1);
            st.execute("INSERT INTO sessions (id, app_name, user_id) VALUES ('d', 'app', 'u')");
            try (ResultSet rs = st.executeQuery("SELECT created_at FROM sessions WHERE id = 'd'")) {
                rs.next();
                Instant read = new InstantConverter().from(rs.getString(1));
                assertThat(read).isBetween(before, Instant.now().plusSeconds(1));
            }
        }
    }

    @Test
    void textOrderIsTimeOrderForInstantsWrittenInAnyLocalZone() throws Exception {
        database();
        Random random = new Random(42);
        List<Instant> instants = new ArrayList<>();
        // Instants across DST changes in several zones, microseconds apart and years apart.
        ZonedDateTime base = ZonedDateTime.of(2026, 3, 29, 1, 59, 59, 999_999_000, ZoneId.of("Europe/Berlin"));
        for (int i = 0; i < 500; i++) {
            instants.add(base.toInstant()
                    .plusNanos(random.nextInt(4_000) * 1_000L)
                    .plusSeconds(random.nextInt(7200) - 3600));
            instants.add(
                    Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L), random.nextInt(1_000_000) * 1_000));
        }
        try (Connection c = new SqliteEngine(dbFile(), options().busyTimeout()).open(true)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO metrics (metric_name, metric_value, timestamp) VALUES ('m', ?, ?)")) {
                for (int i = 0; i < instants.size(); i++) {
                    ps.setDouble(1, i);
                    ps.setString(2, Timestamps.format(instants.get(i)));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            List<Instant> byText = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT timestamp FROM metrics ORDER BY timestamp, metric_value")) {
                while (rs.next()) {
                    byText.add(Timestamps.parse(rs.getString(1)));
                }
            }
            List<Instant> byTime =
                    instants.stream().map(Timestamps::truncate).sorted().toList();
            assertThat(byText).containsExactlyElementsOf(byTime);
        }
    }
}
