package io.agentstore.sessions;

import io.agentstore.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An event to append: its type (e.g. {@code message}, {@code tool_call}), who produced it,
 * its content, and optionally a state delta applied to the session state in the same
 * transaction.
 *
 * <p>The delta is a JSON merge patch (RFC 7396) over the state object: each key is set, a
 * {@code null} value removes the key, and a nested object is merged into the nested object it
 * replaces. Keys with the {@code temp:} prefix are dropped before anything is written: they live
 * for one turn and are never persisted.
 */
public record NewEvent(String type, String actor, Json content, Json stateDelta, Instant createdAt) {

    /** An event stamped with the time of its append. */
    public NewEvent(String type, String actor, Json content, Json stateDelta) {
        this(type, actor, content, stateDelta, null);
    }

    public static NewEvent of(String type, String actor, Object content) {
        return new NewEvent(type, actor, Json.of(content), null, null);
    }

    public NewEvent withStateDelta(Map<String, ?> delta) {
        return new NewEvent(type, actor, content, Json.of(Objects.requireNonNull(delta, "delta")), createdAt);
    }

    public NewEvent withStateDelta(Json delta) {
        return new NewEvent(type, actor, content, Objects.requireNonNull(delta, "delta"), createdAt);
    }

    /**
     * The time the event happened, when it is not the time of the append: a history imported
     * from elsewhere, or a framework that stamps its own events. Events are still numbered in
     * append order ({@code seq}); their times need not follow it.
     */
    public NewEvent withCreatedAt(Instant value) {
        return new NewEvent(type, actor, content, stateDelta, Objects.requireNonNull(value, "createdAt"));
    }
}
