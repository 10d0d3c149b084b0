package io.agentstore.bench;

import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.internal.shape.RenderedShapes;
import io.agentstore.internal.store.AllShapes;
import io.agentstore.memory.Namespaces;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.SQLDialect;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.sqlite.SQLiteConfig;

/**
 * The raw-JDBC twins of the write shapes: the library's own SQL (its registered shapes, as
 * rendered), run the way a careful hand-written JDBC layer would (one connection per thread,
 * reused PreparedStatements, BEGIN IMMEDIATE … COMMIT per operation, SQLite's default
 * checkpointing), with none of the library's validation, group commit or checkpointer.
 */
public final class RawWriter implements AutoCloseable {

    /**
     * Each benchmark thread's twin on the benchmark's file, which {@link WriteBenchmarks#copyOfDataset}
     * named after the benchmark class and scale.
     */
    @State(Scope.Thread)
    public static class PerThread {
        RawWriter writer;

        @Setup(Level.Trial)
        public void open(BenchmarkParams params) throws SQLException {
            // getBenchmark() is "<package>.<Class>.<method>": the class is the second-last part.
            String[] parts = params.getBenchmark().split("\\.");
            writer = new RawWriter(WriteBenchmarks.fileOf(
                    params.getParam("dir"), parts[parts.length - 2], Integer.parseInt(params.getParam("memories"))));
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            writer.close();
        }
    }

    private static final RenderedShapes SHAPES = new RenderedShapes(SQLDialect.SQLITE, AllShapes.all());

    /** Namespaces up to this deep have their recency rows written and deleted by one statement (MemoryShapes). */
    private static final int SLOTS = 8;

    private final Connection c;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    private final Stmt memoryInsertNew = new Stmt("memoryInsertNew");
    private final Stmt memoryRetireCurrent = new Stmt("memoryRetireCurrent");
    private final Stmt memoryInsertNext = new Stmt("memoryInsertNext");
    private final Stmt recencyInsert = new Stmt("recencyInsert");
    private final Stmt recencyMoveEntry = new Stmt("recencyMoveEntry");
    /** The one-statement recency inserts by namespace depth (2 … 8), as the library runs them. */
    private final Map<Integer, Stmt> recencyInsertDepth = new HashMap<>();

    private final Stmt auditMemory = new Stmt("auditMemory");
    private final Stmt memoryChange = new Stmt("memoryChange");
    private final Stmt nextSeq = new Stmt("sessionNextSeq");
    private final Stmt eventInsert = new Stmt("eventInsert");
    private final Stmt taskClaim = new Stmt("taskClaim");

    /** One shape's statement on this connection. */
    private final class Stmt {
        final RenderedShapes.Rendered shape;
        PreparedStatement ps;

        Stmt(String name) {
            shape = SHAPES.get(AllShapes.byName(name));
        }

