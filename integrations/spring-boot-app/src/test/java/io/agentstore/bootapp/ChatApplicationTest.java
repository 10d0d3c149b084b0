package io.agentstore.bootapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentstore.AgentStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application, built from the README's coordinates, run as a user runs it: on the versions
 * its build manages (Spring Boot's parent's in spring-boot-app, agentstore-bom's in
 * spring-boot-app-bom), on an embedded file and on PostgreSQL, restarted over the same data,
 * asked over HTTP.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChatApplicationTest {

    @TempDir
    Path dir;

    private static EmbeddedPostgres postgres;

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static synchronized String postgresUrl() throws Exception {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().start();
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    private static ConfigurableApplicationContext start(String... store) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--management.endpoint.health.show-details=always"));
        args.addAll(List.of(store));
        return SpringApplication.run(ChatApplication.class, args.toArray(String[]::new));
    }

    private static HttpResponse<String> http(ConfigurableApplicationContext c, String method, String path, String body)
            throws Exception {
        int port = ((WebServerApplicationContext) c).getWebServer().getPort();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        b = body == null
                ? b.GET()
                : b.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "text/plain");
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Talks, restarts, and reads back what was said; the health endpoint shows the store. */
    private void everyMessageSurvivesARestart(String engine, String... store) throws Exception {
        try (ConfigurableApplicationContext app = start(store)) {
            assertThat(app.getBean(ChatMemory.class)).isInstanceOf(MessageWindowChatMemory.class);
            for (String text : List.of("hello", "my name is Ada", "what is my name?")) {
                assertThat(http(app, "POST", "/conversations/c1", text).statusCode())
                        .isEqualTo(200);
            }
            HttpResponse<String> health = http(app, "GET", "/actuator/health", null);
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode ours = new ObjectMapper().readTree(health.body()).at("/components/agentstore");
            assertThat(ours.path("status").asText()).isEqualTo("UP");
            assertThat(ours.at("/details/engine").asText()).isEqualTo(engine);
        }
        try (ConfigurableApplicationContext again = start(store)) {
            HttpResponse<String> read = http(again, "GET", "/conversations/c1", null);
            assertThat(read.body()).isEqualTo("[\"hello\",\"my name is Ada\",\"what is my name?\"]");
        }
    }

    @Test
    void onAnEmbeddedFile(CapturedOutput output) throws Exception {
        Path file = dir.resolve("chat.db");
        everyMessageSurvivesARestart("sqlite", "--agentstore.path=" + file);
        assertThat(Files.exists(file)).isTrue();
        // A new file is created and migrated without a warning or an error in the log.
        assertThat(output.getAll())
                .contains("Migrating schema")
                .doesNotContain(" WARN ")
                .doesNotContain(" ERROR ")
                .doesNotContain("raise(ABORT"); // the migrations' checks, which Flyway 11 printed
    }

    @Test
    void onPostgreSql() throws Exception {
        everyMessageSurvivesARestart(
                "postgresql",
                "--agentstore.jdbc-url=" + postgresUrl(),
                "--agentstore.username=postgres",
                "--agentstore.password=postgres");
    }

    /** The name of the jar a class was loaded from, without {@code .jar}. */
    private static String jar(Class<?> c) throws Exception {
        String name = Path.of(
                        c.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getFileName()
                .toString();
        return name.substring(0, name.length() - ".jar".length());
    }

    @Test
    void itRunsOnTheVersionsItsBuildManages() throws Exception {
        assertThat(jar(org.flywaydb.core.Flyway.class))
                .isEqualTo("flyway-core-" + System.getProperty("managed.flyway"));
        assertThat(jar(org.jooq.DSLContext.class)).isEqualTo("jooq-" + System.getProperty("managed.jooq"));
        assertThat(jar(com.zaxxer.hikari.HikariDataSource.class))
                .isEqualTo("HikariCP-" + System.getProperty("managed.hikaricp"));
        assertThat(jar(org.postgresql.Driver.class))
                .isEqualTo("postgresql-" + System.getProperty("managed.postgresql"));
        assertThat(jar(org.sqlite.JDBC.class)).isEqualTo("sqlite-jdbc-" + System.getProperty("managed.sqlite-jdbc"));
        try (AgentStore store = AgentStore.open(dir.resolve("v.db"));
                Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("v.db"))) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getDriverVersion()).isEqualTo(System.getProperty("managed.sqlite-jdbc"));
            assertThat(store.health().schemaCurrent()).isTrue();
        }
    }
}
