package io.agentstore.memory;

import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.search.SearchHit;
import io.agentstore.sessions.Session;
import java.util.List;
import java.util.Optional;

/**
 * Long-term memory: versioned entries in hierarchical namespaces (see {@link Namespaces}),
 * each change audited in the same transaction. Thread-safe.
 *
 * <p>Versions: {@code add} writes version 1 (or, after a delete, the next unused version);
 * {@code update} writes version n+1 and keeps the history; {@code delete} retires the current
 * version and leaves the key absent; {@code rollback} retires the current version and makes the
 * newest earlier live version current again. Concurrent writers of one key are serialised: each
 * gets its own version and none fails for a lock.
 */
public interface MemoryStore {

    /** Adds a memory; CONFLICT if the key already has a current version. */
    MemoryEntry add(NewMemory memory);

    /** Adds many memories in one transaction: all are written or (on any error) none. */
    List<MemoryEntry> addAll(List<NewMemory> memories);

    /**
     * Puts many memories in one transaction, each as {@link #put} would: all are written or (on
     * any error) none.
     */
    List<MemoryEntry> putAll(List<NewMemory> memories);

    /**
     * Deletes every key of this namespace (exactly: not the namespaces below it) whose current
     * version's metadata passes the filter (null: every key), a page of keys per transaction, and
     * returns how many. A key written again since its page was read is left alone.
     */
    int deleteAll(String namespace, io.agentstore.search.MetadataFilter filter);

    /** Deletes these keys of a namespace, those that have a current version, in one transaction; returns how many. */
    int deleteKeys(String namespace, java.util.Collection<String> keys);

    /**
     * Adds the memory, or writes a new version if the key exists. Over an existing key, a type
     * or metadata the memory does not give is kept from the current version.
     */
    MemoryEntry put(NewMemory memory);

    /** The current version of a key. */
    Optional<MemoryEntry> get(String namespace, String key);

    /** One version of a key, current or not. */
    Optional<MemoryEntry> version(String namespace, String key, int version);

    /** Every version of a key, oldest first. */
    List<MemoryEntry> history(String namespace, String key);

    /** Writes a new version; NOT_FOUND if the key has no current version; CONFLICT on an expected-version mismatch. */
    MemoryEntry update(MemoryUpdate update);

    /** Retires the current version (the key becomes absent) and returns it. */
    MemoryEntry delete(String namespace, String key);

    /** A delete with its actor and, optionally, the version it expects to retire (CONFLICT if another is current). */
    MemoryEntry delete(MemoryDelete delete);

    /** Retires the current version and makes the previous live one current; returns the new current. */
    MemoryEntry rollback(String namespace, String key);

    /** A rollback with its actor and, optionally, the version it expects to retire (CONFLICT if another is current). */
    MemoryEntry rollback(MemoryRollback rollback);

    /**
     * The current entries of a subtree (the prefix and everything below it, on whole segments),
     * in (namespace, key) order, a keyset page at a time.
     */
    Page<MemoryEntry> byPrefix(String prefix, PageRequest page);

    /** As {@link #byPrefix(String, PageRequest)}, only the entries of one type. */
    Page<MemoryEntry> byPrefix(String prefix, MemoryType type, PageRequest page);

    /** The most recently written current entries of a subtree, newest first. */
    Page<MemoryEntry> recentByPrefix(String prefix, PageRequest page);

    /** As {@link #recentByPrefix(String, PageRequest)}, only the entries of one type. */
    Page<MemoryEntry> recentByPrefix(String prefix, MemoryType type, PageRequest page);

    /** Current entries of one type, most recently written first. */
    Page<MemoryEntry> byType(MemoryType type, PageRequest page);

    /** Current entries first written by one creator, most recently written first. */
    Page<MemoryEntry> byCreator(String createdBy, PageRequest page);

    /** The distinct namespaces below a prefix that hold current entries, cut to {@code depth} more segments, in binary text order. */
    List<String> childNamespaces(String prefix, int depth, int limit);

    /**
     * The current entries closest in meaning to the query, best first (ties in (namespace, key)
     * order): exact cosine similarity over every entry that passes the search's conditions and
     * has a vector ({@link MemoryEntry#embedded()}); expired entries are never returned. Empty
     * when the store holds no vectors. INVALID_ARGUMENT for a text query without an embedder, or
     * a query of another model or dimension than the store's vectors.
     */
    List<SearchHit<MemoryEntry>> search(MemorySearch search);

    /** The stored vector of a key's current version (scaled to unit length), if it has one. */
    Optional<float[]> embedding(String namespace, String key);

    /**
     * Memory as it was at an instant: what {@code get} and {@code byPrefix} returned then (see
     * {@link MemoryAsOf}). INVALID_ARGUMENT for a null instant or one in the future.
     */
    MemoryAsOf asOf(java.time.Instant at);

    /** Current episodic entries whose TTL has passed, oldest expiry first. */
    List<MemoryEntry> expired(int limit);

    /** Retires up to {@code limit} expired entries (audited as deletes by {@code system:ttl}); returns how many. */
    int sweepExpired(int limit);

    /**
     * A handle that sees memory as the stored session with this id does: its scopes come from
     * the session as stored (NOT_FOUND if there is none), and it writes only while that session
     * is live (created, active or paused; FORBIDDEN after it is terminated).
     */
    ScopedMemory scoped(String sessionId);

    /** As {@link #scoped(String)}, and it may also write the app and project scopes. */
    ScopedMemory elevated(String sessionId);

    /** {@link #scoped(String)} of {@code session.id()}: only the id is taken from the object. */
    ScopedMemory scoped(Session session);

    /** {@link #elevated(String)} of {@code session.id()}: only the id is taken from the object. */
    ScopedMemory elevated(Session session);
}
