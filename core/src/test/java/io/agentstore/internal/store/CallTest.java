package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.MEMORY_ENTRIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentstore.StoreTestBase;
import io.agentstore.internal.database.Database;
import io.agentstore.memory.NewMemory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A cached statement keeps the previous call's values: a call must set every parameter itself. */
class CallTest extends StoreTestBase {

    @Test
    void aCallThatLeavesAParameterUnsetIsRefusedInsteadOfReusingTheLastValue() {
        store().memory().add(NewMemory.of("user:a", "k", 1));
        Database db = database();
        Optional<String> found = db.read(
                "reading",
                c -> c.call(MemoryShapes.MEMORY_CURRENT)
                        .set(MemoryShapes.NAMESPACE, "user:a")
                        .set(MemoryShapes.KEY, "k")
                        .one(r -> r.get(MEMORY_ENTRIES.KEY)));
        assertThat(found).contains("k");

        // Only the namespace set: the key bound by the call above must not be used again.
        assertThatThrownBy(() -> db.read(
                        "reading",
                        c -> c.call(MemoryShapes.MEMORY_CURRENT)
                                .set(MemoryShapes.NAMESPACE, "user:a")
                                .one(r -> r.get(MEMORY_ENTRIES.KEY))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("memoryCurrent")
                .hasMessageContaining("key was not set");
    }
}
