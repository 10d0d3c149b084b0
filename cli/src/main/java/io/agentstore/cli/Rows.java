package io.agentstore.cli;

import io.agentstore.memory.MemoryEntry;
import io.agentstore.sessions.Event;
import io.agentstore.sessions.Session;
import java.util.List;
import java.util.Map;

/** The store's records as output rows: the columns a table shows, and every field for --json. */
final class Rows {

    private Rows() {}

    static final List<String> SESSION_COLUMNS = List.of("id", "app", "user", "status", "events", "created", "updated");

    static Map<String, Object> session(Session s) {
        return Out.fields(
                "id", s.id(),
                "app", s.appName(),
                "user", s.userId(),
                "project", s.projectId(),
                "status", s.status(),
                "events", s.eventCount(),
                "created", s.createdAt(),
                "updated", s.lastUpdateTime(),
                "terminated", s.terminatedAt(),
                "archived", s.archivedAt(),
                "state", s.state(),
                "metadata", s.metadata());
    }

    static final List<String> EVENT_COLUMNS = List.of("seq", "created", "type", "actor", "content");

    static Map<String, Object> event(Event e) {
        return Out.fields(
                "session", e.sessionId(),
                "seq", e.seq(),
                "created", e.createdAt(),
                "type", e.type(),
                "actor", e.actor(),
                "content", e.content(),
                "stateDelta", e.stateDelta());
    }

    static final List<String> MEMORY_COLUMNS = List.of("namespace", "key", "version", "type", "updated", "value");

    static Map<String, Object> memory(MemoryEntry m) {
        return Out.fields(
                "id", m.id(),
                "namespace", m.namespace(),
                "key", m.key(),
                "version", m.version(),
                "current", m.current(),
                "deleted", m.deleted(),
                "type", m.type(),
                "value", m.value(),
                "metadata", m.metadata(),
                "createdBy", m.createdBy(),
                "updatedBy", m.updatedBy(),
                "created", m.createdAt(),
                "updated", m.updatedAt(),
                "expires", m.expiresAt(),
                "embedded", m.embedded());
    }
}
