package io.agentstore.tasks;

import static io.agentstore.Errors.assertFails;
import static io.agentstore.TestPages.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointStoreTest extends StoreTestBase {

    @Test
    void savesIterationsAndReadsTheLatestAGivenOneAndAList() {
        store().tasks().enqueue(NewTask.of("loop").withId("t"));
        CheckpointStore cp = store().checkpoints();
        assertThat(cp.latest("t")).isEmpty();
        for (int i = 0; i < 5; i++) {
            cp.save(NewCheckpoint.of("t", i, Map.of("step", i)));
        }
        assertThat(cp.latest("t").orElseThrow().iteration()).isEqualTo(4);
        assertThat(cp.get("t", 2).orElseThrow().state()).isEqualTo(Json.of(Map.of("step", 2)));
        Page<Checkpoint> first = cp.byTask("t", PageRequest.first(3));
        assertThat(first.items()).extracting(Checkpoint::iteration).containsExactly(4, 3, 2);
        assertThat(cp.byTask("t", page(10, first.nextCursor().orElseThrow())).items())
                .extracting(Checkpoint::iteration)
                .containsExactly(1, 0);
    }

    @Test
    void savingAnIterationTwiceIsAConflictUnlessReplaced() {
        store().tasks().enqueue(NewTask.of("loop").withId("t"));
        CheckpointStore cp = store().checkpoints();
        cp.save(NewCheckpoint.of("t", 1, Map.of("v", "first")));
        assertFails(ErrorCode.CONFLICT, () -> cp.save(NewCheckpoint.of("t", 1, Map.of("v", "second"))), "iteration 1");
        assertThat(cp.get("t", 1).orElseThrow().state()).isEqualTo(Json.of(Map.of("v", "first")));
        cp.replace(NewCheckpoint.of("t", 1, Map.of("v", "second")));
        assertThat(cp.get("t", 1).orElseThrow().state()).isEqualTo(Json.of(Map.of("v", "second")));
        assertFails(ErrorCode.NOT_FOUND, () -> cp.save(NewCheckpoint.of("ghost", 1, 1)), "'ghost'");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> cp.save(NewCheckpoint.of("t", -1, 1)), "-1");
    }

    @Test
    void checkpointsOfAMissingTaskAreNotFound() {
        assertFails(
                ErrorCode.NOT_FOUND,
                () -> store().checkpoints().byTask("ghost", PageRequest.first(10)),
                "'ghost'",
                "no such task");
        assertThat(store().checkpoints().latest("ghost")).isEmpty();
    }
}
