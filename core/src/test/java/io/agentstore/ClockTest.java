package io.agentstore;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewSession;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every timestamp the library writes comes from the configured clock, and must fit the stored format. */
class ClockTest extends StoreTestBase {

    @Test
    void aClockPastTheYear9999IsRefusedNamingItsTimeAndNothingIsWritten() {
        Instant future = Instant.parse("+10000-01-01T00:00:00Z");
        clock.set(future);
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> store().memory().add(NewMemory.of("user:a", "k", 1)),
                "clock says " + future);
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> store().sessions().create(NewSession.of("app", "alice")),
                "clock says " + future);
        clock.set(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(store().memory().get("user:a", "k")).isEmpty();
        assertThat(store().sessions().byUser("alice", PageRequest.first(10)).items())
                .isEmpty();
        assertThat(store().memory().add(NewMemory.of("user:a", "k", 1)).version())
                .isEqualTo(1);
    }
}
