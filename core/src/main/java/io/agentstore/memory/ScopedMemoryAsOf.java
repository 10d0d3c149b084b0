package io.agentstore.memory;

import java.time.Instant;
import java.util.Optional;

/**
 * A session's memory as it was at one instant ({@link ScopedMemory#asOf}): the same scopes, the
 * same precedence (session > user > app > project), over what was current then (see
 * {@link MemoryAsOf}). Turn-scoped ({@code temp}) values are never part of it.
 */
public interface ScopedMemoryAsOf {

    Instant at();

    /** Resolves a key in the scopes' root namespaces as it was at the instant. */
    Optional<Resolved> resolve(String key);

    /** Resolves a key in {@code <scope root>:<subNamespace>} of each scope as it was at the instant. */
    Optional<Resolved> resolve(String subNamespace, String key);

    /** The version current at the instant in a namespace this handle may read. */
    Optional<MemoryEntry> get(String namespace, String key);
}
