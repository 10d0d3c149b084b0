package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.MEMORY_ENTRIES;
import static io.agentstore.internal.store.MemoryShapes.*;

import io.agentstore.ErrorCode;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Call;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Database;
import io.agentstore.memory.MemoryEntry;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bulk load behind {@code MemoryStore.addAll}: new keys {@value MemoryShapes#BULK} to a
 * statement (their versions, then their recency rows and audit rows likewise), inside the one
 * transaction of the batch.
 */
final class MemoryBulkLoad {

    private final Database db;
    private final MemoryStoreImpl memory;

    MemoryBulkLoad(Database db, MemoryStoreImpl memory) {
        this.db = db;
        this.memory = memory;
    }

    /** Binds row i of a new-key insert ({@code memoryInsertNew} has row 0, {@code memoryInsertBulk} rows 0..63). */
    static Call bindNew(Call call, int i, MemoryStoreImpl.Checked m, Instant now, Instant expires) throws SQLException {
        NewRow p = NEW_ROWS.get(i);
        return call.set(p.namespace(), m.namespace())
                .set(p.key(), m.key())
                .set(p.value(), Stored.json(m.valueText()))
                .set(p.type(), m.type())
                .set(p.metadata(), Stored.json(m.metadataText()))
                .set(p.actor(), m.actor())
                .set(p.at(), now)
                .set(p.expiresAt(), expires)
                .set(p.embedded(), m.embedded());
    }

    /** One full chunk of new keys in one statement; a key that has a current version fails the chunk with CONFLICT. */
    List<MemoryEntry> insert(Conn c, List<MemoryStoreImpl.Checked> chunk, Instant now, String doing)
            throws SQLException {
        Call call = c.call(MEMORY_INSERT_BULK);
        Instant[] expires = new Instant[chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
            MemoryStoreImpl.Checked m = chunk.get(i);
            expires[i] = memory.expiry(m.type(), now);
            bindNew(call, i, m, now, expires[i]);
        }
        Map<String, long[]> inserted = new HashMap<>();
        try {
            c.guarded(() -> {
                call.forEach(r -> inserted.put(
                        r.get(MEMORY_ENTRIES.NAMESPACE) + '\u0000' + r.get(MEMORY_ENTRIES.KEY),
                        new long[] {r.get(MEMORY_ENTRIES.ID), r.get(MEMORY_ENTRIES.VERSION)}));
                return null;
            });
        } catch (SQLException e) {
            if (db.engine().isUniqueViolation(e)) {
                // The statement was undone as a whole; name the key that already had a current version.
                for (MemoryStoreImpl.Checked m : chunk) {
                    Optional<MemoryEntry> current = MemoryStoreImpl.existing(c, m.namespace(), m.key());
                    if (current.isPresent()) {
                        throw Failures.of(
                                ErrorCode.CONFLICT,
                                doing + ": " + MemoryStoreImpl.where(m.namespace(), m.key()) + " exists at version "
                                        + current.get().version() + " (update it, or put it)",
                                e);
                    }
                }
            }
            throw e;
        }
        List<MemoryEntry> out = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            MemoryStoreImpl.Checked m = chunk.get(i);
            long[] row = inserted.get(m.namespace() + '\u0000' + m.key());
            if (row == null) {
                throw new IllegalStateException(doing + ": the bulk insert returned no row for "
                        + MemoryStoreImpl.where(m.namespace(), m.key()));
            }
            out.add(MemoryStoreImpl.firstVersion(m, row[0], (int) row[1], now, expires[i]));
        }
        return out;
    }

    /** The create audit rows of many entries, {@value MemoryShapes#BULK} per statement, the rest one by one. */
    static void audit(Conn c, Instant now, List<MemoryEntry> entries) throws SQLException {
        int i = 0;
        for (; i + BULK <= entries.size(); i += BULK) {
            Call call = c.call(AuditShapes.AUDIT_MEMORY_BULK);
            for (int j = 0; j < BULK; j++) {
                MemoryEntry e = entries.get(i + j);
                AuditShapes.bindMemory(
                        call, AuditShapes.MEMORY_ROWS.get(j), now, e.updatedBy(), MemoryStoreImpl.data(), "create", e);
            }
            call.update();
        }
        for (; i < entries.size(); i++) {
            MemoryEntry e = entries.get(i);
            MemoryStoreImpl.audit(c, now, e.updatedBy(), "create", e, MemoryStoreImpl.data());
        }
    }
}
