package io.agentstore.internal.store;

import static io.agentstore.internal.store.LifecycleShapes.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.db.Tables;
import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.lifecycle.Retention;
import io.agentstore.lifecycle.RetentionPolicy;
import io.agentstore.lifecycle.RetentionReport;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.JSON;

/**
 * Retention runs: one walk per rule, each over one index range in batches of the policy's size,
 * each batch its own write transaction (see {@link Batches}). Walks that would otherwise start
 * from the beginning after a stop keep their position in retention_cursors, written in the
 * batch's own transaction.
 */
final class RetentionImpl implements Retention {

    static final String ACTOR = "system:retention";

    private final Database db;
    private final MemoryStoreImpl memory;

    RetentionImpl(Database db, MemoryStoreImpl memory) {
        this.db = db;
        this.memory = memory;
    }

    @Override
    public RetentionPolicy policy() {
        return db.options().retention();
    }

    @Override
    public RetentionReport run() {
        return run(policy());
    }

    @Override
    public RetentionReport run(RetentionPolicy policy) {
        return execute(Failures.required(policy, "the retention policy"), false, null);
    }

    @Override
    public RetentionReport run(RetentionPolicy policy, Duration budget) {
        Failures.required(budget, "the time budget");
        if (budget.isNegative() || budget.isZero()) {
            throw Failures.invalid("the time budget must be positive: " + budget);
        }
        return execute(Failures.required(policy, "the retention policy"), false, budget);
    }

    @Override
    public RetentionReport dryRun() {
        return dryRun(policy());
    }

    @Override
    public RetentionReport dryRun(RetentionPolicy policy) {
        return execute(Failures.required(policy, "the retention policy"), true, null);
    }

    private RetentionReport execute(RetentionPolicy p, boolean dry, Duration budget) {
        long t0 = System.nanoTime();
        long deadline = budget == null ? t0 + Long.MAX_VALUE / 2 : t0 + budget.toNanos();
        Instant start = db.now();
        Batches b = new Batches(db, dry, p.batchSize(), deadline).paced(p.pace());
        boolean complete = endedSessions(b, p, start)
                && events(b, p, start)
                && memoryVersions(b, p, start)
                && checkpoints(b, p)
                && byId(
                        b,
                        "audit",
                        p.auditOlderThan().map(start::minus).orElse(null),
                        AUDIT_WALK,
                        AFTER_AUDIT,
                        AUDIT_DELETE_RANGE,
                        UP_TO_AUDIT,
                        Tables.AUDIT.ID,
                        Tables.AUDIT.TIMESTAMP)
                && byId(
                        b,
                        "metrics",
                        p.metricsOlderThan().map(start::minus).orElse(null),
                        METRICS_WALK,
                        AFTER_METRIC,
                        METRICS_DELETE_RANGE,
                        UP_TO_METRIC,
                        Tables.METRICS.ID,
                        Tables.METRICS.TIMESTAMP)
                && expired(b, p)
                && searchFeed(b, MEMORY_FEED, p.searchFeedKeepLast())
                && searchFeed(b, DOCUMENT_FEED, p.searchFeedKeepLast());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        Map<String, Long> counts = b.counts();
        if (!dry) {
            long freed = b.run(
                    "retention: giving free pages back", (c, t) -> db.engine().releaseFreePages(c.jdbc()));
            record(counts, complete, freed, took, p);
        }
        return new RetentionReport(dry, complete, counts, start, took);
    }

