package io.agentstore.adk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.adk.events.Event;
import com.google.adk.sessions.Session;
import io.agentstore.AgentStore;
import io.agentstore.Interleaving;
import io.agentstore.StoreTestBase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Two store instances on one database, one conversation, eight threads appending through their own Session objects. */
class AdkConcurrencyTest extends StoreTestBase {

    @Test
    void eightThreadsOnTwoStoresLoseNothingAndAgreeOnOneOrder() throws Exception {
        int threads = 8;
        int each = 25;
        AgentStore second = openStore(options());
        AgentStoreSessionService a = new AgentStoreSessionService(store());
        AgentStoreSessionService b = new AgentStoreSessionService(second);
        a.createSession("app", "alice", Map.of("start", 0), "shared").blockingGet();

        Session[] held = new Session[threads];
        Interleaving.concurrently(threads, thread -> {
            AgentStoreSessionService svc = thread % 2 == 0 ? a : b;
            Session mine =
                    svc.getSession("app", "alice", "shared", Optional.empty()).blockingGet();
            for (int i = 0; i < each; i++) {
                Event e = AdkScript.event(
                        "t" + thread + "-" + i,
                        "agent" + thread,
                        AdkScript.T0 + i,
                        AdkScript.text("model", "thread " + thread + " says " + i),
                        Map.of("n" + thread, i, "user:last", thread));
                svc.appendEvent(mine, e).blockingGet();
            }
            held[thread] = mine;
        });
        List<Session> objects = List.of(held);

        List<String> viaA =
                ids(a.listEvents("app", "alice", "shared").blockingGet().events());
        List<String> viaB =
                ids(b.listEvents("app", "alice", "shared").blockingGet().events());
        assertThat(viaA).isEqualTo(viaB);
        Interleaving.eachWriterInOrder(viaA, threads, each);
        // Every thread's Session object holds the store's history up to its own last event, in
        // the store's order: a stale object was brought up to date, never reordered.
        for (Session s : objects) {
            List<String> ids = ids(s.events());
            assertThat(ids).isEqualTo(viaA.subList(0, ids.size()));
            assertThat(ids.get(ids.size() - 1)).endsWith("-" + (each - 1));
        }
        Session last = a.getSession("app", "alice", "shared", Optional.empty()).blockingGet();
        for (int t = 0; t < threads; t++) {
            assertThat(last.state().get("n" + t)).isEqualTo(each - 1);
        }
        assertThat(last.state()).containsKey("user:last").containsEntry("start", 0);
    }

    @Test
    void aStaleSessionObjectIsBroughtUpToDateInsteadOfDiverging() {
        AgentStore second = openStore(options());
        AgentStoreSessionService a = new AgentStoreSessionService(store());
        AgentStoreSessionService b = new AgentStoreSessionService(second);
        a.createSession("app", "alice", null, "s").blockingGet();
        Session stale = a.getSession("app", "alice", "s", Optional.empty()).blockingGet();
        Session other = b.getSession("app", "alice", "s", Optional.empty()).blockingGet();
        b.appendEvent(other, AdkScript.event("x1", "u", AdkScript.T0, AdkScript.text("user", "one"), Map.of("k", 1)))
                .blockingGet();
        b.appendEvent(other, AdkScript.event("x2", "u", AdkScript.T0 + 1, AdkScript.text("user", "two"), null))
                .blockingGet();
        a.appendEvent(stale, AdkScript.event("x3", "u", AdkScript.T0 + 2, AdkScript.text("user", "three"), null))
                .blockingGet();
        assertThat(ids(stale.events())).containsExactly("x1", "x2", "x3");
        assertThat(stale.state()).containsEntry("k", 1);
        assertThat(ids(a.listEvents("app", "alice", "s").blockingGet().events()))
                .containsExactly("x1", "x2", "x3");
    }

    static List<String> ids(List<Event> events) {
        synchronized (events) {
            return events.stream().map(Event::id).toList();
        }
    }
}
