package io.agentstore.memory;

import io.agentstore.Page;
import io.agentstore.PageRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Memory as it was at one instant ({@link MemoryStore#asOf}): each read returns what the same read
 * of the store returned at that instant — the version current then (with its value, metadata and
 * expiry as written), keys deleted since still present, keys added since absent. An entry is
 * returned as it was then: {@link MemoryEntry#current()} true. Every read is served by index
 * ranges: a key costs one seek of its change history, whatever its length.
 *
 * <p>A read the store can no longer answer is {@code INVALID_ARGUMENT} naming the earliest time
 * it can answer: before the history began (a store migrated from before this version keeps no
 * history of what came before), before what retention by age kept, or — for one key — a time
 * when retention had removed the version then current. A view does not change; it may be used
 * from any thread.
 */
public interface MemoryAsOf {

    /** The instant this view reads at. */
    Instant at();

    /** The version of a key current at the instant, if the key had one. */
    Optional<MemoryEntry> get(String namespace, String key);

    /**
     * The entries of a subtree current at the instant, in (namespace, key) order, a keyset page at
     * a time (as {@link MemoryStore#byPrefix(String, PageRequest)}).
     */
    Page<MemoryEntry> byPrefix(String prefix, PageRequest page);

    /** As {@link #byPrefix(String, PageRequest)}, only the entries of one type. */
    Page<MemoryEntry> byPrefix(String prefix, MemoryType type, PageRequest page);
}
