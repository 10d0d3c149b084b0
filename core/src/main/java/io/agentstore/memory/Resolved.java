package io.agentstore.memory;

import io.agentstore.Json;
import java.util.Optional;

/**
 * The winner of a scoped lookup: the scope it came from, its value and, unless it is a
 * turn-scoped (temp) value, the stored entry.
 */
public record Resolved(MemoryScope scope, Json value, Optional<MemoryEntry> entry) {}
