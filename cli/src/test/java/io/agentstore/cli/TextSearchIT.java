package io.agentstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.embedder.minilm.MiniLmEmbedder;
import io.agentstore.memory.NewMemory;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code memory search --text} with the MiniLM embedder's jars named in AGENTSTORE_CLASSPATH, as a user would. */
class TextSearchIT {

    @TempDir
    Path dir;

    /** The embedder's jars, and nothing else, from this test's class path (where Maven put them). */
    private static String embedderJars() {
        List<String> parts = List.of(
                "embedder-minilm",
                "langchain4j",
                "onnxruntime",
                File.separator + "djl" + File.separator,
                "gson",
                "error_prone_annotations",
                File.separator + "jna" + File.separator,
                "commons-compress",
                "commons-codec",
                "commons-io");
        String jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> parts.stream().anyMatch(p::contains))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(jars).contains("onnxruntime", "embedder-minilm");
        return jars;
    }

    @Test
    void aTextSearchUsesTheEmbedderNamedOnTheClassPath() {
        Path db = dir.resolve("memories.db");
        try (AgentStore s = AgentStore.open(db, StoreOptions.defaults().withEmbedder(MiniLmEmbedder.load()))) {
            s.memory().add(NewMemory.of("user:alice", "food", "Alice loves sushi and ramen"));
            s.memory().add(NewMemory.of("user:alice", "city", "Alice lives in Lyon, in France"));
            s.memory().add(NewMemory.of("user:alice", "pet", "Alice has a black cat called Miso"));
        }
        Cli cli = new Cli(dir).env("AGENTSTORE_STORE", db.toString());
        assertThat(cli.run("memory", "search", "user:alice", "--text", "what does she like to eat?")
                        .exits(7)
                        .err())
                .contains("needs an embedder");
        JsonNode hits = cli.env("AGENTSTORE_CLASSPATH", embedderJars())
                .run("memory", "search", "user:alice", "--text", "what does she like to eat?", "--limit", "2", "--json")
                .exits(0)
                .json();
        assertThat(hits.at("/items/0/key").asText()).isEqualTo("food");
        assertThat(hits.get("items")).hasSize(2);
        assertThat(cli.run("memory", "search", "user:alice", "--text", "where is her home?", "--limit", "1", "--json")
                        .exits(0)
                        .json()
                        .at("/items/0/key")
                        .asText())
                .isEqualTo("city");
    }
}
