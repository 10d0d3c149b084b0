package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.AGENTS;
import static io.agentstore.internal.store.Pages.AFTER_AT;
import static io.agentstore.internal.store.Pages.LIMIT;
import static org.jooq.impl.DSL.charLength;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.row;

import io.agentstore.agents.Agent;
import io.agentstore.agents.AgentState;
import io.agentstore.internal.db.tables.Agents;
import io.agentstore.internal.shape.Columns;
import io.agentstore.internal.shape.EngineSql;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.TableField;
import org.jooq.impl.SQLDataType;

/** The query shapes of the agent registry. */
final class AgentShapes {

    private AgentShapes() {}

    private static final Agents A = AGENTS;

    static final Param<String> ID = Param.of("id", A.ID);
    static final Param<String> NAME = Param.of("name", A.NAME);
    static final Param<String> SPECIALIZATION = Param.of("specialization", A.SPECIALIZATION);
    static final Param<String> TASK_ID = Param.of("taskId", A.TASK_ID);
    static final Param<String> MODEL = Param.of("model", A.MODEL);
    static final Param<Instant> SPAWNED_AT = Param.of("spawnedAt", A.SPAWNED_AT);
    static final Param<String> SESSION_ID = Param.of("sessionId", A.SESSION_ID);
    static final Param<AgentState> STATE = Param.of("state", A.STATE);
    static final Param<Instant> TERMINATED_AT = Param.of("terminatedAt", A.TERMINATED_AT);
    static final Param<JSON> USAGE = Param.of("usage", A.RESOURCE_USAGE);
    static final Param<String> AFTER_ID = Param.of("afterId", A.ID);

    /** The resource usage's length in characters after a merge, returned so it can be refused past the limit. */
    static final Field<Integer> USAGE_LENGTH = charLength(A.RESOURCE_USAGE.cast(SQLDataType.CLOB));

    /** An agent row. */
    static final Columns<Agent> AGENT = Columns.of(
            List.of(
                    A.ID,
                    A.NAME,
                    A.SPECIALIZATION,
                    A.TASK_ID,
                    A.STATE,
                    A.MODEL,
                    A.SPAWNED_AT,
                    A.TERMINATED_AT,
                    A.RESOURCE_USAGE,
                    A.SESSION_ID),
            r -> new AgentRow(
                    r.get(A.ID),
                    r.get(A.NAME),
                    r.get(A.SPECIALIZATION),
                    r.get(A.TASK_ID),
                    r.get(A.STATE),
                    r.get(A.MODEL),
                    r.get(A.SPAWNED_AT),
                    r.get(A.TERMINATED_AT),
                    Stored.json(r.get(A.RESOURCE_USAGE)),
                    r.get(A.SESSION_ID)));

    static final Shape AGENT_INSERT = Shape.write(
            "agentInsert",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.insertInto(
                                    A,
                                    A.ID,
                                    A.NAME,
                                    A.SPECIALIZATION,
                                    A.TASK_ID,
                                    A.STATE,
                                    A.MODEL,
                                    A.SPAWNED_AT,
                                    A.SESSION_ID)
                            .values(
                                    ID.field(),
                                    NAME.field(),
                                    SPECIALIZATION.field(),
                                    TASK_ID.field(),
                                    inline(AgentState.IDLE, A.STATE),
                                    MODEL.field(),
                                    SPAWNED_AT.field(),
                                    SESSION_ID.field()),
                    AGENT.fields()));

    static final Shape AGENT_BY_ID =
            Shape.read("agentById", dsl -> dsl.select(AGENT.fields()).from(A).where(A.ID.eq(ID.field())));

    static final Shape AGENT_FOR_WRITE = AGENT_BY_ID.forWriter();

    static final Shape AGENT_TRANSITION = Shape.write(
            "agentTransition",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.update(A)
                            .set(A.STATE, STATE.field())
                            .set(A.TERMINATED_AT, TERMINATED_AT.field())
                            .where(A.ID.eq(ID.field()))
                            .and(A.STATE.ne(inline(AgentState.TERMINATED, A.STATE))),
                    AGENT.fields()));

    static final Shape AGENT_USAGE = Shape.write(
            "agentUsage",
            dsl -> EngineSql.returning(
                    dsl,
                    dsl.update(A)
                            .set(A.RESOURCE_USAGE, EngineSql.jsonMergePatch(dsl, A.RESOURCE_USAGE, USAGE.field()))
                            .where(A.ID.eq(ID.field())),
                    withUsageLength()));

    private static List<Field<?>> withUsageLength() {
        List<Field<?>> out = new ArrayList<>(AGENT.fields());
        out.add(USAGE_LENGTH);
        return out;
    }

    private static <T> Shape agentsBy(String name, TableField<?, T> column, Param<T> value) {
        return Shape.read(
                name,
                dsl -> dsl.select(AGENT.fields())
                        .from(A)
                        .where(column.eq(value.field()))
                        .and(row(A.SPAWNED_AT, A.ID).gt(AFTER_AT.field(), AFTER_ID.field()))
                        .orderBy(A.SPAWNED_AT, A.ID)
                        .limit(LIMIT.field()));
    }

    static final Shape AGENTS_BY_TASK = agentsBy("agentsByTask", A.TASK_ID, TASK_ID);
    static final Shape AGENTS_BY_SESSION = agentsBy("agentsBySession", A.SESSION_ID, SESSION_ID);
    static final Shape AGENTS_BY_STATE = agentsBy("agentsByState", A.STATE, STATE);
}
