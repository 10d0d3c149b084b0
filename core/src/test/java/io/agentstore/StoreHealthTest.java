package io.agentstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.internal.database.Migrations;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class StoreHealthTest extends StoreTestBase {

    @Test
    void aHealthyStoreTellsItsEngineSchemaSizeAndConnections() {
        store().sessions().create(NewSession.of("app", "u").withId("s1"));
        store().sessions().append("s1", NewEvent.of("note", "u", Map.of("text", "x".repeat(10_000))));
        StoreHealth h = store().health();
        assertThat(h.engine()).isEqualTo(onPostgres() ? "postgresql" : "sqlite");
        assertThat(h.schemaVersion()).isEqualTo(Migrations.SCHEMA_VERSION);
        assertThat(h.schemaCurrent()).isTrue();
        assertThat(h.probeTime()).isPositive();
        assertThat(h.storage().databaseBytes()).isPositive();
        StoreHealth.Connections c = h.connections().orElseThrow();
        assertThat(c.total()).isBetween(1, c.maximum());
        assertThat(c.active() + c.idle()).isEqualTo(c.total());
        if (onPostgres()) {
            assertThat(h.logLimitBytes()).isEmpty();
            assertThat(c.maximum()).isEqualTo(options().poolSize());
        } else {
            assertThat(h.logLimitBytes()).hasValue(32L << 20);
            assertThat(h.storage().logBytes()).isPresent();
            assertThat(h.storage().logBytes().getAsLong()).isPositive(); // the append is in the log
            assertThat(h.storage().freePages()).isPresent();
            assertThat(c.maximum()).isEqualTo(options().readConnections());
        }
    }

    @Test
    void connectionsInUseShowWhileACallHoldsThem() throws Exception {
        store().sessions().create(NewSession.of("app", "u").withId("s1"));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // A listener runs inside the call, on its connection: the call holds it until released.
        AgentStore held = openStore(options().withStatementListener(e -> {
            if (e.shape().equals("sessionById") && holding.getCount() == 1) {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        Thread reader = new Thread(() -> held.sessions().get("s1"));
        reader.start();
        holding.await();
        try {
            assertThat(held.health().connections().orElseThrow().active()).isGreaterThanOrEqualTo(1);
        } finally {
            release.countDown();
            reader.join();
        }
    }

    @Test
    void aClosedStoreIsNotHealthy() {
        AgentStore s = openStore(options());
        s.close();
        Errors.assertFails(ErrorCode.CLOSED, s::health);
    }

    @Test
    void aCallersDataSourceThatIsNotAPoolHasNoPoolFigures() {
        if (!onPostgres()) {
            return; // a DataSource is PostgreSQL's
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestPostgres.url(schema()));
        ds.setUser("postgres");
        ds.setPassword("postgres");
        try (AgentStore s = AgentStore.open(ds, options())) {
            StoreHealth h = s.health();
            assertThat(h.schemaCurrent()).isTrue();
            assertThat(h.connections()).isEmpty();
        }
    }
}