    /** The run's audit row: its counts, whether it finished, what it gave back. */
    private void record(Map<String, Long> counts, boolean complete, long freed, Duration took, RetentionPolicy p) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        ObjectNode deleted = data.putObject("deleted");
        counts.forEach(deleted::put);
        data.put("complete", complete);
        data.put("freed_pages", freed);
        data.put("took_ms", took.toMillis());
        data.put("policy", p.toString());
        AuditTrailImpl.recordSystem(db, ACTOR, "retention", data, complete ? "complete" : "stopped");
    }

    // ---- cursors ----

    private static Optional<ArrayNode> cursor(Conn c, String walk) throws SQLException {
        return c.call(CURSOR_GET)
                .set(WALK, walk)
                .one(r -> r.get(Tables.RETENTION_CURSORS.POSITION))
                .map(j -> (ArrayNode) Stored.json(j).tree());
    }

    private void keep(Conn c, Batches b, String walk, ArrayNode position) throws SQLException {
        if (position == null) {
            c.call(CURSOR_DELETE).set(WALK, walk).update();
        } else {
            c.call(CURSOR_PUT)
                    .set(WALK, walk)
                    .set(POSITION, JSON.valueOf(position.toString()))
                    .set(CURSOR_AT, db.now())
                    .update();
        }
    }

    private static ArrayNode array(Object... values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Object v : values) {
            a.add(String.valueOf(v));
        }
        return a;
    }

    /** Where a walk stands after a batch: its position, or the end. */
    private record Step(ArrayNode position, boolean end) {}

    // ---- ended sessions ----

    private boolean endedSessions(Batches b, RetentionPolicy p, Instant start) {
        if (p.endedSessionsOlderThan().isEmpty()) {
            return true;
        }
        Instant cutoff = start.minus(p.endedSessionsOlderThan().get());
        Instant afterAt = Timestamps.MIN;
        String afterId = "";
        while (b.go()) {
            Instant at0 = afterAt;
            String id0 = afterId;
            List<Map.Entry<String, Instant>> ended = b.run(
                    "retention: finding ended sessions",
                    (c, t) -> c.call(SESSIONS_ENDED)
                            .set(ENDED_BEFORE, cutoff)
                            .set(AFTER_ENDED, at0)
                            .set(AFTER_SESSION, id0)
                            .set(LIMIT, b.batchSize)
                            .list(r -> Map.entry(r.get(Tables.SESSIONS.ID), r.get(Tables.SESSIONS.TERMINATED_AT))));
            for (Map.Entry<String, Instant> s : ended) {
                if (!b.go()) {
                    return false;
                }
                Purge.session(b, s.getKey());
                afterAt = s.getValue();
                afterId = s.getKey();
            }
            if (ended.size() < b.batchSize) {
                return true;
            }
        }
        return false;
    }

    // ---- events ----

    private boolean events(Batches b, RetentionPolicy p, Instant start) {
        if (p.eventsOlderThan().isEmpty() && p.eventsKeepLast().isEmpty()) {
            return true;
        }
        Instant cutoff = p.eventsOlderThan().map(start::minus).orElse(null);
        Integer keep = p.eventsKeepLast().isPresent() ? p.eventsKeepLast().getAsInt() : null;
        String walk = "events";
        if (cutoff != null) {
            // Reads of events and shared state before the cutoff are refused from here on.
            b.run("retention: event history horizon", (c, t) -> {
                raise(c, "events", cutoff);
                return raise(c, "shared_state", cutoff);
            });
            if (!sharedStates(b, cutoff)) {
                return false;
            }
        }
        String[] pos = {null};
        while (b.go()) {
            Step step = b.run("retention: events", (c, t) -> {
                String from = pos[0] != null
                        ? pos[0]
                        : cursor(c, walk).map(a -> a.get(0).asText()).orElse("");
                List<Map.Entry<String, Long>> sessions = c.call(SESSIONS_WALK)
                        .set(AFTER_SESSION, from)
                        .set(LIMIT, b.batchSize)
                        .list(r -> Map.entry(r.get(Tables.SESSIONS.ID), r.get(Tables.SESSIONS.EVENT_COUNT)));
                int remaining = b.batchSize;
                String done = from;
                boolean cut = false;
                for (Map.Entry<String, Long> s : sessions) {
                    int n = 0;
                    if (keep != null && s.getValue() > keep) {
                        n += c.call(EVENTS_DELETE_UP_TO)
                                .set(EVENTS_OF, s.getKey())
                                .set(UP_TO_SEQ, s.getValue() - keep)
                                .set(LIMIT, b.cap(remaining))
                                .update();
                    }
                    if (cutoff != null && (b.dry || remaining - n > 0)) {
                        n += c.call(EVENTS_DELETE_BEFORE)
                                .set(EVENTS_OF, s.getKey())
                                .set(CREATED_BEFORE, cutoff)
                                .set(LIMIT, b.cap(remaining - n))
                                .update();
                    }
                    t.add("session_events", n);
                    if (cutoff != null) {
                        t.add(
                                "session_states",
                                c.call(SESSION_STATES_AGE)
                                        .set(STATES_OF, s.getKey())
                                        .set(STATES_CUTOFF, cutoff)
                                        .update());
                    }
                    if (keep != null && s.getValue() > keep) {
                        t.add(
                                "session_states",
                                c.call(SESSION_STATES_BEFORE)
                                        .set(STATES_OF, s.getKey())
                                        .set(STATES_BELOW_SEQ, s.getValue() - keep + 1)
                                        .update());
                    }
                    remaining -= n;
                    if (!b.dry && remaining <= 0) {
                        cut = true; // this session may have more: the next batch starts with it
                        break;
                    }
                    done = s.getKey();
                }
                boolean end = !cut && sessions.size() < b.batchSize;
                ArrayNode position = array(done);
                keep(c, b, walk, end ? null : position);
                return new Step(position, end);
            });
            if (step.end()) {
                return true;
            }
            pos[0] = step.position().get(0).asText();
        }
        return false;
    }

    private static int raise(Conn c, String kind, Instant horizon) throws SQLException {
        return c.call(HistoryShapes.HORIZON_RAISE)
                .set(HistoryShapes.KIND, kind)
                .set(HistoryShapes.HORIZON, horizon)
                .update();
    }

    /** Shared-state changes superseded before the cutoff: a walk of shared_states, a group per app or user. */
    private boolean sharedStates(Batches b, Instant cutoff) {
        Object[] pos = {"", "", Timestamps.MIN};
        while (b.go()) {
            Object[] from = pos.clone();
            Object[] next = b.run("retention: shared state history", (c, t) -> {
                List<Object[]> rows = c.call(SHARED_STATES_WALK)
                        .set(SHARED_APP, (String) from[0])
                        .set(SHARED_USER, (String) from[1])
                        .set(SHARED_AFTER_AT, (Instant) from[2])
                        .set(LIMIT, b.batchSize)
                        .list(r -> new Object[] {
                            r.get(Tables.SHARED_STATES.APP_NAME),
                            r.get(Tables.SHARED_STATES.USER_ID),
                            r.get(Tables.SHARED_STATES.CHANGED_AT)
                        });
                String lastApp = null;
                String lastUser = null;
                for (Object[] r : rows) {
                    if (!r[0].equals(lastApp) || !r[1].equals(lastUser)) {
                        lastApp = (String) r[0];
                        lastUser = (String) r[1];
                        t.add(
                                "shared_states",
                                c.call(SHARED_STATES_AGE)
                                        .set(SHARED_APP, lastApp)
                                        .set(SHARED_USER, lastUser)
                                        .set(SHARED_CUTOFF, cutoff)
                                        .update());
                    }
                }
                if (rows.size() < b.batchSize) {
                    return null;
                }
                return new Object[] {lastApp, lastUser, Timestamps.MAX};
            });
            if (next == null) {
                return true;
            }
            pos = next;
        }
        return false;
    }

    // ---- memory versions ----

    private record Version(String namespace, String key, int version, boolean current, Instant updatedAt) {}

    private boolean memoryVersions(Batches b, RetentionPolicy p, Instant start) {
        if (p.memoryVersionsOlderThan().isEmpty() && p.memoryVersionsKeepLast().isEmpty()) {
            return true;
        }
        Instant cutoff = p.memoryVersionsOlderThan().map(start::minus).orElse(Timestamps.MIN);
        boolean byAge = p.memoryVersionsOlderThan().isPresent();
        Integer keep = p.memoryVersionsKeepLast().isPresent()
                ? p.memoryVersionsKeepLast().getAsInt()
                : null;
        String walk = "memory";
        ArrayNode[] pos = {null};
        while (b.go()) {
            Step step = b.run("retention: memory versions", (c, t) -> {
                ArrayNode from = pos[0] != null ? pos[0] : cursor(c, walk).orElse(array("", ""));
                List<Version> rows = c.call(MEMORY_KEYS_WALK)
                        .set(AFTER_NAMESPACE, from.get(0).asText())
                        .set(AFTER_KEY, from.get(1).asText())
                        .set(AFTER_VERSION, Integer.MAX_VALUE) // past every version of the last key walked
                        .set(HIGH, Purge.ABOVE_EVERY_NAMESPACE)
                        .set(LIMIT, b.batchSize)
                        .list(r -> new Version(
                                r.get(Tables.MEMORY_ENTRIES.NAMESPACE),
                                r.get(Tables.MEMORY_ENTRIES.KEY),
                                r.get(Tables.MEMORY_ENTRIES.VERSION),
                                r.get(Tables.MEMORY_ENTRIES.IS_CURRENT),
                                r.get(Tables.MEMORY_ENTRIES.UPDATED_AT)));
                boolean full = rows.size() == b.batchSize;
                int i = 0;
                while (i < rows.size()) {
                    Version first = rows.get(i);
                    int j = i;
                    boolean old = false;
                    boolean retired = false;
                    while (j < rows.size()
                            && rows.get(j).namespace().equals(first.namespace())
                            && rows.get(j).key().equals(first.key())) {
                        Version v = rows.get(j);
                        retired |= !v.current();
                        old |= !v.current() && v.updatedAt().isBefore(cutoff);
                        j++;
                    }
                    boolean lastOfBatch = j == rows.size() && full; // the key may have versions past the batch
                    boolean tooMany = keep != null && (j - i > keep || lastOfBatch);
                    if (old || (tooMany && (retired || lastOfBatch))) {
                        prune(c, t, first.namespace(), first.key(), keep, cutoff, byAge);
                    }
                    i = j;
                }
                boolean end = !full;
                ArrayNode position = rows.isEmpty()
                        ? from
                        : array(
                                rows.get(rows.size() - 1).namespace(),
                                rows.get(rows.size() - 1).key());
                keep(c, b, walk, end ? null : position);
                return new Step(position, end);
            });
            if (step.end()) {
                return true;
            }
            pos[0] = step.position();
        }
        return false;
    }

    /**
     * Deletes a key's prunable versions under the key's lock (the lock its writers take): never
     * the current one, so a rollback or update that ran first is seen, and one that runs after
     * finds only what is left.
     */
    private static void prune(
            Conn c, Batches.Tally t, String ns, String key, Integer keep, Instant cutoff, boolean byAge)
            throws SQLException {
        c.lockKey(ns + '/' + key);
        int below = 0;
        if (keep != null) {
            below = c.call(MEMORY_NTH_NEWEST)
                    .set(NAMESPACE, ns)
                    .set(KEY, key)
                    .set(SKIP, keep - 1)
                    .one(r -> r.get(Tables.MEMORY_ENTRIES.VERSION))
                    .orElse(0);
        }
        c.call(MEMORY_CHANGES_FORGET)
                .set(NAMESPACE, ns)
                .set(KEY, key)
                .set(BELOW_VERSION, below)
                .set(UPDATED_BEFORE, cutoff)
                .update();
        if (byAge) {
            c.call(MEMORY_CHANGES_AGE)
                    .set(NAMESPACE, ns)
                    .set(KEY, key)
                    .set(CHANGES_CUTOFF, cutoff)
                    .update();
            t.add(
                    "memory_changes",
                    c.call(MEMORY_CHANGES_TRIM)
                            .set(NAMESPACE, ns)
                            .set(KEY, key)
                            .set(CHANGES_CUTOFF, cutoff)
                            .update());
        }
        t.add(
                "memory_vectors",
                c.call(MEMORY_PRUNE_VECTORS)
                        .set(NAMESPACE, ns)
                        .set(KEY, key)
                        .set(BELOW_VERSION, below)
                        .set(UPDATED_BEFORE, cutoff)
                        .update());
        t.add(
                "memory_entries",
                c.call(MEMORY_PRUNE)
                        .set(NAMESPACE, ns)
                        .set(KEY, key)
                        .set(BELOW_VERSION, below)
                        .set(UPDATED_BEFORE, cutoff)
                        .update());
    }

    // ---- checkpoints ----

    private boolean checkpoints(Batches b, RetentionPolicy p) {
        if (p.checkpointsKeepLast().isEmpty()) {
            return true;
        }
        int keep = p.checkpointsKeepLast().getAsInt();
        String walk = "checkpoints";
        String[] pos = {null};
        while (b.go()) {
            Step step = b.run("retention: checkpoints", (c, t) -> {
                String from = pos[0] != null
                        ? pos[0]
                        : cursor(c, walk).map(a -> a.get(0).asText()).orElse("");
                List<String> tasks = c.call(CHECKPOINTS_WALK)
                        .set(AFTER_TASK, from)
                        .set(AFTER_ITERATION, Integer.MAX_VALUE)
                        .set(LIMIT, b.batchSize)
                        .list(r -> r.get(Tables.CHECKPOINTS.TASK_ID));
                boolean full = tasks.size() == b.batchSize;
                int remaining = b.batchSize;
                String done = from;
                boolean cut = false;
                int i = 0;
                while (i < tasks.size()) {
                    String task = tasks.get(i);
                    int j = i;
                    while (j < tasks.size() && tasks.get(j).equals(task)) {
                        j++;
                    }
                    if (j - i > keep || (j == tasks.size() && full)) {
                        int n = t.add(
                                "checkpoints",
                                c.call(CHECKPOINTS_PRUNE)
                                        .set(CHECKPOINT_TASK, task)
                                        .set(KEEP, keep)
                                        .set(LIMIT, b.cap(remaining))
                                        .update());
                        remaining -= n;
                        if (!b.dry && remaining <= 0) {
                            cut = true;
                            break;
                        }
                    }
                    done = task;
                    i = j;
                }
                boolean end = !cut && !full;
                ArrayNode position = array(done);
                keep(c, b, walk, end ? null : position);
                return new Step(position, end);
            });
            if (step.end()) {
                return true;
            }
            pos[0] = step.position().get(0).asText();
        }
        return false;
    }

    // ---- audit and metrics: rows in id order, which is time order as the library writes them ----

    private boolean byId(
            Batches b,
            String table,
            Instant cutoff,
            io.agentstore.internal.shape.Shape walkShape,
            io.agentstore.internal.shape.Param<Long> after,
            io.agentstore.internal.shape.Shape deleteShape,
            io.agentstore.internal.shape.Param<Long> upTo,
            org.jooq.Field<Long> id,
            org.jooq.Field<Instant> time) {
        if (cutoff == null) {
            return true;
        }
        long pos = 0;
        while (b.go()) {
            long from = pos;
            long[] next = b.run("retention: " + table, (c, t) -> {
                List<Map.Entry<Long, Instant>> rows = c.call(walkShape)
                        .set(after, from)
                        .set(LIMIT, b.batchSize)
                        .list(r -> Map.entry(r.get(id), r.get(time)));
                int old = 0;
                while (old < rows.size() && rows.get(old).getValue().isBefore(cutoff)) {
                    old++;
                }
                long last = from;
                if (old > 0) {
                    last = rows.get(old - 1).getKey();
                    t.add(
                            table,
                            c.call(deleteShape).set(after, from).set(upTo, last).update());
                }
                // The first row at or after the cutoff ends the walk: the rows after it are newer.
                boolean end = old < rows.size() || rows.size() < b.batchSize;
                return new long[] {last, end ? 1 : 0};
            });
            if (next[1] == 1) {
                return true;
            }
            pos = next[0];
        }
        return false;
    }

    // ---- the search feeds ----

    /**
     * Trims a search feed to its newest {@code keep} rows: the floor is raised past the rows to go
     * in the transaction of the first batch (a reader that had not read them builds its index
     * again), then they go batch by batch.
     */
    private boolean searchFeed(Batches b, FeedShapes feed, int keep) {
        Long cut = b.run("retention: the " + feed.feed() + " search feed", (c, t) -> {
            Long newest =
                    c.call(feed.newest()).one(r -> r.get(feed.newestField())).orElse(null);
            if (newest == null || newest - keep < 1) {
                return null;
            }
            long upTo = newest - keep;
            Long floor = c.call(feed.floorOf())
                    .set(feed.cut(), upTo)
                    .one(r -> r.get(feed.floorField()))
                    .orElse(null);
            if (floor != null) {
                c.call(FEED_FLOOR_RAISE)
                        .set(FEED, feed.feed())
                        .set(FLOOR, floor)
                        .update();
            }
            return upTo;
        });
        if (cut == null) {
            return true;
        }
        String table = feed == MEMORY_FEED ? "memory_vector_changes" : "document_vector_changes";
        while (b.go()) {
            int n = b.run(
                    "retention: the " + feed.feed() + " search feed",
                    (c, t) -> t.add(
                            table,
                            c.call(feed.prune())
                                    .set(feed.cut(), cut)
                                    .set(LIMIT, b.cap(b.batchSize))
                                    .update()));
            if (b.dry || n < b.batchSize) {
                return true;
            }
        }
        return false;
    }

    // ---- expired episodic memory ----

    private boolean expired(Batches b, RetentionPolicy p) {
        if (!p.expiredMemory()) {
            return true;
        }
        while (b.go()) {
            int n = b.run(
                    "retention: expired memory",
                    (c, t) -> t.add("expired_memory", memory.sweepExpired(c, b.cap(b.batchSize))));
            if (b.dry || n < b.batchSize) {
                return true;
            }
        }
        return false;
    }
}
