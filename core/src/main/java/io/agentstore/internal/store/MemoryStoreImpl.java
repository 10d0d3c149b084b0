package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.MEMORY_ENTRIES;
import static io.agentstore.internal.store.MemoryShapes.*;
import static io.agentstore.internal.store.Pages.BEFORE_AT;
import static io.agentstore.internal.store.Pages.LIMIT;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Call;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.internal.store.VectorSpace.Recorded;
import io.agentstore.memory.MemoryAsOf;
import io.agentstore.memory.MemoryDelete;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemoryRollback;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.MemoryStore;
import io.agentstore.memory.MemoryType;
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.memory.Namespaces;
import io.agentstore.memory.NewMemory;
import io.agentstore.memory.ScopedMemory;
import io.agentstore.search.Embedding;
import io.agentstore.search.MetadataFilter;
import io.agentstore.search.SearchHit;
import io.agentstore.sessions.Session;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The memory store on the library's database. Every change writes its audit row in the same transaction. */
final class MemoryStoreImpl implements MemoryStore {

    static final int MAX_KEY = 512;
    static final String TTL_ACTOR = "system:ttl";

    private final Database db;

    private final MemoryBulkLoad bulkLoad;

    private final MemoryVectors vectors;

    MemoryStoreImpl(Database db) {
        this.db = db;
        this.bulkLoad = new MemoryBulkLoad(db, this);
        this.vectors = new MemoryVectors(db);
    }

    // ---- validation ----

    static String persistedNamespace(String namespace) {
        Namespaces.check(namespace);
        if (Namespaces.isTemp(namespace)) {
            throw Failures.invalid(
                    "namespace " + Check.quote(namespace) + " is turn-scoped (temp) and is never persisted");
        }
        return namespace;
    }

    static String key(String key) {
        return Check.text("memory key", key, MAX_KEY);
    }

    private static String actor(String actor) {
        return actor == null ? null : Check.text("actor", actor, 256);
    }

    static String where(String namespace, String key) {
        return Check.quote(namespace) + "/" + Check.quote(key);
    }

    /** A fully checked new memory, ready for the writer. */
    record Checked(
            String namespace,
            String key,
            Json value,
            String valueText,
            MemoryType type,
            Json metadata,
            String metadataText,
            String actor,
            Embedding embedding,
            float[] vector) {

        /** This memory with its unit vector (null for none), computed before the write. */
        Checked withVector(float[] unit) {
            return new Checked(namespace, key, value, valueText, type, metadata, metadataText, actor, embedding, unit);
        }

        boolean embedded() {
            return vector != null;
        }
    }

    private static Checked check(NewMemory m) {
        if (m == null) {
            throw Failures.invalid("memory must not be null");
        }
        String ns = persistedNamespace(m.namespace());
        String k = key(m.key());
        String valueText = Check.json("memory value of " + where(ns, k), m.value());
        // No type given: a new key is semantic; put over an existing key keeps its type.
        MemoryType type = m.type() == null ? MemoryType.SEMANTIC : m.type();
        Json metadata = m.metadata() == null ? Json.emptyObject() : m.metadata();
        String metadataText = Check.jsonObject("memory metadata of " + where(ns, k), metadata);
        return new Checked(
                ns, k, m.value(), valueText, type, metadata, metadataText, actor(m.actor()), m.embedding(), null);
    }

    /** The memories with their vectors (the embedder runs here, before any write). */
    private List<Checked> embedded(List<Checked> checked) {
        if (!vectors.embedsAny(checked)) {
            return checked; // the common write: no embedder, no vector given
        }
        List<MemoryVectors.Request> requests = new ArrayList<>(checked.size());
        for (Checked m : checked) {
            requests.add(new MemoryVectors.Request(
                    m.value(), m.embedding(), "embedding memory " + where(m.namespace(), m.key())));
        }
        float[][] vs = vectors.vectors(requests);
        List<Checked> out = new ArrayList<>(checked.size());
        for (int i = 0; i < checked.size(); i++) {
            out.add(checked.get(i).withVector(vs[i]));
        }
        return out;
    }

    private Checked embedded(Checked m) {
        return embedded(List.of(m)).get(0);
    }

    /**
     * Inside a write, after the version is inserted: its vector stored (the store's space checked
     * first) and the feed told, when the new version has a vector or the retired one had.
     */
    private void vectorWritten(Conn c, Checked m, long entryId, boolean retiredEmbedded, String doing, Recorded[] seen)
            throws SQLException {
        if (m.embedded()) {
            if (seen[0] == null || seen[0].dimensions() != m.vector().length) {
                seen[0] = vectors.requireSpace(c, m.vector().length, doing);
            }
            MemoryVectors.store(c, entryId, m.vector());
        }
        if (m.embedded() || retiredEmbedded) {
            MemoryVectors.changed(c, m.namespace(), m.key());
        }
    }

