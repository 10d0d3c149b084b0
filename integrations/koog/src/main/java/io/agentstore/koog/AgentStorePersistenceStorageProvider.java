package io.agentstore.koog;

import ai.koog.agents.snapshot.feature.AgentCheckpointData;
import ai.koog.agents.snapshot.providers.AsyncPersistenceStorageProvider;
import ai.koog.agents.snapshot.providers.PersistenceUtils;
import ai.koog.agents.snapshot.providers.filters.AgentCheckpointPredicateFilter;
import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.internal.Failures;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.Namespaces;
import io.agentstore.memory.NewMemory;
import io.agentstore.search.Embedding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import kotlin.Unit;
import kotlinx.serialization.json.JsonKt;

/**
 * Koog's agent persistence on agentstore: every checkpoint Koog saves for a session (an agent
 * run) is kept, durable and shared by every instance and process on the store.
 *
 * <p>A checkpoint is one memory entry in {@code koog:<session>} (a session id that cannot be a
 * namespace segment stands there as {@code h-<its SHA-256>}), holding Koog's own JSON of it; its
 * key begins with the checkpoint's version, inverted, so that the highest version is the first
 * entry of the namespace (one index range, however many checkpoints the session holds), and ends
 * in a random UUID, so that no two saves ever clash: parallel nodes that save the same version
 * (both read the same parent) and several instances saving at once all succeed and all are kept,
 * as in Koog's in-memory provider (Koog's JDBC providers refuse the second).
 *
 * <p>Answers are those of Koog's {@code InMemoryPersistenceStorageProvider}: {@link
 * #getCheckpointsAsync} returns a session's checkpoints in the order saved, those the filter
 * accepts; {@link #getLatestCheckpointAsync} without a filter returns the one of the highest
 * version (the first saved of equals), with a filter the one created last among those it accepts
 * (the first saved of equals); an unknown session has none.
 *
 * <p>Calls run on the executor given (the caller's thread by default: each is one short
 * transaction). The store is the caller's: this provider does not close it.
 */
