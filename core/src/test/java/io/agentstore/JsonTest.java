package io.agentstore;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.agentstore.memory.NewMemory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON values going into the store. */
class JsonTest extends StoreTestBase {

    @Test
    void nanAndInfinitiesAreRefusedNotStoredAsStrings() {
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> Json.of(Map.of("x", Double.NaN)), "NaN");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> Json.of(List.of(1.0, Double.POSITIVE_INFINITY)), "infinite");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> Json.of(Float.NEGATIVE_INFINITY), "infinite");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> Json.of(JsonNodeFactory.instance.objectNode().put("x", Double.NaN)),
                "NaN");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> store().memory().add(NewMemory.of("user:a", "k", Map.of("score", Double.NaN))),
                "NaN");
        assertThat(store().memory().get("user:a", "k")).isEmpty();
        // The words themselves are ordinary strings.
        Json words = Json.of(Map.of("NaN", "Infinity"));
        assertThat(words.text()).isEqualTo("{\"NaN\":\"Infinity\"}");
        store().memory().add(NewMemory.of("user:a", "k", Map.of("NaN", "Infinity")));
        assertThat(store().memory().get("user:a", "k").orElseThrow().value()).isEqualTo(words);
    }
}
