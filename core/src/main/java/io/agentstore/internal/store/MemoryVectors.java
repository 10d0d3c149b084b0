package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.MEMORY_ENTRIES;
import static io.agentstore.internal.db.Tables.MEMORY_VECTORS;
import static io.agentstore.internal.db.Tables.MEMORY_VECTOR_CHANGES;
import static io.agentstore.internal.store.VectorShapes.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentstore.Json;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Call;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.shape.Row;
import io.agentstore.internal.vector.MetadataMatch;
import io.agentstore.internal.vector.VectorIndex;
import io.agentstore.internal.vector.Vectors;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.MemoryType;
import io.agentstore.search.Embedding;
import io.agentstore.search.SearchHit;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Semantic search over memory: what a write's vector is (computed before the write), what the
 * write stores and tells the change feed (inside it), and the search (a {@link SyncedIndex} of
 * the current searchable versions, grouped by namespace, re-scored exactly).
 */
final class MemoryVectors {

    static final String SPACE_NAME = "memory";

    /** Texts per call of the embedder in a batch write. */
    static final int EMBED_BATCH = 256;

    /** Ties in (namespace, key) order. */
    static final Comparator<MemoryEntry> TIES =
            Comparator.comparing(MemoryEntry::namespace).thenComparing(MemoryEntry::key);

    private final Database db;
    private final VectorSpace space;
    private final List<String> storeFields;
    private final SyncedIndex index;

    MemoryVectors(Database db) {
        this.db = db;
        this.space = new VectorSpace(db, SPACE_NAME);
        this.storeFields = db.options().embeddedFields();
        this.index = new SyncedIndex(
                db,
                new SyncedIndex.Source(
                        "memory",
                        MEMORY_VECTOR_HORIZON,
                        r -> r.get(HORIZON),
                        MEMORY_VECTOR_FEED,
                        FROM,
                        MemoryVectors::change,
                        VectorShapes.MEMORY_VECTOR_FLOOR,
                        MEMORY_VECTORS_LOAD,
                        AFTER_ID,
                        Pages.LIMIT,
                        r -> item(
                                r,
                                r.get(MEMORY_ENTRIES.NAMESPACE),
                                r.get(MEMORY_ENTRIES.KEY),
                                r.get(MEMORY_ENTRIES.ID),
                                r.get(MEMORY_VECTORS.VECTOR))));
    }

    // ---- before a write ----

    /** What one write asks to embed. */
    record Request(Json value, Embedding embedding, String what) {}