    /** A write that may store vectors: the space it saw is kept once the write has committed. */
    private <T> T writeVectors(String doing, VectorWork<T> work) {
        Recorded[] seen = new Recorded[1];
        T out = db.write(doing, c -> work.run(c, seen));
        vectors.committed(seen[0]);
        return out;
    }

    @FunctionalInterface
    private interface VectorWork<T> {
        T run(Conn c, Recorded[] seen) throws SQLException;
    }

    // ---- writes (run inside the writer's transaction) ----

    Instant expiry(MemoryType type, Instant now) {
        return type == MemoryType.EPISODIC ? now.plus(db.options().episodicTtl()) : null;
    }

    /**
     * The key's next version, after {@code retired} (its current version until this write) was
     * retired: the version number is computed by the insert itself; the entry's recency rows move
     * from the retired version to the new one.
     */
    private MemoryEntry insertNext(Conn c, Checked m, MemoryEntry retired, Instant now) throws SQLException {
        Instant expires = expiry(m.type(), now);
        long[] row = c.call(MEMORY_INSERT_NEXT)
                .set(NAMESPACE, m.namespace())
                .set(KEY, m.key())
                .set(VALUE, Stored.json(m.valueText()))
                .set(TYPE, m.type())
                .set(METADATA, Stored.json(m.metadataText()))
                .set(CREATED_BY, retired.createdBy())
                .set(UPDATED_BY, m.actor())
                .set(CREATED_AT, retired.createdAt())
                .set(UPDATED_AT, now)
                .set(EXPIRES_AT, expires)
                .set(EMBEDDED, m.embedded())
                .one(r -> new long[] {r.get(MEMORY_ENTRIES.ID), r.get(MEMORY_ENTRIES.VERSION)})
                .orElseThrow();
        MemoryEntry e = new MemoryEntryRow(
                row[0],
                m.namespace(),
                m.key(),
                m.value(),
                m.type(),
                (int) row[1],
                true,
                false,
                m.metadata(),
                retired.createdBy(),
                m.actor(),
                retired.createdAt(),
                now,
                expires,
                m.embedded());
        MemoryRecency.move(c, retired, e);
        MemoryTimeline.written(c, e);
        return e;
    }

    /** Retires a version found by id (rollback, TTL sweep): it must still be current. Its recency rows are the caller's. */
    private static void retire(Conn c, MemoryEntry e, boolean deleted) throws SQLException {
        if (c.call(MEMORY_RETIRE).set(DELETED, deleted).set(ID, e.id()).update() != 1) {
            throw Failures.of(
                    ErrorCode.CONFLICT,
                    "memory " + where(e.namespace(), e.key()) + " version " + e.version()
                            + " stopped being current meanwhile");
        }
    }

    static void audit(Conn c, Instant now, String actor, String operation, MemoryEntry e, ObjectNode data)
            throws SQLException {
        AuditShapes.bindMemory(
                        c.call(AuditShapes.AUDIT_MEMORY),
                        AuditShapes.MEMORY_ROWS.get(0),
                        now,
                        actor,
                        data,
                        operation,
                        e)
                .update();
    }

    static ObjectNode data() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * The current version of a key, read by a write that goes on to change the key: on a server
     * the key's lock is taken first (held to the end of the transaction), so the writers of one
     * key run one after the other and each reads what the one before it committed.
     */
    private static Optional<MemoryEntry> currentForWrite(Conn c, String ns, String key) throws SQLException {
        c.lockKey(ns + '/' + key);
        return existing(c, ns, key);
    }

    /** The current version of a key, read inside a write without taking the key's lock (to name a conflict). */
    static Optional<MemoryEntry> existing(Conn c, String ns, String key) throws SQLException {
        return c.call(MEMORY_CURRENT_FOR_WRITE).set(NAMESPACE, ns).set(KEY, key).one(ENTRY);
    }

    /**
     * A new key's first version in one statement: the version number comes from the key's
     * earlier (deleted) versions in SQL, and a key that has a current version is refused by the
     * memory_current unique index, which is then looked up to say which version exists. On a
     * server the key's lock comes first and the lookup before the insert (one round trip, where
     * fencing the insert with a savepoint would take two; with the lock held nobody else can
     * add the key in between).
     */
    private MemoryEntry addIn(Conn c, Checked m, String doing, Recorded[] seen) throws SQLException {
        return addIn(c, m, doing, false, seen);
    }

