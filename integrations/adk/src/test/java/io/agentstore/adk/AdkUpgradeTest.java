package io.agentstore.adk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.adk.events.Event;
import com.google.adk.memory.MemoryEntry;
import com.google.adk.sessions.Session;
import io.agentstore.ErrorCode;
import io.agentstore.Errors;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import io.agentstore.transfer.ImportOptions;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store written by the build before ADK's sessions were scoped by app and user (sessions
 * stored under ADK's id itself) keeps working: every session, its events, its state and shared
 * state, its memories, the listings and deletion, beside new sessions that reuse its ids.
 *
 * <p>{@code legacy/adk-before-scoping.jsonl} is the export (agentstore's own format) of a store
 * that commit 2665863's ADK services wrote: travel/alice/s1 (initial state with app: and user:
 * keys, two events, the second with a state delta, added to memory), travel/alice with an id ADK
 * generated, travel/bob/s2 and weather/alice/s3.
 */
class AdkUpgradeTest extends StoreTestBase {

    private static final String GENERATED = "c21fa848-9d59-46c4-b3ae-0f831f6da0fb";

    private AgentStoreSessionService svc;

    @BeforeEach
    void importTheOldStore() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/legacy/adk-before-scoping.jsonl")) {
            store().importFrom(in, ImportOptions.defaults());
        }
        svc = new AgentStoreSessionService(store());
    }

    @Test
    void everyOldSessionReadsAsBefore() {
        Session s1 = svc.getSession("travel", "alice", "s1", Optional.empty()).blockingGet();
        assertThat(s1.id()).isEqualTo("s1");
        assertThat(s1.events()).extracting(Event::id).containsExactly("e1", "e2");
        assertThat(s1.state())
                .containsEntry("plain", 1)
                .containsEntry("booked", "lyon")
                .containsEntry("app:calls", 2)
                .containsEntry("user:lang", "fr")
                .containsEntry("user:city", "Lyon");
        assertThat(svc.getSession("travel", "alice", GENERATED, Optional.empty())
                        .blockingGet()
                        .events())
                .extracting(Event::id)
                .containsExactly("g1");
        assertThat(svc.listSessions("travel", "alice").blockingGet().sessions())
                .extracting(Session::id)
                .containsExactlyInAnyOrder("s1", GENERATED);
        assertThat(svc.listSessions("travel", "bob").blockingGet().sessions())
                .extracting(Session::id)
                .containsExactly("s2");
        assertThat(svc.listEvents("travel", "bob", "s2").blockingGet().events())
                .extracting(Event::id)
                .containsExactly("b1");
        assertThat(svc.storedSessionId("travel", "alice", "s1")).contains("s1");
        // The old rule holds for them too: the wrong app or user finds nothing.
        assertThat(svc.getSession("travel", "bob", "s1", Optional.empty()).blockingGet())
                .isNull();
        assertThat(svc.getSession("weather", "alice", "s1", Optional.empty()).blockingGet())
                .isNull();
    }

    @Test
    void oldSessionsTakeNewEventsAndNewSessionsMayReuseTheirIdsElsewhere() {
        Session s1 = svc.getSession("travel", "alice", "s1", Optional.empty()).blockingGet();
        svc.appendEvent(
                        s1,
                        AdkScript.event(
                                "e3",
                                "user",
                                AdkScript.T0,
                                AdkScript.text("user", "and back on Sunday"),
                                Map.of("app:calls", 3)))
                .blockingGet();
        // An object read elsewhere (a Session this service did not hand out) appends too.
        Session handMade = Session.builder("s2").appName("travel").userId("bob").build();
        svc.appendEvent(handMade, AdkScript.event("b2", "user", AdkScript.T0 + 1, AdkScript.text("user", "two"), null))
                .blockingGet();
        assertThat(svc.listEvents("travel", "bob", "s2").blockingGet().events())
                .extracting(Event::id)
                .containsExactly("b1", "b2");

        // s1 of bob, and s1 of alice in another app: new sessions, beside the old one.
        Session bobs =
                svc.createSession("travel", "bob", Map.of("mine", true), "s1").blockingGet();
        svc.createSession("weather", "alice", (Map<String, Object>) null, "s1").blockingGet();
        assertThat(bobs.state()).containsEntry("mine", true).containsEntry("app:calls", 3);
        Errors.assertFails(
                ErrorCode.CONFLICT,
                () -> svc.createSession("travel", "alice", null, "s1").blockingGet(),
                "'s1'",
                "taken");
        assertThat(svc.getSession("travel", "alice", "s1", Optional.empty())
                        .blockingGet()
                        .events())
                .extracting(Event::id)
                .containsExactly("e1", "e2", "e3");
        assertThat(svc.getSession("travel", "bob", "s1", Optional.empty())
                        .blockingGet()
                        .events())
                .isEmpty();
        assertThat(svc.listSessions("travel", "bob").blockingGet().sessions())
                .extracting(Session::id)
                .containsExactlyInAnyOrder("s1", "s2");

        svc.deleteSession("travel", "alice", "s1").blockingAwait();
        assertThat(svc.getSession("travel", "alice", "s1", Optional.empty()).blockingGet())
                .isNull();
        assertThat(svc.getSession("travel", "bob", "s1", Optional.empty()).blockingGet())
                .isNotNull();
        assertThat(svc.getSession("weather", "alice", "s1", Optional.empty()).blockingGet())
                .isNotNull();
        assertThat(svc.getSession("weather", "alice", "s3", Optional.empty()).blockingGet())
                .isNotNull();
    }

    @Test
    void oldMemoriesAreFoundAndAddingTheSessionAgainAddsOnlyWhatIsNew() {
        AgentStoreMemoryService memory = new AgentStoreMemoryService(store());
        List<MemoryEntry> found = memory.searchMemory("travel", "alice", "Lyon train")
                .blockingGet()
                .memories();
        assertThat(found)
                .extracting(m -> m.content().text())
                .containsExactly("The train to Lyon leaves at nine", "Book a train to Lyon");
        assertThat(memory.searchMemory("travel", "bob", "Lyon").blockingGet().memories())
                .isEmpty();
        int before = kept();
        memory.addSessionToMemory(svc.getSession("travel", "alice", "s1", Optional.empty())
                        .blockingGet())
                .blockingAwait();
        assertThat(kept()).isEqualTo(before).isEqualTo(2 + 5 + 7); // two events, and each word of each
    }

    /** The memories kept for alice in travel (her events and their words). */
    private int kept() {
        return store().memory()
                .byPrefix("user:alice:adk:travel", PageRequest.first(1_000))
                .items()
                .size();
    }
}
