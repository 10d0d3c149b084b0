package io.agentstore.observability;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.StoreStats;
import io.agentstore.StoreTestBase;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code store.stats()} after real operations, on both engines. */
class StatsTest extends StoreTestBase {

    @Test
    void recordsEachShapesCallsFailuresAndLatency() {
        AgentStore store = openStore(options().withStatistics(true));
        store.sessions().create(NewSession.of("bot", "alice").withId("s1"));
        for (int i = 0; i < 3; i++) {
            store.sessions().append("s1", NewEvent.of("message", "user", Map.of("n", i)));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(store.sessions().get("s1")).isPresent();
        }
        assertFails(
                ErrorCode.CONFLICT,
                () -> store.sessions().create(NewSession.of("bot", "bob").withId("s1")),
                "s1");

        StoreStats stats = store.stats();
        assertThat(stats.recording()).isTrue();
        assertThat(stats.engine()).isEqualTo(onPostgres() ? "postgresql" : "sqlite");
        assertThat(stats.since()).isNotNull();
        StoreStats.ShapeStats byId = stats.shape("sessionById").orElseThrow();
        assertThat(byId.table()).isEqualTo("sessions");
        assertThat(byId.calls()).isEqualTo(5);
        assertThat(byId.errors()).isZero();
        assertThat(byId.p50()).isPositive();
        assertThat(byId.p50()).isLessThanOrEqualTo(byId.p95());
        assertThat(byId.p95()).isLessThanOrEqualTo(byId.p99());
        assertThat(byId.p99()).isLessThanOrEqualTo(byId.max());
        // The taken id: one insert ran, the others the engine refused (PostgreSQL runs a write
        // that met a unique key once more, in case the key's row was committed a moment before).
        StoreStats.ShapeStats insert = stats.shape("sessionInsert").orElseThrow();
        assertThat(insert.errors()).isEqualTo(onPostgres() ? 2 : 1);
        assertThat(insert.calls()).isEqualTo(1 + insert.errors());
        // Only shapes that ran are listed.
        assertThat(stats.shape("taskClaim")).isEmpty();
        assertThat(stats.shapes()).allMatch(s -> s.calls() > 0);

        // Four acknowledged writes (the refused create rolled back).
        StoreStats.Commits commits = stats.commits();
        assertThat(commits.commits()).isGreaterThanOrEqualTo(4);
        assertThat(commits.operations().getAsLong()).isGreaterThanOrEqualTo(4);
        if (onPostgres()) {
            assertThat(commits.logPagesPerCommit()).isEmpty();
            assertThat(commits.checkpoints()).isZero();
        } else {
            // Every commit writes at least the pages of the rows it inserted.
            assertThat(commits.operationsP50().getAsLong()).isGreaterThanOrEqualTo(1);
            assertThat(commits.logPagesPerCommit().getAsDouble()).isGreaterThanOrEqualTo(1);
            assertThat(commits.logPagesMax().getAsLong())
                    .isGreaterThanOrEqualTo((long) commits.logPagesPerCommit().getAsDouble());
        }

        StoreStats.Storage storage = stats.storage();
        assertThat(storage.pageSize()).isPositive();
        assertThat(storage.pages()).isPositive();
        assertThat(storage.databaseBytes()).isGreaterThanOrEqualTo(storage.pageSize());
        if (onPostgres()) {
            assertThat(storage.freePages()).isEmpty();
            assertThat(storage.logBytes()).isEmpty();
        } else {
            // The file holds whole pages; pages still only in the log are counted but not yet in the file.
            assertThat(storage.databaseBytes() % storage.pageSize()).isZero();
            assertThat(storage.databaseBytes()).isLessThanOrEqualTo(storage.pages() * storage.pageSize());
            assertThat(storage.freePages().getAsLong()).isBetween(0L, storage.pages());
            assertThat(storage.logBytes().getAsLong()).isPositive();
        }
    }

    @Test
    void findsAnIndexNothingUses() throws Exception {
        AgentStore store = openStore(options().withStatistics(true));
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE INDEX nobody_reads ON metrics (metric_value)");
        }
        store.memory().add(NewMemory.of("user:alice", "k", 1));
        assertThat(store.memory().get("user:alice", "k")).isPresent();