        PreparedStatement bind(Object... namesAndValues) throws SQLException {
            if (ps == null) {
                ps = c.prepareStatement(shape.sql());
            }
            // Every parameter of the shape, by name: a parameter the library added later and the
            // twin does not bind would otherwise go in as NULL.
            java.util.Set<String> given = new java.util.HashSet<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                given.add((String) namesAndValues[i]);
            }
            for (int slot = 0; slot < shape.paramCount(); slot++) {
                if (!given.contains(shape.param(slot).name())) {
                    throw new IllegalStateException(
                            "the raw twin of " + shape.shape().name() + " does not bind its parameter "
                                    + shape.param(slot).name());
                }
            }
            for (int i = 0; i < namesAndValues.length; i += 2) {
                Object v = namesAndValues[i + 1];
                for (int at : shape.positionsOf((String) namesAndValues[i])) {
                    if (v == null) {
                        ps.setNull(at, Types.NULL);
                    } else if (v instanceof Instant t) {
                        ps.setString(at, Timestamps.format(t));
                    } else {
                        ps.setObject(at, v);
                    }
                }
            }
            return ps;
        }
    }

    RawWriter(Path file) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.enforceForeignKeys(true);
        // 16 raw writers race for BEGIN IMMEDIATE through SQLite's sleeping busy handler, which is
        // not fair: on 2 cores one of them has waited past 5 s (a failed run of the quick profile).
        // The twin times the SQL, not the wait bound, so it waits long enough never to give up.
        cfg.setBusyTimeout(120_000);
        cfg.setCacheSize(-65_536);
        cfg.setGetGeneratedKeys(false);
        c = cfg.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        begin = c.prepareStatement("BEGIN IMMEDIATE");
        commit = c.prepareStatement("COMMIT");
        rollback = c.prepareStatement("ROLLBACK");
    }

    private static Instant now() {
        return Timestamps.truncate(Instant.now());
    }

    private interface Body<T> {
        T run() throws SQLException;
    }

    private <T> T tx(Body<T> body) throws SQLException {
        begin.execute();
        try {
            T out = body.run();
            commit.execute();
            return out;
        } catch (SQLException | RuntimeException e) {
            rollback.execute();
            throw e;
        }
    }

    private static long one(PreparedStatement ps, long orElse) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : orElse;
        }
    }

    /** The id and version an insert of a memory version returned. */
    private static long[] inserted(PreparedStatement insert) throws SQLException {
        try (ResultSet rs = insert.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong("id"), rs.getLong("version")};
        }
    }

    /** A new key's first version (its version number from the key's earlier ones, in SQL), its recency rows, its change of current version and its audit row. */
    long memoryAdd(String namespace, String key, String valueJson, String actor) throws SQLException {
        return tx(() -> {
            Instant now = now();
            long[] row = inserted(memoryInsertNew.bind(
                    "namespace0", namespace,
                    "key0", key,
                    "value0", valueJson,
                    "type0", "semantic",
                    "metadata0", "{}",
                    "actor0", actor,
                    "at0", now,
                    "expiresAt0", null,
                    "embedded0", 0));
            long id = row[0];
            int version = (int) row[1];
            indexRecency(namespace, now, id);
            changed(namespace, key, now, id);
            audit(namespace, key, actor, version, id, now, "create");
            return id;
        });
    }

    /** A new version of an existing key: the current one retired (and read) by one statement, the next inserted, the recency rows moved, the audit row. */
    long memoryUpdate(String namespace, String key, String valueJson) throws SQLException {
        return tx(() -> {
            long oldId;
            String oldAt;
            String createdBy;
            String createdAt;
            try (ResultSet rs = memoryRetireCurrent
                    .bind("deleted", 0, "namespace", namespace, "key", key, "expectedVersion", null)
                    .executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("missing: " + key);
                }
                oldId = rs.getLong("id");
                oldAt = rs.getString("updated_at");
                createdBy = rs.getString("created_by");
                createdAt = rs.getString("created_at");
            }
            Instant now = now();
            long[] row = inserted(memoryInsertNext.bind(
                    "namespace", namespace,
                    "key", key,
                    "value", valueJson,
                    "type", "semantic",
                    "metadata", "{}",
                    "createdBy", createdBy,
                    "updatedBy", null,
                    "createdAt", createdAt,
                    "updatedAt", now,
                    "expiresAt", null,
                    "embedded", 0));
            long id = row[0];
            int version = (int) row[1];
            List<String> prefixes = Namespaces.prefixes(namespace);
            if (prefixes.size() > SLOTS) {
                throw new IllegalArgumentException(
                        "the raw twin moves recency rows of namespaces up to " + SLOTS + " deep");
            }
            Object[] binds = new Object[2 * SLOTS + 10];
            for (int i = 0; i < SLOTS; i++) {
                binds[2 * i] = "prefix" + i;
                binds[2 * i + 1] = i < prefixes.size() ? prefixes.get(i) : null;
            }
            Object[] rest = {
                "updatedAt", oldAt, "entryId", oldId, "newUpdatedAt", now, "newEntryId", id, "type", "semantic"
            };
            System.arraycopy(rest, 0, binds, 2 * SLOTS, rest.length);
            recencyMoveEntry.bind(binds).executeUpdate();
            changed(namespace, key, now, id);
            audit(namespace, key, null, version, id, now, "update");
            return id;
        });
    }

    private void indexRecency(String namespace, Instant now, long id) throws SQLException {
        List<String> prefixes = Namespaces.prefixes(namespace);
        if (prefixes.size() >= 2 && prefixes.size() <= SLOTS) {
            Object[] binds = new Object[2 * prefixes.size() + 6];
            for (int i = 0; i < prefixes.size(); i++) {
                binds[2 * i] = "prefix" + i;
                binds[2 * i + 1] = prefixes.get(i);
            }
            int at = 2 * prefixes.size();
            binds[at] = "updatedAt";
            binds[at + 1] = now;
            binds[at + 2] = "entryId";
            binds[at + 3] = id;
            binds[at + 4] = "type";
            binds[at + 5] = "semantic";
            recencyInsertDepth
                    .computeIfAbsent(prefixes.size(), k -> new Stmt("recencyInsertDepth" + k))
                    .bind(binds)
                    .executeUpdate();
        } else {
            for (String prefix : prefixes) {
                recencyInsert
                        .bind("prefix", prefix, "updatedAt", now, "entryId", id, "type", "semantic")
                        .executeUpdate();
            }
        }
    }

    /** The key's change of current version (memory_changes), as the library records it. */
    private void changed(String namespace, String key, Instant now, long id) throws SQLException {
        memoryChange
                .bind("namespace0", namespace, "key0", key, "changedAt0", now, "entryId0", id)
                .executeUpdate();
    }

    private void audit(String namespace, String key, String actor, int version, long id, Instant now, String operation)
            throws SQLException {
        auditMemory
                .bind(
                        "timestamp0", now,
                        "actor0", actor,
                        "data0", "{\"key\":\"" + key + "\",\"version\":" + version + "}",
                        "operation0", operation,
                        "namespace0", namespace,
                        "entryId0", id,
                        "key0", key,
                        "version0", version)
                .executeUpdate();
    }

    /** The next seq of a session and the event row. */
    long eventAppend(String sessionId, String contentJson) throws SQLException {
        return tx(() -> {
            Instant now = now();
            long seq = one(nextSeq.bind("now", now, "id", sessionId), -1);
            eventInsert
                    .bind(
                            "sessionId",
                            sessionId,
                            "seq",
                            seq,
                            "type",
                            "message",
                            "actor",
                            "user",
                            "content",
                            contentJson,
                            "delta",
                            null,
                            "createdAt",
                            now)
                    .executeUpdate();
            return seq;
        });
    }

    /** Claims the most urgent runnable task (one statement, as the library's claim); null if none. */
    String taskClaim() throws SQLException {
        return tx(() -> {
            try (ResultSet rs = taskClaim.bind("now", now(), "limit", 1).executeQuery()) {
                return rs.next() ? rs.getString("id") : null;
            }
        });
    }

    @Override
    public void close() throws SQLException {
        for (Stmt s : new Stmt[] {
            memoryInsertNew,
            memoryRetireCurrent,
            memoryInsertNext,
            recencyInsert,
            recencyMoveEntry,
            auditMemory,
            memoryChange,
            nextSeq,
            eventInsert,
            taskClaim
        }) {
            if (s.ps != null) {
                s.ps.close();
            }
        }
        for (Stmt s : recencyInsertDepth.values()) {
            if (s.ps != null) {
                s.ps.close();
            }
        }
        begin.close();
        commit.close();
        rollback.close();
        c.close();
    }
}