    /** {@code lockedAndAbsent}: the caller took the key's lock and found no current version (put). */
    private MemoryEntry addIn(Conn c, Checked m, String doing, boolean lockedAndAbsent, Recorded[] seen)
            throws SQLException {
        if (c.onServer() && !lockedAndAbsent) {
            Optional<MemoryEntry> current = currentForWrite(c, m.namespace(), m.key());
            if (current.isPresent()) {
                throw keyExists(doing, current.get(), null);
            }
        }
        Instant now = db.now();
        Instant expires = expiry(m.type(), now);
        Call call = MemoryBulkLoad.bindNew(c.call(MEMORY_INSERT_NEW), 0, m, now, expires);
        long[] row;
        try {
            row = call.one(r -> new long[] {r.get(MEMORY_ENTRIES.ID), r.get(MEMORY_ENTRIES.VERSION)})
                    .orElseThrow();
        } catch (SQLException e) {
            if (!c.onServer() && db.engine().isUniqueViolation(e)) {
                Optional<MemoryEntry> current = existing(c, m.namespace(), m.key());
                if (current.isPresent()) {
                    throw keyExists(doing, current.get(), e);
                }
            }
            throw e;
        }
        MemoryEntry e = firstVersion(m, row[0], (int) row[1], now, expires);
        vectorWritten(c, m, e.id(), false, doing, seen);
        MemoryRecency.index(c, e);
        MemoryTimeline.written(c, e);
        audit(c, now, m.actor(), "create", e, data());
        return e;
    }

    private static AgentStoreException keyExists(String doing, MemoryEntry current, SQLException cause) {
        return Failures.of(
                ErrorCode.CONFLICT,
                doing + ": the key exists at version " + current.version() + " (update it, or put it)",
                cause);
    }

    /** The entry a new key's insert wrote: current, live, created and updated now by the memory's actor. */
    static MemoryEntry firstVersion(Checked m, long id, int version, Instant now, Instant expires) {
        return new MemoryEntryRow(
                id,
                m.namespace(),
                m.key(),
                m.value(),
                m.type(),
                version,
                true,
                false,
                m.metadata(),
                m.actor(),
                m.actor(),
                now,
                now,
                expires,
                m.embedded());
    }

    /** The current version, which must exist and, if the caller expects one, be that version. */
    private static MemoryEntry currentExpecting(Conn c, String ns, String key, Integer expected, String doing)
            throws SQLException {
        MemoryEntry current = currentForWrite(c, ns, key).orElseThrow(() -> noCurrentVersion(doing));
        if (expected != null && current.version() != expected) {
            throw notExpected(doing, expected, current);
        }
        return current;
    }

    private static AgentStoreException noCurrentVersion(String doing) {
        return Failures.of(ErrorCode.NOT_FOUND, doing + ": the key has no current version");
    }

    private static AgentStoreException notExpected(String doing, int expected, MemoryEntry current) {
        return Failures.of(
                ErrorCode.CONFLICT,
                doing + ": expected version " + expected + " but the current version is " + current.version());
    }

    /**
     * Retires the key's current version — if the caller expects one, only that version — and
     * returns it as retired, or empty when there was none to retire (nothing is written then).
     * On a server the key's lock is taken first, as in {@link #currentForWrite}. The caller moves
     * or deletes its recency rows.
     */
    private static Optional<MemoryEntry> retireCurrent(Conn c, String ns, String key, Integer expected, boolean deleted)
            throws SQLException {
        c.lockKey(ns + '/' + key);
        return c.call(MEMORY_RETIRE_CURRENT)
                .set(DELETED, deleted)
                .set(NAMESPACE, ns)
                .set(KEY, key)
                .set(EXPECTED_VERSION, expected)
                .one(ENTRY);
    }

    /** {@link #retireCurrent}, which must retire a version: else NOT_FOUND, or CONFLICT naming the current version. */
    private static MemoryEntry retireExpecting(
            Conn c, String ns, String key, Integer expected, boolean deleted, String doing) throws SQLException {
        Optional<MemoryEntry> retired = retireCurrent(c, ns, key, expected, deleted);
        if (retired.isPresent()) {
            return retired.get();
        }
        if (expected == null) {
            throw noCurrentVersion(doing); // any current version would have been retired
        }
        MemoryEntry current = existing(c, ns, key).orElseThrow(() -> noCurrentVersion(doing));
        throw notExpected(doing, expected, current);
    }

    /**
     * The key's next version, its current one ({@code retired}) retired by this write already:
     * metadata and type kept from the retired version when the caller gives none, creator and
     * creation time always; an audit row names the version it replaced.
     */
    private MemoryEntry updateIn(
            Conn c,
            MemoryEntry retired,
            Checked m,
            boolean keepMetadata,
            boolean keepType,
            String doing,
            Recorded[] seen)
            throws SQLException {
        Checked next = new Checked(
                m.namespace(),
                m.key(),
                m.value(),
                m.valueText(),
                keepType ? retired.type() : m.type(),
                keepMetadata ? retired.metadata() : m.metadata(),
                keepMetadata ? retired.metadata().text() : m.metadataText(),
                m.actor(),
                m.embedding(),
                m.vector());
        Instant now = db.now();
        MemoryEntry e = insertNext(c, next, retired, now);
        vectorWritten(c, next, e.id(), retired.embedded(), doing, seen);
        audit(c, now, m.actor(), "update", e, data().put("previous_version", retired.version()));
        return e;
    }

