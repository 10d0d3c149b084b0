package io.agentstore.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.agentstore.AgentStore;
import io.agentstore.StoreTestBase;
import io.agentstore.memory.NewMemory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The slow-statement log, read from a captured appender on the logger io.agentstore.slow. */
class SlowStatementLogTest extends StoreTestBase {

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger slow;

    @BeforeEach
    void capture() {
        slow = (Logger) LoggerFactory.getLogger("io.agentstore.slow");
        slow.setLevel(Level.WARN);
        captured.start();
        slow.addAppender(captured);
    }

    @AfterEach
    void release() {
        slow.detachAppender(captured);
        slow.setLevel(null);
    }

    private List<String> lines() {
        return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void statementsPastTheThresholdAreLoggedWithShapeTimeAndRowsButNoValues() {
        AgentStore store = openStore(options().withSlowStatementLog(Duration.ZERO, false));
        store.memory().add(NewMemory.of("user:alice", "secret-key", "s3cr3t-value"));
        store.memory().get("user:alice", "secret-key");
        assertThat(lines())
                .anyMatch(l -> l.matches("slow statement memoryCurrent: \\d+\\.\\d{3} ms, 1 rows"))
                .anyMatch(l -> l.startsWith("slow statement memoryInsert"))
                .noneMatch(l -> l.contains("s3cr3t-value") || l.contains("secret-key"));
        assertThat(captured.list).allMatch(e -> e.getLevel() == Level.WARN);
    }

    @Test
    void valuesOnlyWhenAskedForAndNothingBelowTheThreshold() {
        AgentStore withValues = openStore(options().withSlowStatementLog(Duration.ZERO, true));
        withValues.memory().add(NewMemory.of("user:alice", "k1", "s3cr3t-value"));
        assertThat(lines()).anyMatch(l -> l.startsWith("slow statement memoryInsert") && l.contains("s3cr3t-value"));
        captured.list.clear();
        AgentStore patient = openStore(options().withSlowStatementLog(Duration.ofHours(1), true));
        patient.memory().add(NewMemory.of("user:alice", "k2", "v"));
        patient.memory().get("user:alice", "k2");
        assertThat(lines()).isEmpty();
    }
}
