package io.agentstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentstore.AgentStore;
import io.agentstore.Json;
import io.agentstore.MutableClock;
import io.agentstore.StoreOptions;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command on SQLite files, run as a real process through its launcher. */
class SqliteCliIT {

    @TempDir
    Path dir;

    Path db;
    Cli cli;

    @BeforeEach
    void seed() {
        db = dir.resolve("app.db");
        cli = new Cli(dir).env("AGENTSTORE_STORE", db.toString());
        // Old things first (for retention), on a clock 100 days back; then today's.
        MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofDays(100)));
        try (AgentStore s = AgentStore.open(db, StoreOptions.defaults().withClock(clock))) {
            s.sessions().create(NewSession.of("app", "alice").withId("s1").withState(Map.of("mood", "calm")));
            for (int i = 0; i < 5; i++) {
                s.sessions().append("s1", NewEvent.of("message", "user", "old " + i));
            }
            clock.set(Instant.now());
            s.sessions().append("s1", NewEvent.of("message", "agent", "new 0"));
            s.sessions().append("s1", NewEvent.of("message", "user", "new 1"));
            s.sessions().create(NewSession.of("app", "alice").withId("s2"));
            s.sessions().create(NewSession.of("app", "bob").withId("s3"));
            s.memory().add(NewMemory.of("user:alice", "food", "pizza").withEmbedding(new float[] {1, 0, 0}));
            s.memory().put(NewMemory.of("user:alice", "food", "sushi").withEmbedding(new float[] {0.9f, 0.1f, 0}));
            s.memory().add(NewMemory.of("user:alice", "city", "Lyon").withEmbedding(new float[] {0, 1, 0}));
            s.memory().add(NewMemory.of("user:bob", "food", "soup").withEmbedding(new float[] {1, 0, 0}));
        }
    }

    private static String sha(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void helpVersionAndUsageErrors() {
        assertThat(cli.run("--help").exits(0).out()).contains("Exit codes:", "migrate", "memory");
        for (String command : List.of(
                "stats",
                "check",
                "backup",
                "restore",
                "export",
                "import",
                "migrate",
                "retention",
                "sessions",
                "sessions list",
                "sessions show",
                "events tail",
                "memory get",
                "memory list",
                "memory history",
                "memory search")) {
            String[] args = (command + " --help").split(" ");
            assertThat(cli.run(args).exits(0).out()).as(command).contains("Usage: agentstore " + command);
        }
        assertThat(cli.run("--version").exits(0).out()).startsWith("agentstore ");
        assertThat(cli.run("stats", "--no-such-option").exits(2).err()).contains("Unknown option", "--no-such-option");
        assertThat(cli.run("sessions", "list").exits(2).err()).contains("--user", "--project", "--status");
        assertThat(new Cli(dir).run("stats").exits(2).err()).contains("Missing the store", "AGENTSTORE_STORE");
        assertThat(cli.run("retention", "--events-older-than", "soon").exits(2).err())
                .contains("'soon' is not a duration");
    }

    @Test
    void readingCommandsOpenTheFileReadOnlyAndPrintTablesOrJson() throws Exception {
        String before = sha(db);

        JsonNode sessions = cli.run("sessions", "list", "--user", "alice", "--json")
                .exits(0)
                .json();
        assertThat(sessions.get("items").findValuesAsText("id")).containsExactlyInAnyOrder("s1", "s2");
        String table = cli.run("sessions", "list", "--user", "alice").exits(0).out();
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("ID").contains("STATUS", "EVENTS");
        assertThat(table).contains("s1", "s2").doesNotContain("s3");
        // Paging: one at a time, the cursor from the first page gives the second.
        JsonNode first = cli.run("sessions", "list", "--user", "alice", "--limit", "1", "--json")
                .exits(0)
                .json();
        JsonNode second = cli.run(
                        "sessions",
                        "list",
                        "--user",
                        "alice",
                        "--limit",
                        "1",
                        "--cursor",
                        first.get("next").asText(),
                        "--json")
                .exits(0)
                .json();
        assertThat(List.of(
                        first.at("/items/0/id").asText(),
                        second.at("/items/0/id").asText()))
                .containsExactlyInAnyOrder("s1", "s2");

        JsonNode show = cli.run("sessions", "show", "s1", "--events", "2", "--json")
                .exits(0)
                .json();
        assertThat(show.get("events").asLong()).isEqualTo(7);
        assertThat(show.at("/state/mood").asText()).isEqualTo("calm");
        assertThat(show.get("lastEvents").findValuesAsText("content")).containsExactly("new 0", "new 1");
        assertThat(cli.run("sessions", "show", "nobody").exits(3).err()).contains("no session 'nobody'");
        JsonNode missing =
                cli.run("sessions", "show", "nobody", "--json").exits(3).json();
        assertThat(missing.at("/error/code").asText()).isEqualTo("NOT_FOUND");

        JsonNode tail =
                cli.run("events", "tail", "s1", "-n", "3", "--json").exits(0).json();
        assertThat(tail.get("items").findValuesAsText("seq")).containsExactly("5", "6", "7");
        assertThat(cli.run("events", "tail", "s1", "-n", "1").exits(0).out()).contains("new 1");

        JsonNode food = cli.run("memory", "get", "user:alice", "food", "--json")
                .exits(0)
                .json();
        assertThat(food.get("value").asText()).isEqualTo("sushi");
        assertThat(food.get("version").asInt()).isEqualTo(2);
        assertThat(cli.run("memory", "get", "user:alice", "food", "--at-version", "1", "--json")
                        .exits(0)
                        .json()
                        .get("value")
                        .asText())
                .isEqualTo("pizza");
        assertThat(cli.run("memory", "get", "user:alice", "nothing").exits(3).err())
                .contains("no memory 'nothing'");
        JsonNode history = cli.run("memory", "history", "user:alice", "food", "--json")
                .exits(0)
                .json();
        assertThat(history.get("items").findValuesAsText("value")).containsExactly("pizza", "sushi");
        JsonNode list =
                cli.run("memory", "list", "user:alice", "--json").exits(0).json();
        assertThat(list.get("items").findValuesAsText("key")).containsExactlyInAnyOrder("food", "city");
        JsonNode hits = cli.run("memory", "search", "user:alice", "--vector", "1,0,0", "--limit", "1", "--json")
                .exits(0)
                .json();
        assertThat(hits.at("/items/0/key").asText()).isEqualTo("food");
        assertThat(hits.at("/items/0/score").asDouble()).isGreaterThan(0.9);
        assertThat(cli.run("memory", "search", "user:alice", "--text", "what food")
                        .exits(7)
                        .err())
                .contains("needs an embedder", "--vector");

        JsonNode stats = cli.run("stats", "--json").exits(0).json();
        assertThat(stats.get("engine").asText()).isEqualTo("sqlite");
        assertThat(stats.at("/storage/databaseBytes").asLong()).isEqualTo(Files.size(db));
        assertThat(cli.run("stats").exits(0).out()).contains("engine:", "sqlite", "unused indexes:");
        JsonNode check = cli.run("check", "--json").exits(0).json();
        assertThat(check.get("ok").asBoolean()).isTrue();
        assertThat(check.get("failingPlans")).isEmpty();
        assertThat(cli.run("check").exits(0).out()).contains("integrity:", "ok");

        // Nothing of the file changed, and a read-only open left no log behind.
        assertThat(sha(db)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("app.db-journal");
        }
    }

    @Test
    void aCorruptedFileFailsTheCheckWithItsOwnExitCode() throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                var st = c.createStatement()) {
            st.execute("PRAGMA foreign_keys = OFF");
            st.executeUpdate("DELETE FROM sessions WHERE id = 's1'");
        }
        JsonNode check = cli.run("check", "--json").exits(8).json();
        assertThat(check.get("ok").asBoolean()).isFalse();
        assertThat(check.get("integrity").toString()).contains("session_events");
        assertThat(cli.run("check").exits(8).out()).contains("PROBLEMS FOUND");
    }

    @Test
    void backupRestoreExportAndImportThroughTheCommand() throws Exception {
        Path backup = dir.resolve("backups/app-copy.db");
        JsonNode b = cli.run("backup", backup.toString(), "--json").exits(0).json();
        assertThat(b.get("pages").asLong()).isPositive();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
                .isEqualTo("rw-------");
        Cli onBackup = new Cli(dir).env("AGENTSTORE_STORE", backup.toString());
        assertThat(onBackup.run("check", "--json").exits(0).json().get("ok").asBoolean())
                .isTrue();
        assertThat(cli.run("backup", db.toString()).exits(4).err()).contains("another file than the store");

        // A restore while a store has the file open: refused, and the file is as it was.
        try (AgentStore open = AgentStore.open(db)) {
            open.memory().put(NewMemory.of("user:alice", "food", "ramen"));
            assertThat(cli.run("restore", backup.toString()).exits(6).err()).contains("is open");
            assertThat(open.memory().get("user:alice", "food").orElseThrow().value())
                    .isEqualTo(Json.of("ramen"));
        }
        JsonNode restored =
                cli.run("restore", backup.toString(), "--json").exits(0).json();
        assertThat(restored.get("pages").asLong()).isEqualTo(b.get("pages").asLong());
        try (AgentStore back = AgentStore.open(db)) {
            assertThat(back.memory().get("user:alice", "food").orElseThrow().value())
                    .isEqualTo(Json.of("sushi"));
        }

        // Export (gzip, owner-only) and import into a new file: the same rows.
        Path export = dir.resolve("app.jsonl.gz");
        JsonNode ex = cli.run("export", export.toString(), "--json").exits(0).json();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(export)))
                .isEqualTo("rw-------");
        Cli copy = new Cli(dir).env("AGENTSTORE_STORE", dir.resolve("copy.db").toString());
        JsonNode im = copy.run("import", export.toString(), "--json").exits(0).json();
        assertThat(im.get("rows").asLong()).isEqualTo(ex.get("rows").asLong()).isPositive();
        assertThat(im.get("tables")).isEqualTo(ex.get("tables"));
        assertThat(copy.run("memory", "history", "user:alice", "food", "--json")
                        .exits(0)
                        .json()
                        .get("items")
                        .findValuesAsText("value"))
                .containsExactly("pizza", "sushi");
        // Again into the same store: it has data now.
        assertThat(copy.run("import", export.toString()).exits(5).err()).contains("not empty");

        // To standard output and back through standard input, uncompressed.
        Path plain = dir.resolve("plain.jsonl");
        ProcessBuilder pb = cli.builder("export", "-").redirectOutput(plain.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readAllLines(plain).get(0)).contains("\"format\":\"agentstore-export\"");
        Path third = dir.resolve("third.db");
        Process in = new Cli(dir)
                .env("AGENTSTORE_STORE", third.toString())
                .builder("import", "-", "--json")
                .redirectInput(plain.toFile())
                .start();
        String inOut = new String(in.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(in.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(in.exitValue()).as(inOut).isZero();
        assertThat(Cli.JSON.readTree(inOut).get("rows").asLong())
                .isEqualTo(ex.get("rows").asLong());

        // A file cut short: refused (bad input), and the new store stays empty.
        byte[] whole = Files.readAllBytes(plain);
        Path cut = dir.resolve("cut.jsonl");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        Cli fourth =
                new Cli(dir).env("AGENTSTORE_STORE", dir.resolve("fourth.db").toString());
        assertThat(fourth.run("import", cut.toString()).exits(4).err()).contains("cut short");
        assertThat(fourth.run("sessions", "list", "--user", "alice", "--json")
                        .exits(0)
                        .json()
                        .get("items"))
                .isEmpty();
    }

    @Test
    void progressBarsGoToStandardErrorWhenAskedFor() {
        Cli.Result r = cli.run("export", dir.resolve("e.jsonl").toString(), "--progress")
                .exits(0);
        assertThat(r.err()).contains("Export");
        assertThat(r.out()).contains("rows:");
        // Not asked for and not a terminal: none.
        assertThat(cli.run("export", dir.resolve("f.jsonl").toString()).exits(0).err())
                .doesNotContain("Export");
    }

    @Test
    void retentionCountsReadOnlyThenDeletes() throws Exception {
        String before = sha(db);
        JsonNode dry = cli.run("retention", "--events-older-than", "30d", "--dry-run", "--json")
                .exits(0)
                .json();
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.at("/deleted/session_events").asLong()).isEqualTo(5);
        assertThat(sha(db)).isEqualTo(before);

        JsonNode run = cli.run("retention", "--events-older-than", "30d", "--json")
                .exits(0)
                .json();
        assertThat(run.get("dryRun").asBoolean()).isFalse();
        assertThat(run.at("/deleted/session_events").asLong()).isEqualTo(5);
        try (AgentStore s = AgentStore.open(db)) {
            assertThat(s.sessions().lastEvents("s1", 10))
                    .extracting(e -> e.content().tree().asText())
                    .containsExactly("new 0", "new 1");
        }
        assertThat(cli.run("retention", "--events-older-than", "30d").exits(0).out())
                .contains("TABLE", "total: 0");
    }

    @Test
    void eventsTailFollowsWhatAnotherProcessAppends() throws Exception {
        Process p = cli.builder("events", "tail", "s1", "-n", "1", "--follow", "--interval", "100ms", "--json")
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(Cli.JSON.readTree(out.readLine()).get("content").asText())
                    .isEqualTo("new 1");
            try (AgentStore s = AgentStore.open(db)) {
                s.sessions().append("s1", NewEvent.of("message", "agent", "live"));
            }
            JsonNode live = Cli.JSON.readTree(out.readLine());
            assertThat(live.get("content").asText()).isEqualTo("live");
            assertThat(live.get("seq").asLong()).isEqualTo(8);
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
