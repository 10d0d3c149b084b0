package io.agentstore.audit;

import static io.agentstore.Errors.assertFails;
import static io.agentstore.TestPages.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.ErrorCode;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import io.agentstore.agents.NewAgent;
import io.agentstore.memory.MemoryDelete;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.memory.NewMemory;
import io.agentstore.tasks.NewTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AuditTrailTest extends StoreTestBase {

    private static List<Long> ids(Function<String, Page<AuditRecord>> listing) {
        return allItems(listing).stream().map(AuditRecord::id).toList();
    }

    @Test
    void callerActionsAreRecordedAndListedByTaskAndAgentNewestFirst() {
        store().tasks().enqueue(NewTask.of("t").withId("t1"));
        store().agents().spawn(NewAgent.of("coder").withId("a1").forTask("t1"));
        AuditTrail audit = store().audit();
        List<Long> recorded = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recorded.add(
                    0,
                    audit.record(NewAuditRecord.of("tool_call")
                                    .byAgent(i % 2 == 0 ? "a1" : null)
                                    .inTask("t1")
                                    .by("coder")
                                    .withData(Map.of("i", i))
                                    .withResult("ok"))
                            .id());
        }
        assertThat(ids(c -> audit.byTask("t1", page(2, c)))).containsExactlyElementsOf(recorded);
        assertThat(ids(c -> audit.byAgent("a1", page(2, c)))).hasSize(3);
        assertThat(ids(c -> audit.timeline(page(2, c)))).containsExactlyElementsOf(recorded);
        assertFails(
                ErrorCode.NOT_FOUND, () -> audit.record(NewAuditRecord.of("x").byAgent("ghost")), "'ghost'");
    }

    @Test
    void memoryChangesAreListedByEntryOperationNamespaceAndSubtree() {
        MemoryEntry v1 = store().memory().add(NewMemory.of("user:alice", "k", 1));
        store().memory().add(NewMemory.of("user:alice:prefs", "lang", "en"));
        store().memory().add(NewMemory.of("user:alice2", "k", 1));
        store().memory().add(NewMemory.of("user:alice-x", "k", 1));
        store().memory().update(MemoryUpdate.of("user:alice", "k", 2));
        store().memory().add(NewMemory.of("user:alice:prefs:ui", "theme", "dark"));
        store().memory().delete(MemoryDelete.of("user:alice:prefs", "lang").by("alice"));
        AuditTrail audit = store().audit();
        assertThat(audit.byMemoryEntry(v1.id(), PageRequest.first(10)).items())
                .extracting(AuditRecord::memoryOperation)
                .containsExactly("create");
        assertThat(audit.byOperation(MemoryOperation.UPDATE, PageRequest.first(10))
                        .items())
                .hasSize(1);
        assertThat(audit.byOperation(MemoryOperation.CREATE, PageRequest.first(10))
                        .items())
                .hasSize(5);
        assertThat(audit.byNamespace("user:alice", PageRequest.first(10)).items())
                .extracting(AuditRecord::memoryOperation)
                .containsExactly("update", "create");
        // The subtree, whole segments only, in (namespace, newest first) order, a page at a time.
        List<String> seen = allItems(cursor -> audit.bySubtree("user:alice", page(2, cursor))).stream()
                .map(r -> r.memoryNamespace() + "/" + r.memoryOperation())
                .toList();
        assertThat(seen)
                .containsExactly(
                        "user:alice/update",
                        "user:alice/create",
                        "user:alice:prefs/delete",
                        "user:alice:prefs/create",
                        "user:alice:prefs:ui/create");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> audit.byOperation(null, PageRequest.first(10)),
                "the memory operation must not be null");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> audit.bySubtree("user:al%", PageRequest.first(10)), "'user:al%'");
    }

    @Test
    void aMemoryKeysChangesAreListedWithTheirTypedKeyAndVersion() {
        store().memory().add(NewMemory.of("user:alice", "k", 1));
        store().memory().update(MemoryUpdate.of("user:alice", "k", 2));
        store().memory().add(NewMemory.of("user:alice", "other", 1));
        store().memory().add(NewMemory.of("user:alice:sub", "k", 1));
        store().memory().delete(MemoryDelete.of("user:alice", "k").by("alice"));
        AuditTrail audit = store().audit();
        List<AuditRecord> changes = allItems(c -> audit.byMemoryKey("user:alice", "k", page(2, c)));
        assertThat(changes).extracting(AuditRecord::memoryOperation).containsExactly("delete", "update", "create");
        assertThat(changes).extracting(AuditRecord::memoryKey).containsOnly("k");
        assertThat(changes).extracting(AuditRecord::memoryVersion).containsExactly(2, 2, 1);
        assertThat(changes).extracting(AuditRecord::memoryNamespace).containsOnly("user:alice");
        assertThat(audit.byMemoryKey("user:alice", "never", PageRequest.first(10))
                        .items())
                .isEmpty();
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> audit.byMemoryKey("user:al%", "k", PageRequest.first(10)),
                "'user:al%'");
    }
}
