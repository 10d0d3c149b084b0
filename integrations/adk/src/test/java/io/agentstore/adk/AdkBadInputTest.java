package io.agentstore.adk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.adk.events.Event;
import com.google.adk.sessions.GetSessionConfig;
import com.google.adk.sessions.Session;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.Errors;
import io.agentstore.Json;
import io.agentstore.StoreTestBase;
import io.agentstore.sessions.NewEvent;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdkBadInputTest extends StoreTestBase {

    private AgentStoreSessionService service() {
        return new AgentStoreSessionService(store());
    }

    @Test
    void unknownIdsAreAbsentOrAClearNotFound() {
        AgentStoreSessionService svc = service();
        assertThat(svc.getSession("app", "u", "nope", Optional.empty())
                        .isEmpty()
                        .blockingGet())
                .isTrue();
        assertThat(svc.listEvents("app", "u", "nope").blockingGet().events()).isEmpty();
        assertThat(svc.listSessions("app", "nobody").blockingGet().sessions()).isEmpty();
        svc.deleteSession("app", "u", "nope").blockingAwait();
        Session ghost = Session.builder("nope").appName("app").userId("u").build();
        Event e = AdkScript.event("e", "u", AdkScript.T0, AdkScript.text("user", "hi"), null);
        assertThatThrownBy(() -> svc.appendEvent(ghost, e).blockingGet())
                .isInstanceOfSatisfying(
                        AgentStoreException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("'nope'")
                .hasMessageContaining("'u'");
        // A session of another user is not this user's to delete.
        svc.createSession("app", "alice", null, "hers").blockingGet();
        svc.deleteSession("app", "mallory", "hers").blockingAwait();
        assertThat(svc.getSession("app", "alice", "hers", Optional.empty()).blockingGet())
                .isNotNull();
    }

    @Test
    void nullsAndBadValuesAreRefusedNamingThem() {
        AgentStoreSessionService svc = service();
        assertThatThrownBy(() -> svc.createSession(null, "u", (Map<String, Object>) null, null)
                        .blockingGet())
                .hasMessageContaining("appName");
        assertThatThrownBy(() -> svc.createSession("app", null, (Map<String, Object>) null, null)
                        .blockingGet())
                .hasMessageContaining("userId");
        svc.createSession("app", "u", null, "s").blockingGet();
        Errors.assertFails(
                ErrorCode.CONFLICT,
                () -> svc.createSession("app", "u", null, " s ").blockingGet(),
                "'s'",
                "'u'",
                "'app'",
                "taken");
        assertThatThrownBy(() -> svc.getSession("app", "u", "s", null).blockingGet())
                .hasMessageContaining("config");
        GetSessionConfig negative =
                GetSessionConfig.builder().numRecentEvents(-1).build();
        assertThatThrownBy(() ->
                        svc.getSession("app", "u", "s", Optional.of(negative)).blockingGet())
                .hasMessageContaining("-1");
        Session s = svc.getSession("app", "u", "s", Optional.empty()).blockingGet();
        assertThatThrownBy(() -> svc.appendEvent(s, null).blockingGet()).hasMessageContaining("event");
        Event noAuthor = AdkScript.event("e", null, AdkScript.T0, AdkScript.text("user", "hi"), null);
        assertThatThrownBy(() -> svc.appendEvent(s, noAuthor).blockingGet()).hasMessageContaining("actor");
        assertThat(store().sessions().get(stored(svc, "s")).orElseThrow().eventCount())
                .isZero();
    }

    /** Where the service keeps ADK's session (app, u, id). */
    private static String stored(AgentStoreSessionService svc, String id) {
        return svc.storedSessionId("app", "u", id).orElseThrow();
    }

    @Test
    void anEventWithFieldsThisAdkDoesNotKnowIsKeptWholeAndStillReads() {
        AgentStoreSessionService svc = service();
        svc.createSession("app", "u", null, "s").blockingGet();
        Session s = svc.getSession("app", "u", "s", Optional.empty()).blockingGet();
        svc.appendEvent(s, AdkScript.event("e1", "u", AdkScript.T0, AdkScript.text("user", "hi"), null))
                .blockingGet();
        // As a later ADK would write it: a field this one has no property for.
        Event later = AdkScript.event("e2", "model", AdkScript.T0 + 1, AdkScript.text("model", "yo"), null);
        ObjectNode json = (ObjectNode) AdkJson.stored(later).tree();
        json.put("reasoningTrace", "a field from the future");
        store().sessions().append(stored(svc, "s"), new NewEvent(AdkJson.EVENT_TYPE, "model", Json.of(json), null));
        Session read = svc.getSession("app", "u", "s", Optional.empty()).blockingGet();
        assertThat(read.events()).extracting(Event::id).containsExactly("e1", "e2");
        // Nothing of it is lost: the stored row keeps the field.
        assertThat(store().sessions()
                        .lastEvents(stored(svc, "s"), 1)
                        .get(0)
                        .content()
                        .tree()
                        .path("reasoningTrace")
                        .asText())
                .isEqualTo("a field from the future");
    }

    @Test
    void anEventThatCannotBeReadBackIsAClearErrorNamingIt() {
        AgentStoreSessionService svc = service();
        svc.createSession("app", "u", null, "s").blockingGet();
        String sid = stored(svc, "s");
        store().sessions().append(sid, NewEvent.of("note", "ops", Map.of("text", "appended outside ADK")));
        store().sessions().append(sid, new NewEvent(AdkJson.EVENT_TYPE, "model", Json.of("[1,2]"), null));
        assertThatThrownBy(
                        () -> svc.getSession("app", "u", "s", Optional.empty()).blockingGet())
                .hasMessageContaining("event 1 of session 's'")
                .hasMessageContaining("'note'");
        assertThatThrownBy(() -> svc.getSession(
                                "app",
                                "u",
                                "s",
                                Optional.of(GetSessionConfig.builder()
                                        .numRecentEvents(1)
                                        .build()))
                        .blockingGet())
                .hasMessageContaining("event 2 of session 's' cannot be read back as an ADK event");
    }

    @Test
    void temporaryKeysAndPartialEventsAreNeverPersisted() {
        AgentStoreSessionService svc = service();
        svc.createSession("app", "u", Map.of("temp:init", 1, "kept", 2), "s").blockingGet();
        Session s = svc.getSession("app", "u", "s", Optional.empty()).blockingGet();
        Event partial = AdkScript.event("p", "m", AdkScript.T0, AdkScript.text("model", "Hel"), Map.of("p", 1));
        partial.setPartial(true);
        svc.appendEvent(s, partial).blockingGet();
        svc.appendEvent(
                        s,
                        AdkScript.event(
                                "e",
                                "m",
                                AdkScript.T0 + 1,
                                AdkScript.text("model", "Hello"),
                                Map.of("temp:x", 1, "y", 2)))
                .blockingGet();
        String sid = stored(svc, "s");
        assertThat(store().sessions().state(sid)).isEqualTo(Json.of(Map.of("kept", 2, "y", 2)));
        io.agentstore.sessions.Event row = store().sessions().lastEvents(sid, 5).get(0);
        assertThat(store().sessions().get(sid).orElseThrow().eventCount()).isEqualTo(1);
        assertThat(row.content().tree().at("/actions/stateDelta").has("temp:x")).isFalse();
        assertThat(row.stateDelta()).isEqualTo(Json.of(Map.of("y", 2)));
    }
}
