package io.agentstore.memory;

import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.search.SearchHit;
import java.util.List;
import java.util.Optional;

/**
 * Memory as one session sees it. Namespaces are rooted at the session's scopes:
 * {@code session:<sessionId>}, {@code user:<userId>}, {@code app:<appName>},
 * {@code project:<projectId>}. Reads may touch any of them; writes only the session and user
 * scopes unless the handle is elevated, and only while the session is live. A refused call fails
 * with FORBIDDEN and writes nothing.
 * Turn-scoped values ({@code temp}) live in the handle until {@link #endTurn()}; they are never
 * written to the database. A handle is not meant to be shared between threads.
 */
public interface ScopedMemory {

    String sessionId();

    String userId();

    String appName();

    /** The project, if the session has one. */
    Optional<String> projectId();

    boolean elevated();

    /** The root namespace of a persisted scope, e.g. {@code user:alice}; empty for PROJECT without a project. */
    Optional<String> namespace(MemoryScope scope);

    /** Resolves a key in the scopes' root namespaces, temp > session > user > app > project, in one query. */
    Optional<Resolved> resolve(String key);

    /** Resolves a key in {@code <scope root>:<subNamespace>} of each scope, same order. */
    Optional<Resolved> resolve(String subNamespace, String key);

    /** The current version in a namespace this handle may read. */
    Optional<MemoryEntry> get(String namespace, String key);

    /**
     * Adds or updates (new version) a memory in a namespace this handle may write, as
     * {@link MemoryStore#put} does; written by the session's user unless the memory names its
     * actor ({@link NewMemory#by}).
     */
    MemoryEntry put(NewMemory memory);

    /** Deletes a memory in a namespace this handle may write. */
    MemoryEntry delete(String namespace, String key);

    /** A keyset page of a readable subtree. */
    Page<MemoryEntry> byPrefix(String prefix, PageRequest page);

    /** As {@link #byPrefix(String, PageRequest)}, only the entries of one type. */
    Page<MemoryEntry> byPrefix(String prefix, MemoryType type, PageRequest page);

    /**
     * A search of the session's scopes ({@link MemoryStore#search}): each scope's root subtree,
     * or {@code <root>:<prefix>} when the search has a prefix. An entry is hidden when a scope of
     * higher precedence (session > user > app > project, as {@link #resolve}) has a searchable
     * entry of the same key at the same place below its root.
     */
    List<SearchHit<MemoryEntry>> search(MemorySearch search);

    /** This handle's scopes as they were at an instant (see {@link ScopedMemoryAsOf}). */
    ScopedMemoryAsOf asOf(java.time.Instant at);

    /** Holds a turn-scoped value (never persisted). */
    void putTemp(String key, Object value);

    /** Forgets every turn-scoped value. */
    void endTurn();
}
