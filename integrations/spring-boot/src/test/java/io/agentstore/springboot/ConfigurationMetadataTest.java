package io.agentstore.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The jar tells IDEs every {@code agentstore.*} property, with its description and default. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyIsDescribedWithItsDefault() throws Exception {
        Map<String, JsonNode> properties = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the metadata the configuration processor writes").isNotNull();
            for (JsonNode p : new ObjectMapper().readTree(in).path("properties")) {
                properties.put(p.path("name").asText(), p);
            }
        }
        Map<String, String> defaults = Map.ofEntries(
                Map.entry("agentstore.path", "agentstore.db"),
                Map.entry("agentstore.jdbc-url", ""),
                Map.entry("agentstore.username", ""),
                Map.entry("agentstore.password", ""),
                Map.entry("agentstore.pool-size", "10"),
                Map.entry("agentstore.busy-timeout", "5s"),
                Map.entry("agentstore.read-only", "false"),
                Map.entry("agentstore.memory-map", "2GB"),
                Map.entry("agentstore.health.timeout", "2s"),
                Map.entry("agentstore.metrics.enabled", "true"),
                Map.entry("agentstore.adk.enabled", "true"),
                Map.entry("agentstore.langchain4j.enabled", "true"),
                Map.entry("agentstore.koog.enabled", "true"),
                Map.entry("management.health.agentstore.enabled", "true"));
        for (Map.Entry<String, String> e : defaults.entrySet()) {
            JsonNode p = properties.get(e.getKey());
            assertThat(p).as(e.getKey()).isNotNull();
            assertThat(p.path("description").asText()).as(e.getKey()).isNotBlank();
            if (!e.getValue().isEmpty()) {
                assertThat(p.path("defaultValue").asText()).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }
}
