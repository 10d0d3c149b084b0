package io.agentstore.agents;

import static io.agentstore.Errors.assertFails;
import static io.agentstore.TestPages.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import io.agentstore.sessions.NewSession;
import io.agentstore.tasks.NewTask;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentRegistryTest extends StoreTestBase {

    @Test
    void spawnsAgentsAndMovesThemThroughTheirStates() {
        store().tasks().enqueue(NewTask.of("t").withId("t1"));
        store().sessions().create(NewSession.of("bot", "alice").withId("s1"));
        Agent a = store().agents()
                .spawn(NewAgent.of("coder")
                        .withId("a1")
                        .specialisedIn("java")
                        .forTask("t1")
                        .inSession("s1")
                        .withModel("model-x"));
        assertThat(a.state()).isEqualTo(AgentState.IDLE);
        assertThat(store().agents().get("a1")).contains(a);
        assertThat(store().agents().transition("a1", AgentState.WORKING).state())
                .isEqualTo(AgentState.WORKING);
        assertThat(store().agents().transition("a1", AgentState.WAITING).state())
                .isEqualTo(AgentState.WAITING);
        clock.advance(Duration.ofMinutes(3));
        Agent t = store().agents().transition("a1", AgentState.TERMINATED);
        assertThat(t.terminatedAt()).isEqualTo(clock.instant());
        assertFails(ErrorCode.CONFLICT, () -> store().agents().transition("a1", AgentState.IDLE), "terminated");
        assertFails(ErrorCode.NOT_FOUND, () -> store().agents().transition("ghost", AgentState.IDLE), "'ghost'");
        assertFails(
                ErrorCode.NOT_FOUND,
                () -> store().agents().spawn(NewAgent.of("x").forTask("ghost")),
                "task 'ghost' does not exist");
        AgentStoreException e = assertFails(
                ErrorCode.NOT_FOUND,
                () -> store().agents().spawn(NewAgent.of("x").forTask("ghost")));
        assertThat(e.getMessage()).doesNotContain("null");
        assertFails(
                ErrorCode.CONFLICT,
                () -> store().agents().spawn(NewAgent.of("x").withId("a1")),
                "'a1'");
    }

    @Test
    void resourceUsageIsMergedIn() {
        store().agents().spawn(NewAgent.of("coder").withId("a1"));
        store().agents().recordUsage("a1", Map.of("tokens", 100, "cost", 0.5));
        Map<String, Object> next = new HashMap<>();
        next.put("tokens", 250);
        next.put("cost", null);
        Agent a = store().agents().recordUsage("a1", next);
        assertThat(a.resourceUsage()).isEqualTo(Json.of(Map.of("tokens", 250)));
    }

    @Test
    void listsAgentsByTaskSessionAndState() {
        store().tasks().enqueue(NewTask.of("t").withId("t1"));
        store().sessions().create(NewSession.of("bot", "alice").withId("s1"));
        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofSeconds(1));
            store().agents()
                    .spawn(NewAgent.of("a" + i)
                            .withId("a" + i)
                            .forTask(i < 4 ? "t1" : null)
                            .inSession("s1"));
        }
        store().agents().transition("a2", AgentState.WORKING);
        assertThat(store().agents().byTask("t1", PageRequest.first(3)).items())
                .extracting(Agent::id)
                .containsExactly("a0", "a1", "a2");
        String cursor =
                store().agents().byTask("t1", PageRequest.first(3)).nextCursor().orElseThrow();
        assertThat(store().agents().byTask("t1", page(3, cursor)).items())
                .extracting(Agent::id)
                .containsExactly("a3");
        assertThat(store().agents().bySession("s1", PageRequest.first(10)).items())
                .hasSize(7);
        assertThat(store().agents()
                        .byState(AgentState.WORKING, PageRequest.first(10))
                        .items())
                .extracting(Agent::id)
                .containsExactly("a2");
        assertThat(store().agents()
                        .byState(AgentState.IDLE, PageRequest.first(10))
                        .items())
                .hasSize(6);
    }

    @Test
    void resourceUsageStopsGrowingAtTheLimit() {
        store().agents().spawn(NewAgent.of("coder").withId("big"));
        String big = "x".repeat(600_000);
        store().agents().recordUsage("big", Map.of("a", big));
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> store().agents().recordUsage("big", Map.of("b", big)), "1048576");
        assertThat(store().agents()
                        .get("big")
                        .orElseThrow()
                        .resourceUsage()
                        .tree()
                        .fieldNames())
                .toIterable()
                .containsExactly("a");
    }
}
