package io.agentstore.internal.store;

import static io.agentstore.internal.store.MemoryShapes.*;

import io.agentstore.internal.database.Call;
import io.agentstore.internal.database.Conn;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.Namespaces;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The upkeep of {@code memory_recency}: one row per ancestor prefix of each current version, so
 * that the newest entries under any prefix are one index range. Written, moved and deleted in
 * the same transaction as the version they index.
 */
final class MemoryRecency {

    private MemoryRecency() {}

    /** The entry's recency rows, one per ancestor prefix: one statement up to {@value MemoryShapes#PREFIX_SLOTS} deep. */
    static void index(Conn c, MemoryEntry e) throws SQLException {
        List<String> prefixes = Namespaces.prefixes(e.namespace());
        int depth = prefixes.size();
        if (depth >= 2 && depth <= PREFIX_SLOTS) {
            Call call = c.call(RECENCY_INSERT_DEPTH.get(depth - 2));
            for (int i = 0; i < depth; i++) {
                call.set(PREFIXES.get(i), prefixes.get(i));
            }
            call.set(RECENCY_AT, e.updatedAt())
                    .set(ENTRY_ID, e.id())
                    .set(RECENCY_TYPE, e.type())
                    .update();
            return;
        }
        for (String prefix : prefixes) {
            c.call(RECENCY_INSERT)
                    .set(PREFIX, prefix)
                    .set(RECENCY_AT, e.updatedAt())
                    .set(ENTRY_ID, e.id())
                    .set(RECENCY_TYPE, e.type())
                    .update();
        }
    }

    /** Deletes the entry's recency rows: one statement up to {@value MemoryShapes#PREFIX_SLOTS} deep. */
    static void unindex(Conn c, MemoryEntry e) throws SQLException {
        List<String> prefixes = Namespaces.prefixes(e.namespace());
        if (prefixes.size() <= PREFIX_SLOTS) {
            bindPrefixSlots(c.call(RECENCY_DELETE_ENTRY), prefixes)
                    .set(RECENCY_AT, e.updatedAt())
                    .set(ENTRY_ID, e.id())
                    .update();
            return;
        }
        for (String prefix : prefixes) {
            c.call(RECENCY_DELETE)
                    .set(PREFIX, prefix)
                    .set(RECENCY_AT, e.updatedAt())
                    .set(ENTRY_ID, e.id())
                    .update();
        }
    }

    /** An entry's prefixes in the slots of {@link MemoryShapes#PREFIXES}; the slots past its depth null (matching no row). */
    static Call bindPrefixSlots(Call call, List<String> prefixes) throws SQLException {
        for (int i = 0; i < PREFIX_SLOTS; i++) {
            call.set(PREFIXES.get(i), i < prefixes.size() ? prefixes.get(i) : null);
        }
        return call;
    }

    /**
     * Moves the recency rows of {@code from} to {@code to}, another version of the same key that
     * takes its place as current: one statement up to {@value MemoryShapes#PREFIX_SLOTS} deep.
     */
    static void move(Conn c, MemoryEntry from, MemoryEntry to) throws SQLException {
        List<String> prefixes = Namespaces.prefixes(from.namespace());
        if (prefixes.size() > PREFIX_SLOTS) {
            unindex(c, from);
            index(c, to);
            return;
        }
        int moved = bindPrefixSlots(c.call(RECENCY_MOVE_ENTRY), prefixes)
                .set(RECENCY_AT, from.updatedAt())
                .set(ENTRY_ID, from.id())
                .set(NEW_RECENCY_AT, to.updatedAt())
                .set(NEW_ENTRY_ID, to.id())
                .set(RECENCY_TYPE, to.type())
                .update();
        if (moved != prefixes.size()) {
            // Derived rows gone missing (rows edited by hand): write the new version's set whole.
            unindex(c, to);
            index(c, to);
        }
    }

    /** The recency rows of many entries, {@value MemoryShapes#BULK} per statement, the rest one by one. */
    static void indexAll(Conn c, List<MemoryEntry> entries) throws SQLException {
        List<String> prefixes = new ArrayList<>();
        List<MemoryEntry> owners = new ArrayList<>();
        for (MemoryEntry e : entries) {
            for (String p : Namespaces.prefixes(e.namespace())) {
                prefixes.add(p);
                owners.add(e);
            }
        }
        int i = 0;
        for (; i + BULK <= prefixes.size(); i += BULK) {
            Call call = c.call(RECENCY_INSERT_BULK);
            for (int j = 0; j < BULK; j++) {
                MemoryEntry e = owners.get(i + j);
                RecencyRow p = RECENCY_ROWS.get(j);
                call.set(p.prefix(), prefixes.get(i + j))
                        .set(p.updatedAt(), e.updatedAt())
                        .set(p.entryId(), e.id())
                        .set(p.type(), e.type());
            }
            call.update();
        }
        for (; i < prefixes.size(); i++) {
            MemoryEntry e = owners.get(i);
            c.call(RECENCY_INSERT)
                    .set(PREFIX, prefixes.get(i))
                    .set(RECENCY_AT, e.updatedAt())
                    .set(ENTRY_ID, e.id())
                    .set(RECENCY_TYPE, e.type())
                    .update();
        }
    }
}
