package io.agentstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.internal.database.Migrations;
import io.agentstore.sessions.NewSession;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreCheckTest extends StoreTestBase {

    @Test
    void aSoundStoreChecksOkWithEveryShapePlanned() {
        store().sessions().create(NewSession.of("app", "u").withId("s1"));
        StoreCheck check = openStore(options().withReadOnly(true)).check();
        assertThat(check.engine()).isEqualTo(onPostgres() ? "postgresql" : "sqlite");
        assertThat(check.schemaVersion()).isEqualTo(Migrations.SCHEMA_VERSION).isEqualTo(check.librarySchemaVersion());
        assertThat(check.plans()).hasSizeGreaterThan(100);
        assertThat(check.plans().stream().filter(p -> !p.plan().isEmpty())).hasSizeGreaterThan(50);
        assertThat(check.failingPlans()).isEmpty();
        if (onPostgres()) {
            assertThat(check.integrity()).isEmpty(); // the server keeps its own
        } else {
            assertThat(check.integrity()).contains(List.of());
        }
        assertThat(check.ok()).isTrue();
    }

    @Test
    void aDroppedIndexFailsThePlansThatReadThroughIt() throws Exception {
        store().sessions().create(NewSession.of("app", "u").withId("s1"));
        List<StoreStats.IndexStats> droppable = store().stats().indexes().stream()
                .filter(ix -> ix.table().equals("session_events")
                        && !ix.unique()
                        && !ix.shapes().isEmpty())
                .toList();
        assertThat(droppable).isNotEmpty();
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            for (StoreStats.IndexStats ix : droppable) {
                st.execute("DROP INDEX " + ix.name());
            }
        }
        StoreCheck check = openStore(options()).check();
        assertThat(check.ok()).isFalse();
        assertThat(check.failingPlans())
                .extracting(StoreCheck.ShapePlan::shape)
                .containsAnyElementsOf(
                        droppable.stream().flatMap(ix -> ix.shapes().stream()).toList());
    }
}