    @Override
    public MemoryEntry add(NewMemory memory) {
        Checked m = embedded(check(memory));
        String doing = "adding memory " + where(m.namespace(), m.key());
        return writeVectors(doing, (c, seen) -> addIn(c, m, doing, seen));
    }

    /** A batch, each memory checked (naming its place in the batch) and no key twice. */
    private static List<Checked> checkBatch(List<NewMemory> memories) {
        if (memories == null) {
            throw Failures.invalid("memories must not be null");
        }
        List<Checked> checked = new ArrayList<>(memories.size());
        for (int i = 0; i < memories.size(); i++) {
            try {
                checked.add(check(memories.get(i)));
            } catch (AgentStoreException e) {
                throw Failures.of(e.code(), "memory #" + i + " of the batch: " + e.getMessage(), e);
            }
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < checked.size(); i++) {
            Checked m = checked.get(i);
            if (!keys.add(m.namespace() + '\u0000' + m.key())) {
                throw Failures.of(
                        ErrorCode.CONFLICT,
                        "memory #" + i + " of the batch: " + where(m.namespace(), m.key())
                                + " appears twice in the batch");
            }
        }
        return checked;
    }

    @Override
    public List<MemoryEntry> addAll(List<NewMemory> memories) {
        List<Checked> checked = checkBatch(memories);
        if (checked.isEmpty()) {
            return List.of();
        }
        String doing = "adding a batch of " + checked.size() + " memories";
        List<Checked> withVectors = embedded(checked);
        return writeVectors(doing, (c, seen) -> {
            Instant now = db.now();
            List<MemoryEntry> out = new ArrayList<>(withVectors.size());
            int i = 0;
            for (; i + BULK <= withVectors.size(); i += BULK) {
                out.addAll(bulkLoad.insert(c, withVectors.subList(i, i + BULK), now, doing));
            }
            List<MemoryEntry> loaded = List.copyOf(out);
            List<Long> ids = new ArrayList<>();
            List<float[]> units = new ArrayList<>();
            List<String> changedNamespaces = new ArrayList<>();
            List<String> changedKeys = new ArrayList<>();
            for (int j = 0; j < loaded.size(); j++) {
                Checked m = withVectors.get(j);
                if (m.embedded()) {
                    if (seen[0] == null || seen[0].dimensions() != m.vector().length) {
                        seen[0] = vectors.requireSpace(c, m.vector().length, doing);
                    }
                    ids.add(loaded.get(j).id());
                    units.add(m.vector());
                    changedNamespaces.add(m.namespace());
                    changedKeys.add(m.key());
                }
            }
            MemoryVectors.storeAll(c, ids, units);
            MemoryVectors.changedAll(c, changedNamespaces, changedKeys);
            MemoryRecency.indexAll(c, loaded);
            MemoryTimeline.writtenAll(c, loaded);
            MemoryBulkLoad.audit(c, now, loaded);
            for (; i < withVectors.size(); i++) {
                Checked m = withVectors.get(i);
                out.add(addIn(c, m, "adding memory " + where(m.namespace(), m.key()), seen));
            }
            return out;
        });
    }

    @Override
    public MemoryEntry put(NewMemory memory) {
        return put(memory, null);
    }

    /** Put, on behalf of a session handle when {@code liveSession} is given: that session must be live. */
    MemoryEntry put(NewMemory memory, String liveSession) {
        Checked m = embedded(check(memory));
        String doing = "putting memory " + where(m.namespace(), m.key());
        return writeVectors(doing, (c, seen) -> {
            requireLive(c, liveSession, doing);
            Optional<MemoryEntry> retired = retireCurrent(c, m.namespace(), m.key(), null, false);
            if (retired.isEmpty()) {
                return addIn(c, m, doing, true, seen);
            }
            return updateIn(c, retired.get(), m, memory.metadata() == null, memory.type() == null, doing, seen);
        });
    }

    @Override
    public List<MemoryEntry> putAll(List<NewMemory> memories) {
        List<Checked> checked = checkBatch(memories);
        if (checked.isEmpty()) {
            return List.of();
        }
        List<Checked> withVectors = embedded(checked);
        return writeVectors("putting a batch of " + checked.size() + " memories", (c, seen) -> {
            List<MemoryEntry> out = new ArrayList<>(withVectors.size());
            for (int i = 0; i < withVectors.size(); i++) {
                Checked m = withVectors.get(i);
                NewMemory given = memories.get(i);
                String doing = "putting memory " + where(m.namespace(), m.key());
                Optional<MemoryEntry> retired = retireCurrent(c, m.namespace(), m.key(), null, false);
                out.add(
                        retired.isEmpty()
                                ? addIn(c, m, doing, true, seen)
                                : updateIn(
                                        c,
                                        retired.get(),
                                        m,
                                        given.metadata() == null,
                                        given.type() == null,
                                        doing,
                                        seen));
            }
            return out;
        });
    }

