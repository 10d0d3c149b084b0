package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.MEMORY_ENTRIES;
import static io.agentstore.internal.db.Tables.MEMORY_VECTORS;
import static io.agentstore.internal.db.Tables.MEMORY_VECTOR_CHANGES;
import static io.agentstore.internal.db.Tables.VECTOR_SPACES;
import static io.agentstore.internal.store.VectorShapes.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.vector.Dot;
import io.agentstore.internal.vector.MetadataMatch;
import io.agentstore.internal.vector.VectorIndex;
import io.agentstore.internal.vector.Vectors;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.MemoryType;
import io.agentstore.search.Embedder;
import io.agentstore.search.Embedding;
import io.agentstore.search.SearchHit;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Semantic search over memory: what a write's vector is (computed before the write), what the
 * write stores and tells the change feed (inside it), and the search itself — this process's
 * {@link VectorIndex}, brought up to date from the feed before each search, then the exact
 * re-scoring of its candidates with the stored vectors.
 */
final class MemoryVectors {

    static final String SPACE_NAME = "memory";

    /** The model recorded for vectors callers give to a store that has no embedder. */
    static final String CALLER_MODEL = "caller-supplied";

    /** Texts per call of the embedder in a batch write. */
    static final int EMBED_BATCH = 256;

    /** Searchable versions read per statement when an index is built. */
    static final int LOAD_PAGE = 5_000;

    private final Database db;
    private final Embedder embedder;
    private final List<String> storeFields;

    /** The store's space once read from the database (it never changes after its first vector). */
    private volatile Space space;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Object syncing = new Object();
    /** Null until the first search builds it. */
    private VectorIndex index;

    private long horizon;

    record Space(String model, int dimensions) {}

    MemoryVectors(Database db) {
        this.db = db;
        this.embedder = db.options().embedder().orElse(null);
        this.storeFields = db.options().embeddedFields();
    }

