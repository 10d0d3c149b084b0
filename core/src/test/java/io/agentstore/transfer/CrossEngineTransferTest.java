package io.agentstore.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.SqliteTestBase;
import io.agentstore.TestPostgres;
import io.agentstore.memory.MemorySearch;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A store moved from its SQLite file to PostgreSQL and back is the store it was, row for row. */
class CrossEngineTransferTest extends SqliteTestBase {

    @Test
    void sqliteToPostgresqlToSqliteKeepsEveryRow() {
        Seed.fill(store(), "a", 5, () -> clock.advance(Duration.ofNanos(1_234_567)));
        byte[] fromSqlite = ExportImportTest.export(store());
        ExportFile original = ExportFile.parse(fromSqlite);

        byte[] fromPostgres;
        try (AgentStore server =
                AgentStore.open(TestPostgres.url(TestPostgres.cleanSchema()), "postgres", "postgres", options())) {
            ImportReport in = server.importFrom(new ByteArrayInputStream(fromSqlite), ImportOptions.defaults());
            assertThat(in.sourceEngine()).isEqualTo("sqlite");
            fromPostgres = ExportImportTest.export(server);
            // What the server answers from the moved rows is what the file answered.
            MemorySearch near = MemorySearch.vector(new float[] {1, 3, 0.5f})
                    .within("user:a:facts")
                    .withLimit(3);
            assertThat(server.memory().search(near))
                    .extracting(hit -> hit.item().key())
                    .isEqualTo(store().memory().search(near).stream()
                            .map(hit -> hit.item().key())
                            .toList())
                    .hasSize(3);
            assertThat(server.sessions().get("a-s3").orElseThrow().lastUpdateTime())
                    .isEqualTo(store().sessions().get("a-s3").orElseThrow().lastUpdateTime());
        }
        ExportFile viaPostgres = ExportFile.parse(fromPostgres);
        assertThat(viaPostgres.header().get("engine").asText()).isEqualTo("postgresql");
        assertThat(viaPostgres.rows()).isEqualTo(original.rows());

        try (AgentStore back = AgentStore.open(dir.resolve("back.db"), options())) {
            ImportReport in = back.importFrom(new ByteArrayInputStream(fromPostgres), ImportOptions.defaults());
            assertThat(in.sourceEngine()).isEqualTo("postgresql");
            assertThat(ExportFile.parse(ExportImportTest.export(back)).rows()).isEqualTo(original.rows());
        }
    }
}