public final class AgentStorePersistenceStorageProvider
        extends AsyncPersistenceStorageProvider<AgentCheckpointPredicateFilter> {

    private static final String ROOT = "koog";

    /**
     * Koog's own JSON settings for checkpoints (unknown keys ignored, so a later Koog's fields do
     * not break reads), without its pretty printing: stored rows stay compact.
     */
    private static final kotlinx.serialization.json.Json JSON =
            JsonKt.Json(PersistenceUtils.INSTANCE.getDefaultCheckpointJson(), b -> {
                b.setPrettyPrint(false);
                return Unit.INSTANCE;
            });

    private static final int PAGE = 1_000;

    /** How many entries the latest-version read takes at first: ties on the highest version are rare. */
    private static final int FIRST_LOOK = 2;

    private final AgentStore store;
    private final Executor executor;

    /** A provider whose calls run in the calling thread. */
    public AgentStorePersistenceStorageProvider(AgentStore store) {
        this(store, Runnable::run);
    }

    /** A provider whose calls run on {@code executor} (e.g. a pool for blocking work). */
    public AgentStorePersistenceStorageProvider(AgentStore store, Executor executor) {
        this.store = Objects.requireNonNull(store, "store");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public CompletableFuture<List<AgentCheckpointData>> getCheckpointsAsync(
            String sessionId, AgentCheckpointPredicateFilter filter) {
        return call(() -> {
            List<AgentCheckpointData> out = new ArrayList<>();
            for (Stored s : all(namespace(sessionId))) {
                if (filter == null || filter.check(s.data())) {
                    out.add(s.data());
                }
            }
            return out;
        });
    }

    @Override
    public CompletableFuture<Boolean> saveCheckpointAsync(String sessionId, AgentCheckpointData checkpoint) {
        return call(() -> {
            String namespace = namespace(sessionId);
            if (checkpoint == null) {
                throw Failures.invalid("the checkpoint of session " + Failures.quote(sessionId) + " must not be null");
            }
            String json = JSON.encodeToString(AgentCheckpointData.Companion.serializer(), checkpoint);
            store.memory()
                    .add(NewMemory.of(namespace, key(checkpoint.getVersion()), Json.lazy(json))
                            .withMetadata(
                                    Map.of("koogSession", sessionId, "checkpointId", checkpoint.getCheckpointId()))
                            .withEmbedding(Embedding.none()));
            return true;
        });
    }

    @Override
    public CompletableFuture<AgentCheckpointData> getLatestCheckpointAsync(
            String sessionId, AgentCheckpointPredicateFilter filter) {
        return call(() -> {
            String namespace = namespace(sessionId);
            if (filter != null) {
                // Created last among those the filter accepts; the first saved of equals (all are read: the filter is
                // code).
                Stored best = null;
                for (Stored s : all(namespace)) {
                    if (filter.check(s.data())
                            && (best == null
                                    || s.data()
                                                    .getCreatedAt()
                                                    .compareTo(best.data().getCreatedAt())
                                            > 0)) {
                        best = s;
                    }
                }
                return best == null ? null : best.data();
            }
            return highestVersion(namespace).map(Stored::data).orElse(null);
        });
    }

    /** Deletes every checkpoint of a session (e.g. once its run is over); returns how many there were. */
    public int deleteCheckpoints(String sessionId) {
        String namespace = namespace(sessionId);
        List<String> keys = new ArrayList<>();
        for (Stored s : all(namespace)) {
            keys.add(s.entry().key());
        }
        return keys.isEmpty() ? 0 : store.memory().deleteKeys(namespace, keys);
    }

    /** The highest version's first saved checkpoint: the namespace's first entries, in key order. */
    private Optional<Stored> highestVersion(String namespace) {
        MemoryEntry first = null;
        Optional<PageRequest> request = Optional.of(PageRequest.first(FIRST_LOOK));
        while (request.isPresent()) {
            Page<MemoryEntry> page = store.memory().byPrefix(namespace, request.get());
            for (MemoryEntry e : page.items()) {
                if (first != null && !sameVersion(first.key(), e.key())) {
                    return Optional.of(read(first));
                }
                if (first == null || e.id() < first.id()) {
                    first = e; // of equal versions, the first saved (the lowest entry id)
                }
            }
            request = page.next().map(r -> r.withLimit(PAGE));
        }
        return Optional.ofNullable(first).map(AgentStorePersistenceStorageProvider::read);
    }

    /** A stored checkpoint: its entry, and Koog's object of it. */
    private record Stored(MemoryEntry entry, AgentCheckpointData data) {}

    /** Every checkpoint of the namespace, in the order saved. */
    private List<Stored> all(String namespace) {
        List<MemoryEntry> entries = new ArrayList<>();
        Optional<PageRequest> request = Optional.of(PageRequest.first(PAGE));
        while (request.isPresent()) {
            Page<MemoryEntry> page = store.memory().byPrefix(namespace, request.get());
            entries.addAll(page.items());
            request = page.next();
        }
        entries.sort(Comparator.comparingLong(MemoryEntry::id));
        List<Stored> out = new ArrayList<>(entries.size());
        for (MemoryEntry e : entries) {
            out.add(read(e));
        }
        return out;
    }

    private static Stored read(MemoryEntry e) {
        try {
            return new Stored(
                    e,
                    JSON.decodeFromString(
                            AgentCheckpointData.Companion.serializer(),
                            e.value().text()));
        } catch (RuntimeException x) {
            throw Failures.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "checkpoint " + Failures.quote(e.key()) + " in " + Failures.quote(e.namespace())
                            + " cannot be read back by this Koog (" + x.getMessage() + "); it is kept as stored",
                    x);
        }
    }

    /** The namespace of a session's checkpoints. */
    static String namespace(String sessionId) {
        return ROOT + ":" + Namespaces.segmentOf("the Koog session id", sessionId);
    }

    /**
     * A checkpoint's key: its version mapped so that key order is descending version order (16
     * hex digits of the bitwise complement of the version with its sign bit flipped), then a
     * random UUID.
     */
    static String key(long version) {
        return String.format("%016x", ~(version ^ Long.MIN_VALUE)) + "." + UUID.randomUUID();
    }

    private static boolean sameVersion(String a, String b) {
        return a.regionMatches(0, b, 0, 16);
    }

    private <T> CompletableFuture<T> call(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, executor);
    }
}
