package io.agentstore.adk;

import static io.agentstore.adk.AdkDifferentialTest.same;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.google.adk.memory.InMemoryMemoryService;
import com.google.adk.memory.MemoryEntry;
import com.google.adk.sessions.BaseSessionService;
import com.google.adk.sessions.InMemorySessionService;
import com.google.adk.sessions.Session;
import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.Errors;
import io.agentstore.StoreTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * ADK identifies a session by (app name, user id, session id), and any string is a name or an
 * id: the same id under another user or app is another session, whatever the strings hold.
 */
class AdkScopingTest extends StoreTestBase {

    private static final List<String> APPS = List.of("travel", "my app!");
    private static final List<String> USERS = List.of("alice", "tenant:alice", "user/1", "Zoë \"quoted\"");
    private static final List<String> IDS = List.of("default", "custom id 1", "x".repeat(300));

    /** Writes the same ids under every app and user; returns what each call returned. */
    private static List<JsonNode> write(BaseSessionService svc) {
        List<JsonNode> out = new ArrayList<>();
        int n = 0;
        for (String app : APPS) {
            for (String user : USERS) {
                for (String id : IDS) {
                    n++;
                    Session s = svc.createSession(app, user, AdkScript.map("who", app + "|" + user), id)
                            .blockingGet();
                    out.add(AdkScript.session(s));
                    svc.appendEvent(
                                    s,
                                    AdkScript.event(
                                            "e" + n,
                                            "user",
                                            AdkScript.T0 + n,
                                            AdkScript.text("user", "trip number " + n + " for " + user),
                                            AdkScript.map("mine", n, "app:last", n, "user:last", n)))
                            .blockingGet();
                }
            }
        }
        return out;
    }

    /** Reads every session and every listing; returns the answers. */
    private static List<JsonNode> read(BaseSessionService svc) {
        List<JsonNode> out = new ArrayList<>();
        for (String app : APPS) {
            for (String user : USERS) {
                for (String id : IDS) {
                    Session s = svc.getSession(app, user, id, Optional.empty()).blockingGet();
                    out.add(s == null ? NullNode.getInstance() : AdkScript.session(s));
                    out.add(AdkScript.events(
                            svc.listEvents(app, user, id).blockingGet().events()));
                }
                out.add(AdkScript.sessions(
                        svc.listSessions(app, user).blockingGet().sessions()));
            }
        }
        return out;
    }

    @Test
    void theSameIdUnderAnotherUserOrAppIsAnotherSessionAsInAdksOwnService() {
        InMemorySessionService adk = new InMemorySessionService();
        AgentStoreSessionService ours = new AgentStoreSessionService(store());
        same(write(ours), write(adk));
        List<JsonNode> adkReads = read(adk);
        List<JsonNode> ourReads = read(ours);
        same(ourReads, adkReads);

        // Each session holds only its own event and state; shared state is per app, and per user in it.
        JsonNode first = ourReads.get(0);
        assertThat(first.path("id").asText()).isEqualTo("default");
        assertThat(first.path("events")).hasSize(1);
        assertThat(first.at("/state/who").asText()).isEqualTo("travel|alice");
        assertThat(first.at("/state/mine").asInt()).isEqualTo(1);
        assertThat(first.at("/state/user:last").asInt()).isEqualTo(3); // alice's last in travel
        assertThat(first.at("/state/app:last").asInt()).isEqualTo(12); // travel's last
        JsonNode listing = ourReads.get(2 * IDS.size());
        assertThat(listing).hasSize(IDS.size());

        // Deleting one leaves the same id of every other user and app.
        adk.deleteSession("travel", "tenant:alice", "default").blockingAwait();
        ours.deleteSession("travel", "tenant:alice", "default").blockingAwait();
        assertThat(ours.getSession("travel", "tenant:alice", "default", Optional.empty())
                        .blockingGet())
                .isNull();
        same(read(ours), read(adk));

        store().close();
        try (AgentStore reopened = openStore(options())) {
            same(read(new AgentStoreSessionService(reopened)), read(adk));
        }
    }

