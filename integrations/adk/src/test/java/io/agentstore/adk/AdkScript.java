package io.agentstore.adk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.adk.events.Event;
import com.google.adk.events.EventActions;
import com.google.adk.sessions.BaseSessionService;
import com.google.adk.sessions.GetSessionConfig;
import com.google.adk.sessions.Session;
import com.google.adk.sessions.State;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionResponse;
import com.google.genai.types.Part;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One scripted conversation, run against any ADK session service; what the service returns is
 * written down as JSON observations, so that two services' answers can be compared whole.
 */
final class AdkScript {

    static final long T0 = 1_780_000_000_000L;

    private AdkScript() {}

    static Event event(String id, String author, long at, Content content, Map<String, Object> delta) {
        Event.Builder b =
                Event.builder().id(id).invocationId("inv-" + id).author(author).timestamp(at);
        if (content != null) {
            b.content(content);
        }
        EventActions.Builder actions = EventActions.builder();
        if (delta != null) {
            actions.stateDelta(new ConcurrentHashMap<>(delta));
        }
        b.actions(actions.build());
        return b.build();
    }

    static Content text(String role, String text) {
        return Content.builder().role(role).parts(List.of(Part.fromText(text))).build();
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Writes the conversation; returns what each call returned. */
    static List<JsonNode> write(BaseSessionService svc) {
        List<JsonNode> seen = new ArrayList<>();
        seen.add(session(svc.createSession("weather", "alice", map("plain", 1, "nested", map("a", 1)), "s1")
                .blockingGet()));
        seen.add(session(svc.createSession("weather", "alice", (Map<String, Object>) null, "s2")
                .blockingGet()));
        seen.add(session(svc.createSession("weather", "bob", map(), "s3").blockingGet()));
        seen.add(session(svc.createSession("other", "alice", (Map<String, Object>) null, "s4")
                .blockingGet()));

        Session s1 = svc.getSession("weather", "alice", "s1", Optional.empty()).blockingGet();
        List<Event> script = List.of(
                event(
                        "e1",
                        "user",
                        T0 + 1_000,
                        text("user", "What is the weather in Paris today?"),
                        map("user:city", "Paris", "temp:scratch", true)),
                event(
                        "e2",
                        "weather_agent",
                        T0 + 2_000,
                        Content.builder()
                                .role("model")
                                .parts(List.of(Part.builder()
                                        .functionCall(FunctionCall.builder()
                                                .id("call-1")
                                                .name("get_weather")
                                                .args(Map.of("city", "Paris"))
                                                .build())
                                        .build()))
                                .build(),
                        map("app:calls", 1)),
                event(
                        "e3",
                        "weather_agent",
                        T0 + 3_000,
                        Content.builder()
                                .role("user")
                                .parts(List.of(Part.builder()
                                        .functionResponse(FunctionResponse.builder()
                                                .id("call-1")
                                                .name("get_weather")
                                                .response(Map.of("celsius", 21, "sky", "clear"))
                                                .build())
                                        .build()))
                                .build(),
                        null),
                partial(event("e4", "weather_agent", T0 + 3_500, text("model", "It is"), null)),
                event(
                        "e5",
                        "weather_agent",
                        T0 + 4_000,
                        text("model", "It is 21 degrees and clear in Paris."),
                        map(
                                "plain",
                                State.REMOVED,
                                "answer",
                                map("celsius", 21, "unit", "C"),
                                "app:calls",
                                2,
                                "temp:t",
                                "x")),
                event("e6", "weather_agent", T0 + 5_000, null, map("user:city", State.REMOVED, "done", true)));
        for (Event e : script) {
            seen.add(event(svc.appendEvent(s1, e).blockingGet()));
        }
        // The caller's Session object holds the events appended (its state is compared through
        // the reads: ADK's in-memory service also puts temp: keys, and a partial event's delta,
        // into the object it is given; its base service, and this store, do not).
        seen.add(events(s1.events()));

        Session s2 = svc.getSession("weather", "alice", "s2", Optional.empty()).blockingGet();
        seen.add(event(svc.appendEvent(
                        s2,
                        event(
                                "e7",
                                "user",
                                T0 + 6_000,
                                text("user", "hello again"),
                                map("app:mode", "fast", "user:lang", "fr")))
                .blockingGet()));
        Session s3 = svc.getSession("weather", "bob", "s3", Optional.empty()).blockingGet();
        seen.add(event(svc.appendEvent(s3, event("e8", "user", T0 + 7_000, text("user", "bonjour"), null))
                .blockingGet()));
        return seen;
    }

    private static Event partial(Event e) {
        e.setPartial(true);
        return e;
    }

    /** Reads back everything the conversation left, as the service returns it. */
    static List<JsonNode> read(BaseSessionService svc) {
        List<JsonNode> seen = new ArrayList<>();
        for (String[] k : new String[][] {
            {"weather", "alice", "s1"}, {"weather", "alice", "s2"}, {"weather", "bob", "s3"}, {"other", "alice", "s4"}
        }) {
            seen.add(session(svc.getSession(k[0], k[1], k[2], Optional.empty()).blockingGet()));
        }
        GetSessionConfig recent2 = GetSessionConfig.builder().numRecentEvents(2).build();
        GetSessionConfig after = GetSessionConfig.builder()
                .afterTimestamp(Instant.ofEpochMilli(T0 + 3_000))
                .build();
        GetSessionConfig both = GetSessionConfig.builder()
                .numRecentEvents(1)
                .afterTimestamp(Instant.ofEpochMilli(T0 + 2_000))
                .build();
        GetSessionConfig none = GetSessionConfig.builder().numRecentEvents(0).build();
        GetSessionConfig many = GetSessionConfig.builder().numRecentEvents(50).build();
        for (GetSessionConfig c : List.of(recent2, after, both, none, many)) {
            seen.add(session(
                    svc.getSession("weather", "alice", "s1", Optional.of(c)).blockingGet()));
        }
        seen.add(sessions(svc.listSessions("weather", "alice").blockingGet().sessions()));
        seen.add(sessions(svc.listSessions("weather", "bob").blockingGet().sessions()));
        seen.add(sessions(svc.listSessions("weather", "nobody").blockingGet().sessions()));
        seen.add(events(svc.listEvents("weather", "alice", "s1").blockingGet().events()));
        seen.add(events(
                svc.listEvents("weather", "alice", "missing").blockingGet().events()));
        seen.add(AdkJson.mapper()
                .getNodeFactory()
                .booleanNode(svc.getSession("weather", "alice", "missing", Optional.empty())
                        .isEmpty()
                        .blockingGet()));
        // Another user's session is not found under this user.
        seen.add(AdkJson.mapper()
                .getNodeFactory()
                .booleanNode(svc.getSession("weather", "alice", "s3", Optional.empty())
                        .isEmpty()
                        .blockingGet()));
        return seen;
    }

    /** Deletes one session and reads what is left. */
    static List<JsonNode> delete(BaseSessionService svc) {
        svc.deleteSession("weather", "bob", "s3").blockingAwait();
        svc.deleteSession("weather", "bob", "never-was").blockingAwait();
        List<JsonNode> seen = new ArrayList<>();
        seen.add(AdkJson.mapper()
                .getNodeFactory()
                .booleanNode(svc.getSession("weather", "bob", "s3", Optional.empty())
                        .isEmpty()
                        .blockingGet()));
        seen.add(sessions(svc.listSessions("weather", "bob").blockingGet().sessions()));
        seen.add(events(svc.listEvents("weather", "bob", "s3").blockingGet().events()));
        return seen;
    }

    static JsonNode session(Session s) {
        ObjectNode o = AdkJson.mapper().createObjectNode();
        o.put("id", s.id());
        o.put("app", s.appName());
        o.put("user", s.userId());
        // temp: keys are left out: ADK's in-memory service keeps them in the session it stores
        // (a durable store never persists them: the one documented difference).
        java.util.TreeMap<String, Object> state = new java.util.TreeMap<>(s.state());
        state.keySet().removeIf(k -> k.startsWith(State.TEMP_PREFIX));
        o.set("state", canonical(AdkJson.mapper().valueToTree(state)));
        o.set("events", events(s.events()));
        return o;
    }

    static JsonNode sessions(List<Session> list) {
        ArrayNode a = AdkJson.mapper().createArrayNode();
        list.stream().sorted(Comparator.comparing(Session::id)).forEach(s -> a.add(session(s)));
        return a;
    }

    static JsonNode events(List<Event> list) {
        ArrayNode a = AdkJson.mapper().createArrayNode();
        synchronized (list) {
            list.forEach(e -> a.add(event(e)));
        }
        return a;
    }

    /**
     * An event as compared: ADK's JSON of it, without the temp: keys of its delta (ADK's
     * in-memory service keeps them in the event object it holds; a durable store never
     * persists them — the one documented difference).
     */
    static JsonNode event(Event e) {
        ObjectNode tree = AdkJson.mapper().valueToTree(e);
        JsonNode delta = tree.path("actions").path("stateDelta");
        if (delta instanceof ObjectNode d) {
            List<String> temp = new ArrayList<>();
            d.fieldNames().forEachRemaining(k -> {
                if (k.startsWith(State.TEMP_PREFIX)) {
                    temp.add(k);
                }
            });
            d.remove(temp);
        }
        return canonical(tree);
    }

    /** JSON with every object's members in name order (PostgreSQL's jsonb keeps its own order, as JSON allows). */
    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = AdkJson.mapper().createObjectNode();
            java.util.TreeMap<String, JsonNode> sorted = new java.util.TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = AdkJson.mapper().createArrayNode();
            node.forEach(n -> out.add(canonical(n)));
            return out;
        }
        return node;
    }
}