    /**
     * The unit vector of each write (null where it has none), computed before the write: the
     * embedder is called once per {@value #EMBED_BATCH} texts.
     */
    float[][] vectors(List<Request> requests) {
        float[][] out = new float[requests.size()][];
        List<Integer> pending = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        boolean embeds = space.embedder().isPresent();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            Embedding e = r.embedding();
            String text = null;
            switch (e.source()) {
                case NONE -> {}
                case VECTOR -> {
                    float[] v = e.vector().orElseThrow();
                    out[i] = Vectors.unit(v, space.expectedDimensions(v.length), r.what());
                }
                case FIELDS -> {
                    if (!embeds) {
                        throw Failures.invalid(r.what() + ": embedding fields " + e.fields()
                                + " needs a store opened with an embedder (StoreOptions.withEmbedder)");
                    }
                    text = fieldsText(r.value(), e.fields());
                }
                case DEFAULT -> {
                    if (embeds) {
                        text = storeFields.isEmpty() ? valueText(r.value()) : fieldsText(r.value(), storeFields);
                    }
                }
            }
            if (text != null && !text.isBlank()) { // blank text has no meaning to embed
                pending.add(i);
                texts.add(text);
            }
        }
        for (int from = 0; from < texts.size(); from += EMBED_BATCH) {
            int to = Math.min(texts.size(), from + EMBED_BATCH);
            List<float[]> vs = space.embed(
                    texts.subList(from, to), requests.get(pending.get(from)).what());
            for (int j = 0; j < vs.size(); j++) {
                out[pending.get(from + j)] = vs.get(j);
            }
        }
        return out;
    }

    /** Whether any of these writes has a vector to compute or check (else they skip {@link #vectors}). */
    boolean embedsAny(List<MemoryStoreImpl.Checked> writes) {
        if (space.embedder().isPresent()) {
            return true;
        }
        for (MemoryStoreImpl.Checked m : writes) {
            if (m.embedding().source() == Embedding.Source.VECTOR
                    || m.embedding().source() == Embedding.Source.FIELDS) {
                return true;
            }
        }
        return false;
    }

    /** A JSON string as itself, anything else as its JSON text. */
    static String valueText(Json value) {
        JsonNode n = value.tree();
        return n.isTextual() ? n.textValue() : value.text();
    }

    /** The chosen fields' texts joined by newlines; null when the value has none of them. */
    static String fieldsText(Json value, List<String> fields) {
        JsonNode root = value.tree();
        StringBuilder out = new StringBuilder();
        boolean any = false;
        for (String f : fields) {
            JsonNode n = f.startsWith("/") ? root.at(f) : root.get(f);
            if (n == null || n.isMissingNode() || n.isNull()) {
                continue;
            }
            if (any) {
                out.append('\n');
            }
            out.append(n.isTextual() ? n.textValue() : n.toString());
            any = true;
        }
        return any ? out.toString() : null;
    }

    // ---- inside a write ----

    /** The space must be this store's model at this dimension (see {@link VectorSpace#require}). */
    VectorSpace.Recorded requireSpace(Conn c, int dimensions, String doing) throws SQLException {
        return space.require(c, space.ownModel(), dimensions, doing);
    }

    /** After a write that checked the space committed. */
    void committed(VectorSpace.Recorded r) {
        space.committed(r);
    }

    /** Stores a new version's vector. */
    static void store(Conn c, long entryId, float[] unit) throws SQLException {
        c.call(MEMORY_VECTOR_INSERT)
                .set(ENTRY_ID, entryId)
                .set(VECTOR, Vectors.encode(unit))
                .update();
    }

    /** Stores the vectors of many new versions: {@value MemoryShapes#BULK} to a statement, the rest one by one. */
    static void storeAll(Conn c, List<Long> ids, List<float[]> units) throws SQLException {
        int i = 0;
        for (; i + MemoryShapes.BULK <= ids.size(); i += MemoryShapes.BULK) {
            Call call = c.call(MEMORY_VECTOR_INSERT_BULK);
            for (int j = 0; j < MemoryShapes.BULK; j++) {
                call.set(BULK_IDS.get(j), ids.get(i + j)).set(BULK_VECTORS.get(j), Vectors.encode(units.get(i + j)));
            }
            call.update();
        }
        for (; i < ids.size(); i++) {
            store(c, ids.get(i), units.get(i));
        }
    }

    /** Tells the feed of many keys at once, as {@link #storeAll} stores. */
    static void changedAll(Conn c, List<String> namespaces, List<String> keys) throws SQLException {
        int i = 0;
        for (; i + MemoryShapes.BULK <= keys.size(); i += MemoryShapes.BULK) {
            Call call = c.call(MEMORY_VECTOR_CHANGE_BULK);
            for (int j = 0; j < MemoryShapes.BULK; j++) {
                call.set(BULK_NAMESPACES.get(j), namespaces.get(i + j)).set(BULK_KEYS.get(j), keys.get(i + j));
            }
            call.update();
        }
        for (; i < keys.size(); i++) {
            changed(c, namespaces.get(i), keys.get(i));
        }
    }

    /** Tells the feed that a key's searchable version changed. */
    static void changed(Conn c, String namespace, String key) throws SQLException {
        c.call(MEMORY_VECTOR_CHANGE).set(NAMESPACE, namespace).set(KEY, key).update();
    }

    // ---- search ----

    /**
     * The best entries of the namespaces under {@code prefixes} (null for all), exact.
     * {@code shadow} (may be null) is made for the index being scanned, under its lock.
     */
    List<SearchHit<MemoryEntry>> search(
            MemorySearch s, Collection<String> prefixes, Function<VectorIndex, VectorIndex.Shadow> shadow) {
        Optional<float[]> q = space.query(s.queryText(), s.queryVector(), "searching memory");
        if (q.isEmpty()) {
            return List.of();
        }
        VectorIndex.Filter filter = new VectorIndex.Filter(
                s.type().map(MemoryType::ordinal).orElse(-1),
                s.createdBy().orElse(null),
                s.updatedFrom().map(MemoryVectors::micros).orElse(Long.MIN_VALUE),
                s.updatedTo().map(MemoryVectors::micros).orElse(Long.MAX_VALUE),
                micros(db.now()),
                s.filters());
        return index.search(
                q.get(), prefixes, filter, shadow, s.limit(), s.minScore().orElse(-2), this::ranked, TIES);
    }

    /** The rows and stored vectors of candidates still current, {@value VectorShapes#RANKED} ids a statement. */
    private List<SyncedIndex.Fetched<MemoryEntry>> ranked(List<Long> ids) {
        return db.read("re-scoring memory search candidates", c -> {
            List<SyncedIndex.Fetched<MemoryEntry>> out = new ArrayList<>(ids.size());
            for (int from = 0; from < ids.size(); from += RANKED) {
                Call call = c.call(MEMORY_VECTORS_RANKED);
                for (int j = 0; j < RANKED; j++) {
                    call.set(RANKED_IDS.get(j), from + j < ids.size() ? ids.get(from + j) : -1L);
                }
                call.forEach(r -> out.add(new SyncedIndex.Fetched<>(
                        MemoryShapes.ENTRY.map(r), Vectors.decode(r.get(MEMORY_VECTORS.VECTOR)))));
            }
            return out;
        });
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    private static SyncedIndex.Change change(Row r) throws SQLException {
        String ns = r.get(MEMORY_VECTOR_CHANGES.NAMESPACE);
        String key = r.get(MEMORY_VECTOR_CHANGES.KEY);
        Long id = r.get(MEMORY_ENTRIES.ID);
        byte[] vector = r.get(MEMORY_VECTORS.VECTOR);
        return new SyncedIndex.Change(ns, key, id == null || vector == null ? null : item(r, ns, key, id, vector));
    }

    private static VectorIndex.Item item(Row r, String ns, String key, long id, byte[] v) throws SQLException {
        Instant expires = r.get(MEMORY_ENTRIES.EXPIRES_AT);
        return new VectorIndex.Item(
                id,
                ns,
                key,
                r.get(MEMORY_ENTRIES.MEMORY_TYPE).ordinal(),
                r.get(MEMORY_ENTRIES.CREATED_BY),
                micros(r.get(MEMORY_ENTRIES.UPDATED_AT)),
                expires == null ? Long.MAX_VALUE : micros(expires),
                MetadataMatch.of(Stored.json(r.get(MEMORY_ENTRIES.METADATA)).tree()),
                Vectors.decode(v));
    }
}