    @Test
    void aLookupWithTheWrongAppOrUserFindsNothing() {
        AgentStoreSessionService svc = new AgentStoreSessionService(store());
        Session mine = svc.createSession("travel", "alice", AdkScript.map("k", 1), "default")
                .blockingGet();
        for (String[] wrong : new String[][] {{"travel", "bob"}, {"other", "alice"}, {"travel", "Alice"}}) {
            assertThat(svc.getSession(wrong[0], wrong[1], "default", Optional.empty())
                            .blockingGet())
                    .isNull();
            assertThat(svc.listEvents(wrong[0], wrong[1], "default")
                            .blockingGet()
                            .events())
                    .isEmpty();
            assertThat(svc.listSessions(wrong[0], wrong[1]).blockingGet().sessions())
                    .isEmpty();
            assertThat(svc.storedSessionId(wrong[0], wrong[1], "default")).isEmpty();
            svc.deleteSession(wrong[0], wrong[1], "default").blockingAwait();
            Session forged = Session.builder("default")
                    .appName(wrong[0])
                    .userId(wrong[1])
                    .build();
            Errors.assertFails(
                    ErrorCode.NOT_FOUND,
                    () -> svc.appendEvent(
                                    forged,
                                    AdkScript.event("x", "user", AdkScript.T0, AdkScript.text("user", "hi"), null))
                            .blockingGet(),
                    "'default'",
                    "'" + wrong[1] + "'");
        }
        // Nor by the id it is stored under, used as an ADK id.
        String stored = svc.storedSessionId("travel", "alice", "default").orElseThrow();
        assertThat(svc.getSession("travel", "alice", stored, Optional.empty()).blockingGet())
                .isNull();
        Session read =
                svc.getSession("travel", "alice", "default", Optional.empty()).blockingGet();
        assertThat(read.state()).containsEntry("k", 1);
        assertThat(read.events()).isEmpty();
        assertThat(mine.id()).isEqualTo("default");
    }

    @Test
    void anyStringIsAnIdReturnedExactlyAsGivenAndAnEmptyOneIsGenerated() {
        AgentStoreSessionService svc = new AgentStoreSessionService(store());
        for (String id : List.of("custom id 1", "a/b", "tenant:alice", "ünï cödé ✓", "x".repeat(1000), "h-0")) {
            Session s = svc.createSession("my app!", "user/1", (Map<String, Object>) null, id)
                    .blockingGet();
            assertThat(s.id()).isEqualTo(id);
            assertThat(s.appName()).isEqualTo("my app!");
            assertThat(s.userId()).isEqualTo("user/1");
            Session again =
                    svc.getSession("my app!", "user/1", id, Optional.empty()).blockingGet();
            assertThat(again.id()).isEqualTo(id);
            // Where it is stored: a valid agentstore session, with ADK's names in its metadata.
            io.agentstore.sessions.Session stored = store().sessions()
                    .get(svc.storedSessionId("my app!", "user/1", id).orElseThrow())
                    .orElseThrow();
            assertThat(stored.metadata().tree().at("/adk/id").asText()).isEqualTo(id);
            assertThat(stored.metadata().tree().at("/adk/user").asText()).isEqualTo("user/1");
        }
        Session generated = svc.createSession("my app!", "user/1", (Map<String, Object>) null, "  ")
                .blockingGet();
        assertThat(generated.id()).matches("[0-9a-f-]{36}");
        assertThat(svc.listSessions("my app!", "user/1").blockingGet().sessions())
                .extracting(Session::id)
                .hasSize(7)
                .contains(generated.id(), "custom id 1", "ünï cödé ✓");
        Errors.assertFails(
                ErrorCode.CONFLICT,
                () -> svc.createSession("my app!", "user/1", null, "custom id 1")
                        .blockingGet(),
                "'custom id 1'",
                "'user/1'",
                "'my app!'");
    }

    @Test
    void memoryIsKeptPerAppAndUserWhateverTheirNames() {
        AgentStoreSessionService sessions = new AgentStoreSessionService(store());
        AgentStoreMemoryService ours = new AgentStoreMemoryService(store());
        InMemoryMemoryService adk = new InMemoryMemoryService();
        int n = 0;
        for (String app : APPS) {
            for (String user : USERS) {
                Session s = sessions.createSession(app, user, (Map<String, Object>) null, "default")
                        .blockingGet();
                n++;
                sessions.appendEvent(
                                s,
                                AdkScript.event(
                                        "e" + n,
                                        "user",
                                        AdkScript.T0 + n,
                                        AdkScript.text("user", "lyon " + (app + " " + user).replaceAll("[^a-z]", " ")),
                                        null))
                        .blockingGet();
                Session full = sessions.getSession(app, user, "default", Optional.empty())
                        .blockingGet();
                ours.addSessionToMemory(full).blockingAwait();
                adk.addSessionToMemory(full).blockingAwait();
            }
        }
        for (String app : APPS) {
            for (String user : USERS) {
                List<MemoryEntry> found =
                        ours.searchMemory(app, user, "lyon").blockingGet().memories();
                assertThat(found).as("%s / %s", app, user).hasSize(1);
                assertThat(found.get(0).content().text())
                        .isEqualTo(adk.searchMemory(app, user, "lyon")
                                .blockingGet()
                                .memories()
                                .get(0)
                                .content()
                                .text());
            }
        }
        assertThat(ours.searchMemory("travel", "nobody", "lyon").blockingGet().memories())
                .isEmpty();
    }
}
