package io.agentstore.koog;

import ai.koog.agents.snapshot.feature.AgentCheckpointData;
import ai.koog.agents.snapshot.feature.GraphCheckpointProperties;
import ai.koog.agents.snapshot.providers.PersistenceStorageProvider;
import ai.koog.agents.snapshot.providers.PersistenceUtils;
import ai.koog.agents.snapshot.providers.filters.AgentCheckpointPredicateFilter;
import ai.koog.prompt.message.Message;
import ai.koog.prompt.message.RequestMetaInfo;
import ai.koog.serialization.JSONPrimitive;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.time.Instant;
import kotlinx.coroutines.BuildersKt;

/** Koog from Java, for the tests: checkpoints, and its suspending provider API called as Koog calls it. */
final class Koog {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Koog() {}

    /** A checkpoint as Koog's Persistence feature makes one after a node: a message, the node's path and output. */
    static AgentCheckpointData checkpoint(String id, long createdAtMillis, long version, String node, String text) {
        Instant at = Instant.Companion.fromEpochMilliseconds(createdAtMillis);
        List<Message> history = List.of(new Message.User(text, new RequestMetaInfo(at, null), null, null));
        return new AgentCheckpointData(
                id, at, history, null, version, new GraphCheckpointProperties(node, JSONPrimitive.Companion.of(text)));
    }

    static List<AgentCheckpointData> list(
            PersistenceStorageProvider<AgentCheckpointPredicateFilter> p,
            String session,
            AgentCheckpointPredicateFilter filter) {
        return await((scope, cont) -> p.getCheckpoints(session, filter, cont));
    }

    static AgentCheckpointData latest(
            PersistenceStorageProvider<AgentCheckpointPredicateFilter> p,
            String session,
            AgentCheckpointPredicateFilter filter) {
        return await((scope, cont) -> p.getLatestCheckpoint(session, filter, cont));
    }

    static void save(
            PersistenceStorageProvider<AgentCheckpointPredicateFilter> p, String session, AgentCheckpointData data) {
        await((scope, cont) -> p.saveCheckpoint(session, data, cont));
    }

    /** Koog's own JSON of a checkpoint, as a tree (compared whole; object key order does not count). */
    static JsonNode json(AgentCheckpointData data) {
        if (data == null) {
            return NullNode.getInstance();
        }
        try {
            return MAPPER.readTree(PersistenceUtils.INSTANCE
                    .getDefaultCheckpointJson()
                    .encodeToString(AgentCheckpointData.Companion.serializer(), data));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(List<AgentCheckpointData> list) {
        ArrayNode a = MAPPER.createArrayNode();
        list.forEach(d -> a.add(json(d)));
        return a;
    }

    private static <T> T await(
            kotlin.jvm.functions.Function2<
                            kotlinx.coroutines.CoroutineScope, kotlin.coroutines.Continuation<? super T>, Object>
                    block) {
        try {
            return BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE, block);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
