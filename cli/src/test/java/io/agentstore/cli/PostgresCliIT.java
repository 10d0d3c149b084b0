package io.agentstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentstore.AgentStore;
import io.agentstore.TestPostgres;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command between an SQLite file and PostgreSQL, run as a real process through its launcher. */
class PostgresCliIT {

    @TempDir
    Path dir;

    @Test
    void aStoreMovesToPostgresqlAndBackWithCredentialsOnlyFromTheEnvironmentOrAFile() throws Exception {
        Path db = dir.resolve("laptop.db");
        try (AgentStore s = AgentStore.open(db)) {
            s.sessions().create(NewSession.of("app", "alice").withId("s1"));
            s.sessions().append("s1", NewEvent.of("message", "user", "hello"));
            s.memory().add(NewMemory.of("user:alice", "food", "pizza"));
            s.memory().put(NewMemory.of("user:alice", "food", "sushi"));
        }
        String url = TestPostgres.url(TestPostgres.cleanSchema());
        Cli fromFile = new Cli(dir)
                .env("AGENTSTORE_STORE", db.toString())
                .env("AGENTSTORE_TO_DB_USER", "postgres")
                .env("AGENTSTORE_TO_DB_PASSWORD", "postgres");
        JsonNode moved = fromFile.run("migrate", "--to", url, "--json").exits(0).json();
        assertThat(moved.get("sourceEngine").asText()).isEqualTo("sqlite");
        assertThat(moved.get("to").asText()).doesNotContain("?");

        Path passwordFile = dir.resolve("pg-password");
        Files.writeString(passwordFile, "postgres\n");
        Cli onServer = new Cli(dir)
                .env("AGENTSTORE_STORE", url)
                .env("AGENTSTORE_DB_USER", "postgres")
                .env("AGENTSTORE_DB_PASSWORD_FILE", passwordFile.toString());
        JsonNode show =
                onServer.run("sessions", "show", "s1", "--json").exits(0).json();
        assertThat(show.get("lastEvents").findValuesAsText("content")).containsExactly("hello");
        JsonNode check = onServer.run("check", "--json").exits(0).json();
        assertThat(check.get("ok").asBoolean()).isTrue();
        assertThat(check.get("engine").asText()).isEqualTo("postgresql");
        assertThat(onServer.run("check").exits(0).out()).contains("kept by the server");
        // A backup is the server's tools' work.
        assertThat(onServer.run("backup", dir.resolve("pg.db").toString())
                        .exits(7)
                        .err())
                .contains("pg_dump");
        // Into a store with data: refused.
        assertThat(fromFile.run("migrate", "--to", url).exits(5).err()).contains("not empty");

        // And back to a new file: the same history.
        Path back = dir.resolve("back.db");
        onServer.run("migrate", "--to", back.toString()).exits(0);
        Cli onBack = new Cli(dir).env("AGENTSTORE_STORE", back.toString());
        assertThat(onBack.run("memory", "history", "user:alice", "food", "--json")
                        .exits(0)
                        .json()
                        .get("items")
                        .findValuesAsText("value"))
                .containsExactly("pizza", "sushi");
        JsonNode a = fromFile.run("export", dir.resolve("a.jsonl").toString(), "--json")
                .exits(0)
                .json();
        JsonNode b = onBack.run("export", dir.resolve("b.jsonl").toString(), "--json")
                .exits(0)
                .json();
        assertThat(b.get("tables")).isEqualTo(a.get("tables"));
    }

    @Test
    void aPasswordIsNeverTakenFromTheCommandLineNorPrinted() {
        String secret = "s3cret-Pw-91";
        String url = TestPostgres.url(TestPostgres.cleanSchema());
        Cli cli = new Cli(dir).env("AGENTSTORE_DB_USER", "postgres");
        Cli.Result inUrl =
                cli.run("stats", "--store", url + "&password=" + secret).exits(2);
        assertThat(inUrl.err())
                .contains("carries a password", "AGENTSTORE_DB_PASSWORD")
                .doesNotContain(secret);
        // A server that is not there: the error names the place, never the password.
        Cli.Result unreachable = cli.env("AGENTSTORE_DB_PASSWORD", secret)
                .run("stats", "--store", "jdbc:postgresql://localhost:1/none?connectTimeout=2", "--json");
        assertThat(unreachable.exit()).isNotZero();
        assertThat(unreachable.out() + unreachable.err()).doesNotContain(secret).contains("localhost:1");
    }
}
