package io.agentstore.adk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.adk.JsonBaseModel;
import com.google.adk.events.Event;
import com.google.adk.events.EventActions;
import com.google.adk.sessions.State;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.internal.Failures;
import io.agentstore.sessions.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Conversions between ADK's objects and what agentstore stores: one place, ADK's own JSON mapper. */
final class AdkJson {

    /** The type of the events this integration stores (other types in a session are not ADK's). */
    static final String EVENT_TYPE = "adk.event";

    /** How ADK's JSON writes {@link State#REMOVED} (a string); turned back into the sentinel on read. */
    private static final String REMOVED_TEXT = State.REMOVED.toString();

    private AdkJson() {}

    /** A value an ADK call must be given; a clear INVALID_ARGUMENT naming it when it is null. */
    static String required(String value, String name) {
        if (value == null) {
            throw Failures.invalid(name + " must not be null");
        }
        return value;
    }

    static ObjectMapper mapper() {
        return JsonBaseModel.getMapper();
    }

    /**
     * A state or state delta as it is persisted: {@code temp:} keys dropped (never persisted),
     * {@link State#REMOVED} as JSON null (a merge patch's "remove"), other values as JSON.
     * Null when nothing is left.
     */
    static ObjectNode persisted(Map<String, Object> state, boolean keepRemovals) {
        if (state == null || state.isEmpty()) {
            return null;
        }
        ObjectNode out = mapper().createObjectNode();
        for (Map.Entry<String, Object> e : state.entrySet()) {
            String key = e.getKey();
            if (key == null || key.startsWith(State.TEMP_PREFIX)) {
                continue;
            }
            Object value = e.getValue();
            if (value == null || value == State.REMOVED) {
                if (keepRemovals) {
                    out.putNull(key);
                }
            } else {
                out.set(key, mapper().valueToTree(value));
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** A session state read from the store, as the mutable map ADK's sessions hold. */
    static ConcurrentHashMap<String, Object> state(Json state) {
        ConcurrentHashMap<String, Object> out = new ConcurrentHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        state.tree().properties().iterator();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull()) {
                out.put(e.getKey(), mapper().convertValue(e.getValue(), Object.class));
            }
        }
        return out;
    }

    /** The event as stored: ADK's own JSON of it, whole, without the {@code temp:} keys of its state delta. */
    static Json stored(Event event) {
        ObjectNode tree = (ObjectNode) mapper().valueToTree(event);
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
        return Json.of(tree);
    }

    /** An ADK event back from its stored row; a row that is not one is a clear error naming it and ADK's session id. */
    static Event event(io.agentstore.sessions.Event stored, String sessionId) {
        if (!EVENT_TYPE.equals(stored.type())) {
            throw Failures.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "event " + stored.seq() + " of session " + Failures.quote(sessionId) + " has type '" + stored.type()
                            + "', not an ADK event ('" + EVENT_TYPE + "'): it was not appended through ADK");
        }
        Event event;
        try {
            if (!stored.content().tree().isObject()) {
                throw new IllegalArgumentException("the stored content is not a JSON object");
            }
            event = mapper().treeToValue(stored.content().tree(), Event.class);
        } catch (Exception e) {
            throw Failures.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "event " + stored.seq() + " of session " + Failures.quote(sessionId)
                            + " cannot be read back as an ADK event (" + e.getMessage()
                            + "); its stored JSON is kept and readable with store.sessions().events(\""
                            + stored.sessionId() + "\", …)",
                    e);
        }
        EventActions actions = event.actions();
        if (actions != null && actions.stateDelta() != null) {
            actions.stateDelta().replaceAll((k, v) -> REMOVED_TEXT.equals(v) ? State.REMOVED : v);
        }
        return event;
    }

    /** The ADK session (ADK's own app name, user id and session id) of a stored one, with the given events. */
    static com.google.adk.sessions.Session session(
            Session stored, String appName, String userId, String sessionId, List<Event> events) {
        return com.google.adk.sessions.Session.builder(sessionId)
                .appName(appName)
                .userId(userId)
                .state(state(stored.state()))
                .events(events)
                .lastUpdateTime(stored.lastUpdateTime())
                .build();
    }

    /** An event's time, as ADK stamps it (milliseconds since the epoch). */
    static Instant time(Event event) {
        return Instant.ofEpochMilli(event.timestamp());
    }
}