        StoreStats stats = store.stats();
        // Made by hand and read by no shape: unused, and the only index so without cause.
        StoreStats.IndexStats idle = index(stats, "nobody_reads");
        assertThat(idle.table()).isEqualTo("metrics");
        assertThat(idle.shapes()).isEmpty();
        assertThat(idle.unused()).isTrue();
        // The current-version index serves memoryCurrent, which ran.
        StoreStats.IndexStats current = index(stats, "memory_current");
        assertThat(current.shapes()).contains("memoryCurrent");
        assertThat(current.calls().getAsLong()).isPositive();
        assertThat(current.unused()).isFalse();
        // The agent lookups' index: its shapes exist but none has run since the store opened.
        StoreStats.IndexStats agents = index(stats, "agents_by_state");
        assertThat(agents.shapes()).isNotEmpty();
        assertThat(agents.calls()).hasValue(0);
        assertThat(agents.unused()).isTrue();
        // A primary key stays for its constraint, used or not; an index that backs a foreign key too.
        assertThat(stats.indexes())
                .filteredOn(StoreStats.IndexStats::unique)
                .isNotEmpty()
                .noneMatch(StoreStats.IndexStats::unused);
        assertThat(index(stats, "audit_memory_by_entry").foreignKey()).isTrue();
        assertThat(stats.unusedIndexes())
                .extracting(StoreStats.IndexStats::name)
                .contains("nobody_reads", "agents_by_state")
                .doesNotContain("memory_current");
        // Every index the store made serves a shape, a uniqueness or a foreign key.
        assertThat(stats.indexes())
                .filteredOn(ix -> !ix.name().equals("nobody_reads"))
                .allMatch(ix -> ix.unique() || ix.foreignKey() || !ix.shapes().isEmpty());
        if (onPostgres()) {
            assertThat(stats.indexes())
                    .allMatch(ix -> ix.scans().isPresent() && ix.scans().getAsLong() >= 0);
        } else {
            assertThat(stats.indexes()).allMatch(ix -> ix.scans().isEmpty());
        }
    }

    @Test
    void withoutStatisticsNoCallIsRecordedButIndexesAndStorageShow() throws Exception {
        AgentStore store = openStore(options());
        store.memory().add(NewMemory.of("user:alice", "k", 1));
        assertThat(store.memory().get("user:alice", "k")).isPresent();
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE INDEX nobody_reads ON metrics (metric_value)");
        }

        StoreStats stats = store.stats();
        assertThat(stats.recording()).isFalse();
        assertThat(stats.since()).isEmpty();
        assertThat(stats.shapes()).isEmpty();
        assertThat(stats.commits().commits()).isPositive();
        assertThat(stats.commits().operations()).isEmpty();
        assertThat(stats.commits().logPagesPerCommit()).isEmpty();
        assertThat(stats.storage().pages()).isPositive();
        assertThat(stats.indexes()).allMatch(ix -> ix.calls().isEmpty());
        // Without calls, an index is unused only when no shape reads it.
        assertThat(stats.unusedIndexes())
                .extracting(StoreStats.IndexStats::name)
                .containsExactly("nobody_reads");
    }

    @Test
    void aClosedStoreRefusesStats() {
        AgentStore store = openStore(options().withStatistics(true));
        store.close();
        assertFails(ErrorCode.CLOSED, store::stats, "statistics");
    }

    @Test
    void concurrentCallsAreAllCounted() throws Exception {
        AgentStore store = openStore(options().withStatistics(true));
        store.memory().add(NewMemory.of("user:alice", "k", 1));
        long before = store.stats()
                .shape("memoryCurrent")
                .map(StoreStats.ShapeStats::calls)
                .orElse(0L);
        int threads = 8;
        int each = 200;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        assertThat(store.memory().get("user:alice", "k")).isPresent();
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        StoreStats.ShapeStats current = store.stats().shape("memoryCurrent").orElseThrow();
        assertThat(current.calls() - before).isEqualTo((long) threads * each);
        assertThat(current.max()).isLessThan(Duration.ofMinutes(1));
    }

    private static StoreStats.IndexStats index(StoreStats stats, String name) {
        return stats.indexes().stream()
                .filter(ix -> ix.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not among " + stats.indexes()));
    }
}
