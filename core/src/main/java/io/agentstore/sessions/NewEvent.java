package io.agentstore.sessions;

import io.agentstore.Json;
import io.agentstore.internal.Failures;
import java.time.Instant;
import java.util.Map;

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
public final class NewEvent {

    private final String type;
    private final String actor;
    private final Json content;
    private final Json stateDelta;
    private final Instant createdAt;

    private NewEvent(String type, String actor, Json content, Json stateDelta, Instant createdAt) {
        this.type = type;
        this.actor = actor;
        this.content = content;
        this.stateDelta = stateDelta;
        this.createdAt = createdAt;
    }

    /** An event stamped with the time of its append. */
    public NewEvent(String type, String actor, Json content, Json stateDelta) {
        this(type, actor, content, stateDelta, null);
    }

    public static NewEvent of(String type, String actor, Object content) {
        return new NewEvent(type, actor, Json.of(content), null, null);
    }

    public NewEvent withStateDelta(Map<String, ?> delta) {
        return new NewEvent(type, actor, content, Json.of(Failures.required(delta, "delta")), createdAt);
    }

    public NewEvent withStateDelta(Json delta) {
        return new NewEvent(type, actor, content, Failures.required(delta, "delta"), createdAt);
    }

    /**
     * The time the event happened, when it is not the time of the append: a history imported
     * from elsewhere, or a framework that stamps its own events. Events are still numbered in
     * append order ({@code seq}); their times need not follow it.
     */
    public NewEvent withCreatedAt(Instant value) {
        return new NewEvent(type, actor, content, stateDelta, Failures.required(value, "createdAt"));
    }

    public String type() {
        return type;
    }

    public String actor() {
        return actor;
    }

    public Json content() {
        return content;
    }

    public Json stateDelta() {
        return stateDelta;
    }

    public Instant createdAt() {
        return createdAt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewEvent o
                && java.util.Objects.equals(type, o.type)
                && java.util.Objects.equals(actor, o.actor)
                && java.util.Objects.equals(content, o.content)
                && java.util.Objects.equals(stateDelta, o.stateDelta)
                && java.util.Objects.equals(createdAt, o.createdAt);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(type, actor, content, stateDelta, createdAt);
    }

    @Override
    public String toString() {
        return "NewEvent[type=" + type + ", actor=" + actor + ", content=" + content + ", stateDelta=" + stateDelta
                + ", createdAt=" + createdAt + "]";
    }
}