    @Override
    public int deleteAll(String namespace, MetadataFilter filter) {
        String ns = persistedNamespace(namespace);
        String doing = "deleting the memories of " + Check.quote(ns) + (filter == null ? "" : " where " + filter);
        int deleted = 0;
        String cursor = null;
        do {
            Page<MemoryEntry> page = list(
                    ns,
                    null,
                    cursor == null ? PageRequest.first(Pages.MAX_PAGE) : PageRequest.after(cursor, Pages.MAX_PAGE));
            List<MemoryEntry> doomed = new ArrayList<>();
            for (MemoryEntry e : page.items()) {
                if (e.namespace().equals(ns) && (filter == null || filter.test(e.metadata()))) {
                    doomed.add(e);
                }
            }
            if (!doomed.isEmpty()) {
                // Only the version read: one written since is the caller's to judge again.
                deleted += db.write(
                        doing,
                        c -> retireAll(
                                c,
                                ns,
                                doomed.stream().map(MemoryEntry::key).toList(),
                                doomed.stream().map(MemoryEntry::version).toList()));
            }
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return deleted;
    }

    @Override
    public int deleteKeys(String namespace, java.util.Collection<String> keys) {
        String ns = persistedNamespace(namespace);
        List<String> checked = new ArrayList<>();
        for (String k : Failures.required(keys, "the keys")) {
            checked.add(key(k));
        }
        if (checked.isEmpty()) {
            return 0;
        }
        java.util.Collections.sort(checked); // one lock order for every writer
        List<Integer> any = java.util.Collections.nCopies(checked.size(), null);
        return db.write(
                "deleting " + checked.size() + " keys of " + Check.quote(ns), c -> retireAll(c, ns, checked, any));
    }

    /** Retires the current version of each key (if it is still {@code versions[i]}, when given), audited; how many. */
    private int retireAll(Conn c, String ns, List<String> keys, List<Integer> versions) throws SQLException {
        int n = 0;
        Instant now = db.now();
        for (int i = 0; i < keys.size(); i++) {
            Optional<MemoryEntry> retired = retireCurrent(c, ns, keys.get(i), versions.get(i), true);
            if (retired.isPresent()) {
                if (retired.get().embedded()) {
                    MemoryVectors.changed(c, ns, keys.get(i));
                }
                MemoryRecency.unindex(c, retired.get());
                MemoryTimeline.removed(c, retired.get(), now);
                audit(c, now, null, "delete", retired.get(), data());
                n++;
            }
        }
        return n;
    }

    @Override
    public MemoryEntry update(MemoryUpdate u) {
        if (u == null) {
            throw Failures.invalid("update must not be null");
        }
        NewMemory asNew = NewMemory.of(u.namespace(), u.key(), u.value())
                .withType(u.type() == null ? MemoryType.SEMANTIC : u.type())
                .by(u.actor())
                .withEmbedding(u.embedding());
        Checked m = embedded(check(u.metadata() == null ? asNew : asNew.withMetadata(u.metadata())));
        if (u.expectedVersion() != null && u.expectedVersion() < 1) {
            throw Failures.invalid("expected version must be >= 1: " + u.expectedVersion());
        }
        String doing = "updating memory " + where(m.namespace(), m.key());
        return writeVectors(doing, (c, seen) -> {
            MemoryEntry retired = retireExpecting(c, m.namespace(), m.key(), u.expectedVersion(), false, doing);
            return updateIn(c, retired, m, u.metadata() == null, u.type() == null, doing, seen);
        });
    }

    @Override
    public MemoryEntry delete(String namespace, String key) {
        return delete(namespace, key, null, null, null);
    }

    @Override
    public MemoryEntry delete(MemoryDelete d) {
        Failures.required(d, "the delete");
        return delete(
                d.namespace(),
                d.key(),
                d.actor().orElse(null),
                d.expectedVersion().orElse(null),
                null);
    }

    /** Delete, on behalf of a session handle when {@code liveSession} is given: that session must be live. */
    MemoryEntry delete(String namespace, String key, String actor, Integer expected, String liveSession) {
        String ns = persistedNamespace(namespace);
        String k = key(key);
        String who = actor(actor);
        String doing = "deleting memory " + where(ns, k);
        return db.write(doing, c -> {
            requireLive(c, liveSession, doing);
            MemoryEntry retired = retireExpecting(c, ns, k, expected, true, doing);
            if (retired.embedded()) {
                MemoryVectors.changed(c, ns, k);
            }
            MemoryRecency.unindex(c, retired);
            Instant now = db.now();
            MemoryTimeline.removed(c, retired, now);
            audit(c, now, who, "delete", retired, data());
            return retired;
        });
    }

    @Override
    public MemoryEntry rollback(String namespace, String key) {
        return rollback(namespace, key, null, null);
    }

    @Override
    public MemoryEntry rollback(MemoryRollback r) {
        Failures.required(r, "the rollback");
        return rollback(
                r.namespace(),
                r.key(),
                r.actor().orElse(null),
                r.expectedVersion().orElse(null));
    }

    private MemoryEntry rollback(String namespace, String key, String actor, Integer expected) {
        String ns = persistedNamespace(namespace);
        String k = key(key);
        String who = actor(actor);
        String doing = "rolling back memory " + where(ns, k);
        return db.write(doing, c -> {
            MemoryEntry current = currentExpecting(c, ns, k, expected, doing);
            MemoryEntry previous = c.call(MEMORY_PREVIOUS_LIVE)
                    .set(NAMESPACE, ns)
                    .set(KEY, k)
                    .set(VERSION, current.version())
                    .one(ENTRY)
                    .orElseThrow(() -> Failures.of(
                            ErrorCode.CONFLICT,
                            doing + ": version " + current.version() + " has no earlier live version to roll back to"));
            retire(c, current, true);
            c.call(MEMORY_RESTORE).set(ID, previous.id()).update();
            MemoryEntry restored = new MemoryEntryRow(
                    previous.id(),
                    ns,
                    k,
                    previous.value(),
                    previous.type(),
                    previous.version(),
                    true,
                    false,
                    previous.metadata(),
                    previous.createdBy(),
                    previous.updatedBy(),
                    previous.createdAt(),
                    previous.updatedAt(),
                    previous.expiresAt(),
                    previous.embedded());
            if (current.embedded() || previous.embedded()) {
                MemoryVectors.changed(c, ns, k);
            }
            MemoryRecency.move(c, current, restored);
            Instant now = db.now();
            MemoryTimeline.changed(c, ns, k, now, restored.id());
            audit(c, now, who, "rollback", restored, data().put("retired_version", current.version()));
            return restored;
        });
    }

    // ---- reads ----

    @Override
    public Optional<MemoryEntry> get(String namespace, String key) {
        String ns = Namespaces.check(namespace);
        String k = key(key);
        return db.read(
                "reading memory " + where(ns, k),
                c -> c.call(MEMORY_CURRENT).set(NAMESPACE, ns).set(KEY, k).one(ENTRY));
    }

    @Override
    public MemoryAsOf asOf(Instant at) {
        return asOfView(at);
    }

    MemoryAsOfImpl asOfView(Instant at) {
        return new MemoryAsOfImpl(db, MemoryAsOfImpl.instant(db, at));
    }

    @Override
    public Optional<MemoryEntry> version(String namespace, String key, int version) {
        String ns = Namespaces.check(namespace);
        String k = key(key);
        return db.read(
                "reading memory " + where(ns, k) + " version " + version,
                c -> c.call(MEMORY_VERSION)
                        .set(NAMESPACE, ns)
                        .set(KEY, k)
                        .set(VERSION, version)
                        .one(ENTRY));
    }

    @Override
    public List<MemoryEntry> history(String namespace, String key) {
        String ns = Namespaces.check(namespace);
        String k = key(key);
        return db.read(
                "reading the history of memory " + where(ns, k),
                c -> c.call(MEMORY_HISTORY).set(NAMESPACE, ns).set(KEY, k).list(ENTRY));
    }

    @Override
    public Page<MemoryEntry> byPrefix(String prefix, PageRequest page) {
        return list(prefix, null, page);
    }

    @Override
    public Page<MemoryEntry> byPrefix(String prefix, MemoryType type, PageRequest page) {
        return list(prefix, Failures.required(type, "the memory type"), page);
    }

    Page<MemoryEntry> list(String prefix, MemoryType type, PageRequest page) {
        String p = Namespaces.check(prefix);
        int limit = Pages.limit(page);
        String cursor = Pages.cursor(page);
        Check.limit(limit, Pages.MAX_PAGE);
        String listing = "memoryList:" + p + ":" + (type == null ? "" : Stored.text(type));
        String[] after = cursor == null ? new String[] {"", ""} : Cursor.decode(listing, cursor, 2);
        if (cursor != null && !Namespaces.isWithin(after[0], p)) {
            throw Failures.invalid("not a cursor of " + listing + ": " + Check.quote(cursor));
        }
        List<MemoryEntry> rows = db.read("listing memory under " + Check.quote(p), c -> {
            List<MemoryEntry> out = new ArrayList<>(limit + 1);
            // The root namespace sorts before everything below it: serve it first, then [P:, P;).
            boolean inRoot = after[0].isEmpty() || after[0].equals(p);
            if (inRoot) {
                out.addAll(bindTypes(c.call(MEMORY_SUBTREE_EXACT), TYPES, type)
                        .set(NAMESPACE, p)
                        .set(AFTER_KEY, after[1])
                        .set(LIMIT, limit + 1)
                        .list(ENTRY));
            }
            if (out.size() <= limit) {
                String afterNs = inRoot ? p + ":" : after[0];
                String afterKey = inRoot ? "" : after[1];
                out.addAll(bindTypes(c.call(MEMORY_SUBTREE_BELOW), TYPES, type)
                        .set(HIGH, p + ";")
                        .set(AFTER_NAMESPACE, afterNs)
                        .set(AFTER_KEY, afterKey)
                        .set(LIMIT, limit + 1 - out.size())
                        .list(ENTRY));
            }
            return out;
        });
        return Pages.page(rows, limit, listing, e -> new String[] {e.namespace(), e.key()});
    }

    @Override
    public Page<MemoryEntry> recentByPrefix(String prefix, PageRequest page) {
        return recent(prefix, null, page);
    }

    @Override
    public Page<MemoryEntry> recentByPrefix(String prefix, MemoryType type, PageRequest page) {
        return recent(prefix, Failures.required(type, "the memory type"), page);
    }

    private Page<MemoryEntry> recent(String prefix, MemoryType type, PageRequest page) {
        String p = Namespaces.check(prefix);
        return timePage(
                "memoryRecent:" + p + ":" + (type == null ? "" : Stored.text(type)),
                page,
                "listing the most recent memory under " + Check.quote(p),
                (c, beforeAt, beforeId) -> bindTypes(c.call(MEMORY_RECENT), RECENCY_TYPES, type)
                        .set(PREFIX, p)
                        .set(BEFORE_AT, beforeAt)
                        .set(BEFORE_ID, beforeId));
    }

    @Override
    public Page<MemoryEntry> byType(MemoryType type, PageRequest page) {
        if (type == null) {
            throw Failures.invalid("memory type must not be null");
        }
        return timePage(
                "memoryByType:" + Stored.text(type),
                page,
                "listing " + Stored.text(type) + " memory",
                (c, beforeAt, beforeId) -> c.call(MEMORY_BY_TYPE)
                        .set(TYPE, type)
                        .set(BEFORE_AT, beforeAt)
                        .set(BEFORE_ID, beforeId));
    }

    @Override
    public Page<MemoryEntry> byCreator(String createdBy, PageRequest page) {
        String who = Check.text("creator", createdBy, 256);
        return timePage(
                "memoryByCreator:" + who,
                page,
                "listing memory created by " + Check.quote(who),
                (c, beforeAt, beforeId) -> c.call(MEMORY_BY_CREATOR)
                        .set(CREATED_BY, who)
                        .set(BEFORE_AT, beforeAt)
                        .set(BEFORE_ID, beforeId));
    }

    /** Binds a newest-first (updated_at, id) keyset query. */
    @FunctionalInterface
    private interface TimeKeyset {
        Call bind(Conn c, Instant beforeAt, long beforeId) throws SQLException;
    }

    private Page<MemoryEntry> timePage(String listing, PageRequest page, String doing, TimeKeyset query) {
        return Pages.keyset(
                db,
                doing,
                listing,
                page,
                new String[] {Pages.AFTER_ALL, Long.toString(Long.MAX_VALUE)},
                (c, before) -> query.bind(c, Pages.time(before[0]), Pages.number(listing, before[1])),
                ENTRY,
                e -> new String[] {Timestamps.format(e.updatedAt()), Long.toString(e.id())});
    }

    @Override
    public List<String> childNamespaces(String prefix, int depth, int limit) {
        String p = Namespaces.check(prefix);
        if (depth < 1 || depth > Namespaces.MAX_DEPTH) {
            throw Failures.invalid("depth must be 1.." + Namespaces.MAX_DEPTH + ": " + depth);
        }
        Check.limit(limit, 100_000);
        int targetDepth = Namespaces.depth(p) + depth;
        String high = p + ";";
        return db.read("listing the namespaces under " + Check.quote(p), c -> {
            List<String> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            String after = p + ":";
            // Entries exactly equal to 'P:' cannot exist (no empty segments), so '> P:' starts the range.
            while (out.size() < limit) {
                Optional<String> next = c.call(MEMORY_NEXT_NAMESPACE)
                        .set(AFTER_NAMESPACE, after)
                        .set(HIGH, high)
                        .one(r -> r.get(MEMORY_ENTRIES.NAMESPACE));
                if (next.isEmpty()) {
                    break;
                }
                String ns = next.get();
                String child = Namespaces.truncate(ns, targetDepth);
                if (seen.add(child)) {
                    out.add(child);
                }
                // Skip the rest of the child's own subtree; ';' follows ':' and is not allowed in namespaces.
                after = ns.equals(child) ? child : child + ";";
            }
            return out;
        });
    }

    @Override
    public List<MemoryEntry> expired(int limit) {
        Check.limit(limit, 100_000);
        Instant now = db.now();
        return db.read(
                "listing expired memory",
                c -> c.call(MEMORY_EXPIRED).set(NOW, now).set(LIMIT, limit).list(ENTRY));
    }

    @Override
    public int sweepExpired(int limit) {
        Check.limit(limit, 100_000);
        return db.write("retiring expired memory", c -> sweepExpired(c, limit));
    }

    /** Retires up to {@code limit} expired entries inside the caller's write transaction (a retention batch's). */
    int sweepExpired(Conn c, int limit) throws SQLException {
        {
            Instant now = db.now();
            List<MemoryEntry> due = c.call(MEMORY_EXPIRED_FOR_WRITE)
                    .set(NOW, now)
                    .set(LIMIT, limit)
                    .list(ENTRY);
            for (MemoryEntry e : due) {
                retire(c, e, true);
                if (e.embedded()) {
                    MemoryVectors.changed(c, e.namespace(), e.key());
                }
                MemoryRecency.unindex(c, e);
                MemoryTimeline.removed(c, e, now);
                audit(
                        c,
                        now,
                        TTL_ACTOR,
                        "delete",
                        e,
                        data().put("reason", "ttl").put("expired_at", Timestamps.format(e.expiresAt())));
            }
            return due.size();
        }
    }

    @Override
    public Optional<float[]> embedding(String namespace, String key) {
        String ns = Namespaces.check(namespace);
        String k = key(key);
        return db.read(
                        "reading the vector of memory " + where(ns, k),
                        c -> c.call(VectorShapes.MEMORY_VECTOR_OF_KEY)
                                .set(VectorShapes.OF_NAMESPACE, ns)
                                .set(VectorShapes.OF_KEY, k)
                                .one(r -> r.get(io.agentstore.internal.db.Tables.MEMORY_VECTORS.VECTOR)))
                .map(io.agentstore.internal.vector.Vectors::decode);
    }

    @Override
    public List<SearchHit<MemoryEntry>> search(MemorySearch search) {
        Failures.required(search, "the search");
        List<String> prefixes =
                search.prefix().map(p -> List.of(Namespaces.check(p))).orElse(null);
        return vectors.search(search, prefixes, null);
    }

    /** A search of several scope subtrees, where an entry is hidden when a higher-precedence scope has its key. */
    List<SearchHit<MemoryEntry>> searchScopes(
            MemorySearch search,
            List<String> prefixes,
            java.util.function.Function<
                            io.agentstore.internal.vector.VectorIndex, io.agentstore.internal.vector.VectorIndex.Shadow>
                    shadow) {
        return vectors.search(search, prefixes, shadow);
    }

    /** The current entries of one key across scope namespaces; unused scopes are passed as null. */
    List<MemoryEntry> resolveAll(String session, String user, String app, String project, String key) {
        String k = key(key);
        return db.read(
                "resolving memory key " + Check.quote(k),
                c -> c.call(MEMORY_RESOLVE)
                        .set(SESSION_NS, session)
                        .set(USER_NS, user)
                        .set(APP_NS, app)
                        .set(PROJECT_NS, project)
                        .set(KEY, k)
                        .list(ENTRY));
    }

    /**
     * Inside a write on behalf of a session: the stored session must exist and be live
     * (created, active or paused). Checked in the write's own transaction, so a session
     * terminated a moment before cannot slip a write in.
     */
    private static void requireLive(Conn c, String sessionId, String doing) throws SQLException {
        if (sessionId == null) {
            return;
        }
        Session s = c.call(SessionShapes.SESSION_ROW_FOR_WRITE)
                .set(SessionShapes.ID, sessionId)
                .one(SessionShapes.SESSION)
                .orElseThrow(() -> Failures.of(
                        ErrorCode.NOT_FOUND, doing + ": session " + Check.quote(sessionId) + " does not exist"));
        if (!s.status().isLive()) {
            throw Failures.of(
                    ErrorCode.FORBIDDEN,
                    doing + ": session " + Check.quote(sessionId) + " is " + Stored.text(s.status())
                            + "; only a live session (created, active or paused) writes memory");
        }
    }

    /** The stored session: a handle's scopes come from it, never from an object the caller built. */
    private Session storedSession(String sessionId) {
        String id = Check.id("session id", sessionId);
        return db.read(
                        "reading session " + Check.quote(id),
                        c -> c.call(SessionShapes.SESSION_BY_ID)
                                .set(SessionShapes.ID, id)
                                .one(SessionShapes.SESSION))
                .orElseThrow(() -> Failures.of(
                        ErrorCode.NOT_FOUND, "scoping memory to session " + Check.quote(id) + ": no such session"));
    }

    @Override
    public ScopedMemory scoped(String sessionId) {
        return new ScopedMemoryImpl(this, storedSession(sessionId), false);
    }

    @Override
    public ScopedMemory elevated(String sessionId) {
        return new ScopedMemoryImpl(this, storedSession(sessionId), true);
    }

    @Override
    public ScopedMemory scoped(Session session) {
        if (session == null) {
            throw Failures.invalid("session must not be null");
        }
        return scoped(session.id());
    }

    @Override
    public ScopedMemory elevated(Session session) {
        if (session == null) {
            throw Failures.invalid("session must not be null");
        }
        return elevated(session.id());
    }
}
