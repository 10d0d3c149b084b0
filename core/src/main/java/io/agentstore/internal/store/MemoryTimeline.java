package io.agentstore.internal.store;

import static io.agentstore.internal.store.HistoryShapes.CHANGE_ROWS;
import static io.agentstore.internal.store.HistoryShapes.MEMORY_CHANGE;
import static io.agentstore.internal.store.HistoryShapes.MEMORY_CHANGE_BULK;

import io.agentstore.internal.database.Call;
import io.agentstore.internal.database.Conn;
import io.agentstore.memory.MemoryEntry;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Which version of each key was current when (memory_changes): every write that changes a key's
 * current version tells it here, in its own transaction — beside the recency upkeep
 * ({@link MemoryRecency}), which follows the same changes for what is current now.
 */
final class MemoryTimeline {

    private MemoryTimeline() {}

    /** From {@code at} on, {@code entryId} is the key's current version (null: the key is absent). */
    static void changed(Conn c, String namespace, String key, Instant at, Long entryId) throws SQLException {
        HistoryShapes.ChangeRow p = CHANGE_ROWS.get(0);
        c.call(MEMORY_CHANGE)
                .set(p.namespace(), namespace)
                .set(p.key(), key)
                .set(p.at(), at)
                .set(p.entry(), entryId)
                .update();
    }

    /** Each entry is its key's current version from its own write's time on. */
    static void written(Conn c, MemoryEntry e) throws SQLException {
        changed(c, e.namespace(), e.key(), e.updatedAt(), e.id());
    }

    /** As {@link #written} for many new entries (distinct keys), {@value HistoryShapes#BULK} a statement. */
    static void writtenAll(Conn c, List<MemoryEntry> entries) throws SQLException {
        int i = 0;
        for (; i + HistoryShapes.BULK <= entries.size(); i += HistoryShapes.BULK) {
            Call call = c.call(MEMORY_CHANGE_BULK);
            for (int j = 0; j < HistoryShapes.BULK; j++) {
                MemoryEntry e = entries.get(i + j);
                HistoryShapes.ChangeRow p = CHANGE_ROWS.get(j);
                call.set(p.namespace(), e.namespace())
                        .set(p.key(), e.key())
                        .set(p.at(), e.updatedAt())
                        .set(p.entry(), e.id());
            }
            call.update();
        }
        for (; i < entries.size(); i++) {
            written(c, entries.get(i));
        }
    }

    /** From {@code at} on the key has no current version (deleted, expired). */
    static void removed(Conn c, MemoryEntry e, Instant at) throws SQLException {
        changed(c, e.namespace(), e.key(), at, null);
    }
}