    /** The model this store's own vectors are recorded under. */
    private String model() {
        return embedder == null ? CALLER_MODEL : embedder.model();
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
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            Embedding e = r.embedding();
            switch (e.source()) {
                case NONE -> {}
                case VECTOR -> {
                    float[] v = e.vector().orElseThrow();
                    int dims = embedder != null ? embedder.dimensions() : knownDimensions(v.length);
                    out[i] = Vectors.unit(v, dims, r.what());
                }
                case FIELDS -> {
                    if (embedder == null) {
                        throw Failures.invalid(r.what() + ": embedding fields " + e.fields()
                                + " needs a store opened with an embedder (StoreOptions.withEmbedder)");
                    }
                    String text = fieldsText(r.value(), e.fields());
                    if (text != null) {
                        pending.add(i);
                        texts.add(text);
                    }
                }
                case DEFAULT -> {
                    if (embedder != null) {
                        String text = storeFields.isEmpty() ? valueText(r.value()) : fieldsText(r.value(), storeFields);
                        if (text != null) {
                            pending.add(i);
                            texts.add(text);
                        }
                    }
                }
            }
        }
        for (int from = 0; from < texts.size(); from += EMBED_BATCH) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + EMBED_BATCH));
            List<float[]> vs = embed(chunk);
            for (int j = 0; j < vs.size(); j++) {
                int i = pending.get(from + j);
                out[i] = embedded(vs.get(j), requests.get(i).what());
            }
        }
        return out;
    }

    /** The dimension a caller's vector must have when the store has no embedder: the space's, once there is one. */
    private int knownDimensions(int given) {
        Space s = space;
        return s == null ? Math.min(given, Vectors.MAX_DIMENSIONS + 1) : s.dimensions();
    }

    private List<float[]> embed(List<String> texts) {
        List<float[]> vs;
        try {
            vs = embedder.embed(List.copyOf(texts));
        } catch (RuntimeException e) {
            throw Failures.of(
                    ErrorCode.STORAGE,
                    "the embedder " + Check.quote(embedder.model()) + " failed: " + e.getMessage(),
                    e);
        }
        if (vs == null || vs.size() != texts.size()) {
            throw Failures.of(
                    ErrorCode.STORAGE,
                    "the embedder " + Check.quote(embedder.model()) + " returned "
                            + (vs == null ? "null" : vs.size() + " vectors") + " for " + texts.size() + " texts");
        }
        return vs;
    }

    private float[] embedded(float[] v, String what) {
        try {
            return Vectors.unit(
                    v,
                    embedder.dimensions(),
                    what + ", as the embedder " + Check.quote(embedder.model()) + " returned it");
        } catch (AgentStoreException e) {
            throw Failures.of(ErrorCode.STORAGE, e.getMessage(), e);
        }
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

    /**
     * The store's space must be this model and dimension: recorded by the first vector written,
     * refused (INVALID_ARGUMENT, nothing written) when another model's or dimension's vectors are
     * there already.
     */
    Space requireSpace(Conn c, int dimensions, String doing) throws SQLException {
        Space s = space;
        if (s == null) {
            c.call(VECTOR_SPACE_INSERT)
                    .set(SPACE, SPACE_NAME)
                    .set(MODEL, model())
                    .set(DIMENSIONS, dimensions)
                    .update();
            s = c.call(VECTOR_SPACE_FOR_WRITE)
                    .set(SPACE, SPACE_NAME)
                    .one(MemoryVectors::space)
                    .orElseThrow();
        }
        check(s, dimensions, doing);
        return s;
    }

    /**
     * After a write that checked the space committed: the space is kept from then on (only a
     * committed space is kept: a write that recorded it may still have been undone).
     */
    void committed(Space s) {
        if (s != null && space == null) {
            space = s;
        }
    }

    private void check(Space s, int dimensions, String doing) {
        if (!s.model().equals(model())) {
            throw Failures.invalid(doing + ": the store's memory vectors are of the model " + Check.quote(s.model())
                    + ", this store's are of " + Check.quote(model())
                    + " (vectors of two models cannot be ranked together)");
        }
        if (s.dimensions() != dimensions) {
            throw Failures.invalid(doing + ": the vector has " + dimensions + " dimensions, the store's memory vectors "
                    + s.dimensions() + " (model " + Check.quote(s.model()) + ")");
        }
    }

    private static Space space(io.agentstore.internal.shape.Row r) throws SQLException {
        return new Space(r.get(VECTOR_SPACES.MODEL), r.get(VECTOR_SPACES.DIMENSIONS));
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
            var call = c.call(MEMORY_VECTOR_INSERT_BULK);
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
            var call = c.call(MEMORY_VECTOR_CHANGE_BULK);
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

    /** The space as stored, read once it exists. */
    private Optional<Space> storedSpace() {
        Space s = space;
        if (s != null) {
            return Optional.of(s);
        }
        Optional<Space> read = db.read(
                "reading the memory's embedding space",
                c -> c.call(VECTOR_SPACE).set(SPACE, SPACE_NAME).one(MemoryVectors::space));
        read.ifPresent(found -> space = found);
        return read;
    }

    /** The unit query of a search, checked against the store's space; empty when nothing was ever embedded. */
    private Optional<float[]> query(MemorySearch s) {
        String what = "searching memory";
        if (s.queryText().isPresent() && embedder == null) {
            throw Failures.invalid(what + " by text needs a store opened with an embedder"
                    + " (StoreOptions.withEmbedder), or a query vector");
        }
        Optional<Space> stored = storedSpace();
        if (stored.isEmpty()) {
            if (s.queryVector().isPresent()) {
                float[] v = s.queryVector().get();
                Vectors.unit(v, embedder != null ? embedder.dimensions() : v.length, what); // still refuse bad input
            }
            return Optional.empty();
        }
        Space sp = stored.get();
        if (embedder != null && !sp.model().equals(embedder.model())) {
            throw Failures.invalid(what + ": the store's memory vectors are of the model " + Check.quote(sp.model())
                    + ", the query would be embedded by " + Check.quote(embedder.model()));
        }
        if (s.queryText().isPresent()) {
            return Optional.of(embedded(embed(List.of(s.queryText().get())).get(0), what));
        }
        return Optional.of(Vectors.unit(
                s.queryVector().orElseThrow(), sp.dimensions(), what + " (model " + Check.quote(sp.model()) + ")"));
    }

    /**
     * The best entries of the groups under {@code prefixes} (null for all), exact. {@code shadow}
     * (may be null) is made for the index being scanned, under its lock.
     */
    List<SearchHit<MemoryEntry>> search(
            MemorySearch s, Collection<String> prefixes, Function<VectorIndex, VectorIndex.Shadow> shadow) {
        Optional<float[]> q = query(s);
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
        double minScore = s.minScore().orElse(-2);
        List<SearchHit<MemoryEntry>> best = List.of();
        for (int attempt = 0; attempt < 3; attempt++) {
            VectorIndex ix = sync(q.get().length);
            List<VectorIndex.Candidate> candidates;
            lock.readLock().lock();
            try {
                candidates = ix.candidates(
                        q.get(), prefixes, filter, shadow == null ? null : shadow.apply(ix), s.limit(), minScore);
            } finally {
                lock.readLock().unlock();
            }
            Ranked ranked = rank(q.get(), candidates, s.limit(), minScore);
            best = ranked.hits();
            if (ranked.complete()) {
                break;
            }
            // A candidate stopped being current between the index's update and the re-scoring:
            // search again on the index brought up to date.
        }
        return best;
    }

    private record Ranked(List<SearchHit<MemoryEntry>> hits, boolean complete) {}

    private Ranked rank(float[] q, List<VectorIndex.Candidate> candidates, int limit, double minScore) {
        if (candidates.isEmpty()) {
            return new Ranked(List.of(), true);
        }
        List<SearchHit<MemoryEntry>> scored = db.read("re-scoring memory search candidates", c -> {
            List<SearchHit<MemoryEntry>> out = new ArrayList<>(candidates.size());
            for (int from = 0; from < candidates.size(); from += RANKED) {
                var call = c.call(MEMORY_VECTORS_RANKED);
                for (int j = 0; j < RANKED; j++) {
                    int i = from + j;
                    call.set(
                            RANKED_IDS.get(j),
                            i < candidates.size() ? candidates.get(i).id() : -1L);
                }
                call.forEach(r -> {
                    MemoryEntry e = MemoryShapes.ENTRY.map(r);
                    double score = Vectors.cosine(q, Vectors.decode(r.get(MEMORY_VECTORS.VECTOR)));
                    out.add(new SearchHit<>(e, score));
                });
            }
            return out;
        });
        boolean complete = scored.size() == candidates.size();
        scored.removeIf(h -> h.score() < minScore);
        scored.sort(BEST_FIRST);
        return new Ranked(List.copyOf(scored.subList(0, Math.min(limit, scored.size()))), complete);
    }

    /** Higher score first; equal scores in (namespace, key) order. */
    static final Comparator<SearchHit<MemoryEntry>> BEST_FIRST = Comparator.<SearchHit<MemoryEntry>>comparingDouble(
                    h -> -h.score())
            .thenComparing(h -> h.item().namespace())
            .thenComparing(h -> h.item().key());

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    /**
     * The index, built on first use and brought up to date with the change feed: the horizon is
     * read first, then the index built (or the feed read from the last horizon), so that every
     * change committed meanwhile is read again by the next search, whose feed starts there.
     */
    private VectorIndex sync(int dimensions) {
        synchronized (syncing) {
            long next = db.read(
                    "reading the memory search feed's horizon",
                    c -> c.call(MEMORY_VECTOR_HORIZON).one(r -> r.get(HORIZON)).orElseThrow());
            long from = horizon;
            if (index == null || index.dimensions() != dimensions) {
                VectorIndex built = load(dimensions);
                lock.writeLock().lock();
                try {
                    index = built;
                } finally {
                    lock.writeLock().unlock();
                }
                from = next; // what changed while the index was read
            }
            long since = from;
            List<Change> changes = db.read(
                    "reading the memory search feed",
                    c -> c.call(MEMORY_VECTOR_FEED).set(FROM, since).list(MemoryVectors::change));
            if (!changes.isEmpty()) {
                lock.writeLock().lock();
                try {
                    for (Change ch : changes) {
                        if (ch.item() == null) {
                            index.remove(ch.namespace(), ch.key());
                        } else {
                            index.put(ch.item());
                        }
                    }
                } finally {
                    lock.writeLock().unlock();
                }
            }
            horizon = next;
            return index;
        }
    }

    private record Change(String namespace, String key, VectorIndex.Item item) {}

    private static Change change(io.agentstore.internal.shape.Row r) throws SQLException {
        String ns = r.get(MEMORY_VECTOR_CHANGES.NAMESPACE);
        String key = r.get(MEMORY_VECTOR_CHANGES.KEY);
        Long id = r.get(MEMORY_ENTRIES.ID);
        byte[] vector = r.get(MEMORY_VECTORS.VECTOR);
        return new Change(ns, key, id == null || vector == null ? null : item(r, ns, key, id, vector));
    }

    private static VectorIndex.Item item(io.agentstore.internal.shape.Row r, String ns, String key, long id, byte[] v)
            throws SQLException {
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

    private VectorIndex load(int dimensions) {
        VectorIndex built = new VectorIndex(dimensions, Dot.best());
        long after = 0;
        while (true) {
            long from = after;
            List<VectorIndex.Item> page = db.read(
                    "building the memory search index",
                    c -> c.call(MEMORY_VECTORS_LOAD)
                            .set(AFTER_ID, from)
                            .set(Pages.LIMIT, LOAD_PAGE)
                            .list(r -> item(
                                    r,
                                    r.get(MEMORY_ENTRIES.NAMESPACE),
                                    r.get(MEMORY_ENTRIES.KEY),
                                    r.get(MEMORY_ENTRIES.ID),
                                    r.get(MEMORY_VECTORS.VECTOR))));
            for (VectorIndex.Item item : page) {
                if (item.unit().length == dimensions) {
                    built.put(item);
                }
                after = item.id();
            }
            if (page.size() < LOAD_PAGE) {
                return built;
            }
        }
    }

    /** How many versions this process's index holds and about how many bytes, or empty before the first search. */
    Optional<long[]> indexSize() {
        lock.readLock().lock();
        try {
            return index == null ? Optional.empty() : Optional.of(new long[] {index.size(), index.estimatedBytes()});
        } finally {
            lock.readLock().unlock();
        }
    }
}
