package io.agentstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewSession;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StatementListenerTest extends StoreTestBase {

    private final List<StatementListener.Executed> seen = new CopyOnWriteArrayList<>();

    @Override
    protected StoreOptions options() {
        return super.options().withStatementListener(seen::add);
    }

    @Test
    void reportsEachStatementWithItsShapeSqlAndBoundValues() {
        store().memory().add(NewMemory.of("user:alice:prefs", "lang", "en").by("alice"));

        StatementListener.Executed insert = seen.stream()
                .filter(e -> e.shape().equals("memoryInsertNew"))
                .findFirst()
                .orElseThrow();
        assertThat(insert.sql()).startsWith("insert into");
        assertThat(insert.parameters()).contains("user:alice:prefs", "lang", "\"en\"", "alice");
        assertThat(insert.failed()).isFalse();
        assertThat(insert.nanos()).isPositive();
        // The recency rows of all three prefixes of user:alice:prefs are one statement.
        assertThat(seen)
                .extracting(StatementListener.Executed::shape)
                .endsWith("memoryInsertNew", "recencyInsertDepth3", "memoryChange", "auditMemory")
                .doesNotContain("recencyInsert");
    }

    @Test
    void theReportedStatementsReplayOnAPlainConnection() throws Exception {
        store().memory().add(NewMemory.of("user:bob", "k", Map.of("n", 1)));
        seen.clear();
        assertThat(store().memory().get("user:bob", "k")).isPresent();
        StatementListener.Executed read = seen.get(0);
        assertThat(read.shape()).isEqualTo("memoryCurrent");

        try (var c = rawConnection();
                PreparedStatement ps = c.prepareStatement(read.sql())) {
            for (int i = 0; i < read.parameters().size(); i++) {
                ps.setObject(i + 1, read.parameters().get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("key")).isEqualTo("k");
            }
        }
    }

    @Test
    void aRefusedStatementIsReportedAsFailed() {
        store().sessions().create(NewSession.of("app", "u").withId("s1"));
        assertThatThrownBy(() ->
                        store().sessions().create(NewSession.of("app", "u").withId("s1")))
                .isInstanceOf(AgentStoreException.class);
        List<Boolean> failed = seen.stream()
                .filter(e -> e.shape().equals("sessionInsert"))
                .map(StatementListener.Executed::failed)
                .toList();
        // The first insert succeeded; the duplicate failed (on a server it is run once more, in
        // case the key was taken by a transaction that committed a moment before: failed again).
        assertThat(failed).first().isEqualTo(false);
        assertThat(failed.subList(1, failed.size())).isNotEmpty().containsOnly(true);
    }

    @Test
    void aThrowingListenerCannotFailTheOperation() {
        try (AgentStore other = openStore(super.options().withStatementListener(e -> {
            throw new IllegalStateException("listener bug");
        }))) {
            other.memory().add(NewMemory.of("a", "k", 1));
            assertThat(other.memory().get("a", "k")).isPresent();
        }
    }
}
