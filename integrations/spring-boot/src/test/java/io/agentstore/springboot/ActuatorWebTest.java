package io.agentstore.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentstore.AgentStore;
import io.agentstore.StoreTestBase;
import io.agentstore.TestPostgres;
import io.agentstore.sessions.NewSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real web application (Tomcat, Actuator, Micrometer, and every auto-configuration on the
 * class path), asked over HTTP as an operator's probe or dashboard would ask it.
 */
class ActuatorWebTest extends StoreTestBase {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    private ConfigurableApplicationContext start() {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--management.endpoints.web.exposure.include=health,metrics",
                "--management.endpoint.health.show-details=always"));
        if (onPostgres()) {
            args.add("--agentstore.jdbc-url=" + TestPostgres.url(schema()));
            args.add("--agentstore.username=postgres");
            args.add("--agentstore.password=postgres");
        } else {
            args.add("--agentstore.path=" + dbFile());
        }
        return SpringApplication.run(App.class, args.toArray(String[]::new));
    }

    private static JsonNode get(ConfigurableApplicationContext context, String path) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void theHealthEndpointShowsTheStoreAndTheMetricsEndpointItsMeters() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            AgentStore store = context.getBean(AgentStore.class);
            store.sessions().create(NewSession.of("app", "u").withId("s1"));
            JsonNode health = get(context, "/actuator/health");
            assertThat(health.path("status").asText()).isEqualTo("UP");
            JsonNode ours = health.at("/components/agentstore");
            assertThat(ours.path("status").asText()).isEqualTo("UP");
            assertThat(ours.at("/details/engine").asText()).isEqualTo(onPostgres() ? "postgresql" : "sqlite");
            assertThat(ours.at("/details/schemaVersion").asInt()).isPositive();
            assertThat(ours.at("/details/connections/maximum").asInt()).isPositive();
            if (!onPostgres()) {
                assertThat(ours.at("/details/logLimitBytes").asLong()).isEqualTo(32L << 20);
            }
            // The indicator alone, as a probe asks it.
            assertThat(get(context, "/actuator/health/agentstore")
                            .path("status")
                            .asText())
                    .isEqualTo("UP");
            JsonNode meter = get(context, "/actuator/metrics/agentstore.operation.duration");
            assertThat(meter.path("measurements").get(0).path("value").asDouble())
                    .isPositive();
        }
    }
}
