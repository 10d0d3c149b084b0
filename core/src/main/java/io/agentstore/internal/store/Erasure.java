package io.agentstore.internal.store;

import static io.agentstore.internal.store.LifecycleShapes.AFTER_APP;
import static io.agentstore.internal.store.LifecycleShapes.AFTER_AUDIT;
import static io.agentstore.internal.store.LifecycleShapes.AFTER_CREATED;
import static io.agentstore.internal.store.LifecycleShapes.AFTER_ENTRY;
import static io.agentstore.internal.store.LifecycleShapes.AFTER_SESSION;
import static io.agentstore.internal.store.LifecycleShapes.AFTER_TASK_ID;
import static io.agentstore.internal.store.LifecycleShapes.AFTER_USER;
import static io.agentstore.internal.store.LifecycleShapes.APP;
import static io.agentstore.internal.store.LifecycleShapes.AUDIT_ACTOR;
import static io.agentstore.internal.store.LifecycleShapes.AUDIT_FORGET_ACTOR;
import static io.agentstore.internal.store.LifecycleShapes.AUDIT_WALK;
import static io.agentstore.internal.store.LifecycleShapes.ENTRIES_BATCH_END;
import static io.agentstore.internal.store.LifecycleShapes.ENTRIES_FORGET_PERSON;
import static io.agentstore.internal.store.LifecycleShapes.LIMIT;
import static io.agentstore.internal.store.LifecycleShapes.PERSON;
import static io.agentstore.internal.store.LifecycleShapes.SESSIONS_OF_USER;
import static io.agentstore.internal.store.LifecycleShapes.STATE_APP;
import static io.agentstore.internal.store.LifecycleShapes.STATE_USER;
import static io.agentstore.internal.store.LifecycleShapes.TASKS_BATCH_END;
import static io.agentstore.internal.store.LifecycleShapes.TASKS_FORGET_CREATOR;
import static io.agentstore.internal.store.LifecycleShapes.TASK_CREATOR;
import static io.agentstore.internal.store.LifecycleShapes.UP_TO_AUDIT;
import static io.agentstore.internal.store.LifecycleShapes.UP_TO_ENTRY;
import static io.agentstore.internal.store.LifecycleShapes.UP_TO_TASK_ID;
import static io.agentstore.internal.store.LifecycleShapes.USER;
import static io.agentstore.internal.store.LifecycleShapes.USER_STATES_WALK;
import static io.agentstore.internal.store.LifecycleShapes.USER_STATE_DELETE;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.db.Tables;
import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.lifecycle.ErasureReport;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases everything of one user, in one app or in every app: their sessions with everything that
 * belongs to them ({@link Purge#session}), their {@code user:<id>} memory, their shared user
 * state; and clears their id where it names them as the author of data that is kept (memory
 * versions' created_by / updated_by elsewhere, audit actors, task creators). Batched like a
 * retention run, with SQLite's secure delete on for every batch; passes repeat until one finds
 * nothing, so that what the user wrote while an earlier pass ran is erased too.
 */
final class Erasure {

    static final String ACTOR = "system:erasure";
    private static final int BATCH = 500;
    private static final int SCAN = 5_000;
    private static final int MAX_PASSES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(Erasure.class);

    private final Database db;

    Erasure(Database db) {
        this.db = db;
    }

    ErasureReport erase(String app, String user) {
        Check.id("user id", user);
        if (app != null) {
            Check.id("app name", app);
        }
        Batches b = new Batches(db, false, BATCH, System.nanoTime() + Long.MAX_VALUE / 2).secure();
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            long before = b.total();
            sessions(b, app, user);
            Purge.namespace(b, "user:" + user);
            userStates(b, app, user);
            if (pass == 0) {
                forgetPerson(b, user);
            }
            if (b.total() == before) {
                break;
            }
        }
        boolean logEmptied;
        try {
            logEmptied = db.transactions().truncateLog();
        } catch (SQLException e) {
            logEmptied = false;
            LOG.warn("erasing a user: the write-ahead log could not be emptied; the next checkpoint does", e);
        }
        ErasureReport report = new ErasureReport(b.counts(), b.scrubbed());
        record(report, app == null, logEmptied);
        return report;
    }

    private void sessions(Batches b, String app, String user) {
        Instant afterAt = Timestamps.MIN;
        String afterId = "";
        while (true) {
            Instant at0 = afterAt;
            String id0 = afterId;
            List<Map.Entry<String, Instant>> found = b.run(
                    "erasing a user: finding their sessions",
                    (c, t) -> c.call(SESSIONS_OF_USER)
                            .set(USER, user)
                            .set(APP, app)
                            .set(AFTER_CREATED, at0)
                            .set(AFTER_SESSION, id0)
                            .set(LIMIT, BATCH)
                            .list(r -> Map.entry(r.get(Tables.SESSIONS.ID), r.get(Tables.SESSIONS.CREATED_AT))));
            for (Map.Entry<String, Instant> s : found) {
                Purge.session(b, s.getKey());
                afterAt = s.getValue();
                afterId = s.getKey();
            }
            if (found.size() < BATCH) {
                return;
            }
        }
    }

    private void userStates(Batches b, String app, String user) {
        if (app != null) {
            b.run("erasing a user's shared state", (c, t) -> {
                t.add(
                        "shared_states",
                        c.call(LifecycleShapes.SHARED_STATES_DELETE)
                                .set(LifecycleShapes.SHARED_APP, app)
                                .set(LifecycleShapes.SHARED_USER, user)
                                .update());
                return t.add(
                        "user_states",
                        c.call(USER_STATE_DELETE)
                                .set(STATE_APP, app)
                                .set(STATE_USER, user)
                                .update());
            });
            return;
        }
        sharedHistoryEverywhere(b, user);
        String afterApp = "";
        String afterUser = "";
        while (true) {
            String a0 = afterApp;
            String u0 = afterUser;
            List<Map.Entry<String, String>> keys = b.run("erasing a user's shared state in every app", (c, t) -> {
                List<Map.Entry<String, String>> rows = c.call(USER_STATES_WALK)
                        .set(AFTER_APP, a0)
                        .set(AFTER_USER, u0)
                        .set(LIMIT, SCAN)
                        .list(r -> Map.entry(r.get(Tables.USER_STATES.APP_NAME), r.get(Tables.USER_STATES.USER_ID)));
                for (Map.Entry<String, String> k : rows) {
                    if (k.getValue().equals(user)) {
                        t.add(
                                "user_states",
                                c.call(USER_STATE_DELETE)
                                        .set(STATE_APP, k.getKey())
                                        .set(STATE_USER, user)
                                        .update());
                    }
                }
                return rows;
            });
            if (keys.size() < SCAN) {
                return;
            }
            afterApp = keys.get(keys.size() - 1).getKey();
            afterUser = keys.get(keys.size() - 1).getValue();
        }
    }

    /** The user's shared-state history in every app: a walk of shared_states' primary key. */
    private void sharedHistoryEverywhere(Batches b, String user) {
        String afterApp = "";
        String afterUser = "";
        Instant afterAt = Timestamps.MIN;
        while (true) {
            String a0 = afterApp;
            String u0 = afterUser;
            Instant t0 = afterAt;
            List<Object[]> rows = b.run("erasing a user's shared state history in every app", (c, t) -> {
                List<Object[]> read = c.call(LifecycleShapes.SHARED_STATES_WALK)
                        .set(LifecycleShapes.SHARED_APP, a0)
                        .set(LifecycleShapes.SHARED_USER, u0)
                        .set(LifecycleShapes.SHARED_AFTER_AT, t0)
                        .set(LIMIT, SCAN)
                        .list(r -> new Object[] {
                            r.get(Tables.SHARED_STATES.APP_NAME),
                            r.get(Tables.SHARED_STATES.USER_ID),
                            r.get(Tables.SHARED_STATES.CHANGED_AT)
                        });
                String deletedApp = null;
                for (Object[] r : read) {
                    if (r[1].equals(user) && !r[0].equals(deletedApp)) {
                        t.add(
                                "shared_states",
                                c.call(LifecycleShapes.SHARED_STATES_DELETE)
                                        .set(LifecycleShapes.SHARED_APP, (String) r[0])
                                        .set(LifecycleShapes.SHARED_USER, user)
                                        .update());
                        deletedApp = (String) r[0];
                    }
                }
                return read;
            });
            if (rows.size() < SCAN) {
                return;
            }
            Object[] last = rows.get(rows.size() - 1);
            afterApp = (String) last[0];
            afterUser = (String) last[1];
            afterAt = (Instant) last[2];
        }
    }

    /** Clears the user's id where it names them as the author of kept data: a walk of each table's primary key. */
    private void forgetPerson(Batches b, String user) {
        String asUser = "user:" + user;
        walkRanges(b, "erasing a user: clearing them as a memory author", 0L, (c, t, from) -> {
            Long upTo = c.call(ENTRIES_BATCH_END)
                    .set(AFTER_ENTRY, from)
                    .set(LIMIT, SCAN)
                    .one(r -> r.get(LifecycleShapes.ENTRIES_END))
                    .orElse(null);
            if (upTo != null) {
                t.scrub(
                        "memory_entries",
                        c.call(ENTRIES_FORGET_PERSON)
                                .set(AFTER_ENTRY, from)
                                .set(UP_TO_ENTRY, upTo)
                                .set(PERSON, user)
                                .set(LifecycleShapes.PERSON_AS_USER, asUser)
                                .update());
            }
            return upTo;
        });
        walkRanges(b, "erasing a user: clearing them as an audit actor", 0L, (c, t, from) -> {
            List<Long> ids =
                    c.call(AUDIT_WALK).set(AFTER_AUDIT, from).set(LIMIT, SCAN).list(r -> r.get(Tables.AUDIT.ID));
            Long upTo = ids.isEmpty() ? null : ids.get(ids.size() - 1);
            if (upTo != null) {
                t.scrub(
                        "audit",
                        c.call(AUDIT_FORGET_ACTOR)
                                .set(AFTER_AUDIT, from)
                                .set(UP_TO_AUDIT, upTo)
                                .set(AUDIT_ACTOR, user)
                                .set(LifecycleShapes.AUDIT_ACTOR_AS_USER, asUser)
                                .update());
            }
            return upTo;
        });
        walkRanges(b, "erasing a user: clearing them as a task creator", "", (c, t, from) -> {
            String upTo = c.call(TASKS_BATCH_END)
                    .set(AFTER_TASK_ID, from)
                    .set(LIMIT, SCAN)
                    .one(r -> r.get(LifecycleShapes.TASKS_END))
                    .orElse(null);
            if (upTo != null) {
                t.scrub(
                        "tasks",
                        c.call(TASKS_FORGET_CREATOR)
                                .set(AFTER_TASK_ID, from)
                                .set(UP_TO_TASK_ID, upTo)
                                .set(TASK_CREATOR, user)
                                .set(LifecycleShapes.TASK_CREATOR_AS_USER, asUser)
                                .update());
            }
            return upTo;
        });
    }

    /** One batch of a walk over a primary key: works on the range after {@code from}; returns its end, or null at the end. */
    @FunctionalInterface
    private interface RangeStep<K> {
        K run(io.agentstore.internal.database.Conn c, Batches.Tally t, K from) throws SQLException;
    }

    /** Runs {@code step} batch after batch, each from where the one before ended, until one finds no range. */
    private static <K> void walkRanges(Batches b, String doing, K start, RangeStep<K> step) {
        K after = start;
        while (true) {
            K from = after;
            K end = b.run(doing, (c, t) -> step.run(c, t, from));
            if (end == null) {
                return;
            }
            after = end;
        }
    }

    /** The erasure's audit row: counts only, nothing that names the user. */
    private void record(ErasureReport report, boolean everyApp, boolean logEmptied) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        ObjectNode deleted = data.putObject("deleted");
        report.deleted().forEach(deleted::put);
        ObjectNode scrubbed = data.putObject("scrubbed");
        report.scrubbed().forEach(scrubbed::put);
        data.put("every_app", everyApp);
        data.put("log_emptied", logEmptied);
        AuditTrailImpl.recordSystem(db, ACTOR, "erasure", data, "complete");
    }
}
