package io.agentstore.internal.store;

import static io.agentstore.internal.store.AgentShapes.*;
import static io.agentstore.internal.store.Pages.AFTER_AT;

import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.agents.Agent;
import io.agentstore.agents.AgentRegistry;
import io.agentstore.agents.AgentState;
import io.agentstore.agents.NewAgent;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The agent registry on the library's database. */
final class AgentRegistryImpl implements AgentRegistry {

    private final Database db;

    AgentRegistryImpl(Database db) {
        this.db = db;
    }

    @Override
    public Agent spawn(NewAgent a) {
        if (a == null) {
            throw Failures.invalid("agent must not be null");
        }
        String id = a.id() == null ? UUID.randomUUID().toString() : Check.id("agent id", a.id());
        String name = Check.text("agent name", a.name(), 256);
        String specialization =
                a.specialization() == null ? null : Check.text("specialization", a.specialization(), 256);
        String task = Check.optionalId("task id", a.taskId());
        String session = Check.optionalId("session id", a.sessionId());
        String model = a.model() == null ? null : Check.text("model", a.model(), 256);
        String doing = "spawning agent " + Check.quote(id);
        return db.write(doing, c -> {
            return db.refusing(
                    doing + ": the id is taken",
                    doing + ": " + Check.missingReferences("task", task, "session", session),
                    () -> c.call(AGENT_INSERT)
                            .set(ID, id)
                            .set(NAME, name)
                            .set(SPECIALIZATION, specialization)
                            .set(TASK_ID, task)
                            .set(MODEL, model)
                            .set(SPAWNED_AT, db.now())
                            .set(SESSION_ID, session)
                            .one(AGENT)
                            .orElseThrow());
        });
    }

    @Override
    public Optional<Agent> get(String id) {
        Check.id("agent id", id);
        return db.read(
                "reading agent " + Check.quote(id),
                c -> c.call(AGENT_BY_ID).set(ID, id).one(AGENT));
    }

    @Override
    public Agent transition(String id, AgentState state) {
        Check.id("agent id", id);
        if (state == null) {
            throw Failures.invalid("agent state must not be null");
        }
        String doing = "moving agent " + Check.quote(id) + " to " + Stored.text(state);
        return db.write(doing, c -> {
            Instant now = db.now();
            Optional<Agent> moved = c.call(AGENT_TRANSITION)
                    .set(STATE, state)
                    .set(TERMINATED_AT, state == AgentState.TERMINATED ? now : null)
                    .set(ID, id)
                    .one(AGENT);
            if (moved.isPresent()) {
                return moved.get();
            }
            throw c.call(AGENT_FOR_WRITE).set(ID, id).one(AGENT).isPresent()
                    ? Failures.of(ErrorCode.CONFLICT, doing + ": the agent is terminated")
                    : Failures.of(ErrorCode.NOT_FOUND, doing + ": no such agent");
        });
    }

    /** An agent after a usage merge, with the merged usage's length in characters. */
    private record UsageMerged(Agent agent, int length) {}

    @Override
    public Agent recordUsage(String id, Map<String, ?> usage) {
        Check.id("agent id", id);
        if (usage == null) {
            throw Failures.invalid("usage must not be null");
        }
        String patch = Check.jsonObject("resource usage", Json.of(usage));
        String doing = "recording the resource usage of agent " + Check.quote(id);
        return db.write(doing, c -> {
            UsageMerged merged = c.call(AGENT_USAGE)
                    .set(USAGE, Stored.json(patch))
                    .set(ID, id)
                    .one(r -> new UsageMerged(AGENT.map(r), r.get(USAGE_LENGTH)))
                    .orElseThrow(() -> Failures.of(ErrorCode.NOT_FOUND, doing + ": no such agent"));
            int length = merged.length();
            if (length > Check.MAX_JSON) {
                // Thrown inside the write: the merge is undone.
                throw Failures.invalid(doing + ": the resource usage would grow to " + length
                        + " characters of JSON; the limit is " + Check.MAX_JSON);
            }
            return merged.agent();
        });
    }

    private <T> Page<Agent> by(String listing, Shape shape, Param<T> param, T value, String shown, PageRequest page) {
        return Pages.keyset(
                db,
                "listing " + listing + " " + Check.quote(shown),
                listing + ":" + shown,
                page,
                new String[] {"", ""},
                (c, after) -> c.call(shape)
                        .set(param, value)
                        .set(AFTER_AT, Pages.time(after[0]))
                        .set(AFTER_ID, after[1]),
                AGENT,
                a -> new String[] {Timestamps.format(a.spawnedAt()), a.id()});
    }

    @Override
    public Page<Agent> byTask(String taskId, PageRequest page) {
        String task = Check.id("task id", taskId);
        return by("agentsByTask", AGENTS_BY_TASK, TASK_ID, task, task, page);
    }

    @Override
    public Page<Agent> bySession(String sessionId, PageRequest page) {
        String session = Check.id("session id", sessionId);
        return by("agentsBySession", AGENTS_BY_SESSION, SESSION_ID, session, session, page);
    }

    @Override
    public Page<Agent> byState(AgentState state, PageRequest page) {
        if (state == null) {
            throw Failures.invalid("agent state must not be null");
        }
        return by("agentsByState", AGENTS_BY_STATE, STATE, state, Stored.text(state), page);
    }
}
