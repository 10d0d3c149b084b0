package io.agentstore.internal;

import static io.agentstore.internal.OtherShapes.AGENTS_BY_SESSION;
import static io.agentstore.internal.OtherShapes.AGENTS_BY_STATE;
import static io.agentstore.internal.OtherShapes.AGENTS_BY_TASK;
import static io.agentstore.internal.OtherShapes.AGENT_BY_ID;
import static io.agentstore.internal.OtherShapes.AGENT_FOR_WRITE;
import static io.agentstore.internal.OtherShapes.AGENT_INSERT;
import static io.agentstore.internal.OtherShapes.AGENT_TRANSITION;
import static io.agentstore.internal.OtherShapes.AGENT_USAGE;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.agents.Agent;
import io.agentstore.agents.AgentRegistry;
import io.agentstore.agents.AgentState;
import io.agentstore.agents.NewAgent;
import io.agentstore.db.converters.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    static Agent map(ResultSet rs) throws SQLException {
        return new Agent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), AgentState.fromDb(rs.getString(5)),
                rs.getString(6), Rows.instant(rs, 7), Rows.instant(rs, 8), Json.lazy(rs.getString(9)), rs.getString(10));
    }

    @Override
    public Agent spawn(NewAgent a) {
        if (a == null) {
            throw AgentStoreException.invalid("agent must not be null");
        }
        String id = a.id() == null ? UUID.randomUUID().toString() : Check.id("agent id", a.id());
        String name = Check.text("agent name", a.name(), 256);
        String specialization = a.specialization() == null ? null : Check.text("specialization", a.specialization(), 256);
        String task = Check.optionalId("task id", a.taskId());
        String session = Check.optionalId("session id", a.sessionId());
        String model = a.model() == null ? null : Check.text("model", a.model(), 256);
        String doing = "spawning agent " + Check.quote(id);
        return db.write(doing, c -> {
            return db.refusing(doing + ": the id is taken", doing + ": task " + Check.quote(task) + " or session "
                    + Check.quote(session) + " does not exist", () -> c.call(AGENT_INSERT).set("id", id).set("name", name)
                    .set("specialization", specialization).set("taskId", task).set("model", model)
                    .set("spawnedAt", db.now()).set("sessionId", session).one(AgentRegistryImpl::map).orElseThrow());
        });
    }

    @Override
    public Optional<Agent> get(String id) {
        Check.id("agent id", id);
        return db.read("reading agent " + Check.quote(id), c -> c.call(AGENT_BY_ID).set("id", id).one(AgentRegistryImpl::map));
    }

    @Override
    public Agent transition(String id, AgentState state) {
        Check.id("agent id", id);
        if (state == null) {
            throw AgentStoreException.invalid("agent state must not be null");
        }
        String doing = "moving agent " + Check.quote(id) + " to " + state.dbValue();
        return db.write(doing, c -> {
            Instant now = db.now();
            Optional<Agent> moved = c.call(AGENT_TRANSITION).set("state", state.dbValue())
                    .set("terminatedAt", state == AgentState.TERMINATED ? now : null).set("id", id)
                    .one(AgentRegistryImpl::map);
            if (moved.isPresent()) {
                return moved.get();
            }
            throw c.call(AGENT_FOR_WRITE).set("id", id).one(AgentRegistryImpl::map).isPresent()
                    ? new AgentStoreException(ErrorCode.CONFLICT, doing + ": the agent is terminated")
                    : new AgentStoreException(ErrorCode.NOT_FOUND, doing + ": no such agent");
        });
    }

    @Override
    public Agent recordUsage(String id, Map<String, ?> usage) {
        Check.id("agent id", id);
        if (usage == null) {
            throw AgentStoreException.invalid("usage must not be null");
        }
        String patch = Check.jsonObject("resource usage", Json.of(usage));
        String doing = "recording the resource usage of agent " + Check.quote(id);
        return db.write(doing, c -> c.call(AGENT_USAGE).set("usage", patch).set("id", id).one(AgentRegistryImpl::map)
                .orElseThrow(() -> new AgentStoreException(ErrorCode.NOT_FOUND, doing + ": no such agent")));
    }

    private Page<Agent> by(String listing, Shape shape, String param, String value, int limit, String cursor) {
        return Pages.keyset(db, "listing " + listing + " " + Check.quote(value), listing + ":" + value, limit, cursor,
                new String[] {"", ""},
                (c, after) -> c.call(shape).set(param, value).set("afterAt", after[0]).set("afterId", after[1]),
                AgentRegistryImpl::map, a -> new String[] {Timestamps.format(a.spawnedAt()), a.id()});
    }

    @Override
    public Page<Agent> byTask(String taskId, int limit, String cursor) {
        return by("agentsByTask", AGENTS_BY_TASK, "taskId", Check.id("task id", taskId), limit, cursor);
    }

    @Override
    public Page<Agent> bySession(String sessionId, int limit, String cursor) {
        return by("agentsBySession", AGENTS_BY_SESSION, "sessionId", Check.id("session id", sessionId), limit, cursor);
    }

    @Override
    public Page<Agent> byState(AgentState state, int limit, String cursor) {
        if (state == null) {
            throw AgentStoreException.invalid("agent state must not be null");
        }
        return by("agentsByState", AGENTS_BY_STATE, "state", state.dbValue(), limit, cursor);
    }
}
