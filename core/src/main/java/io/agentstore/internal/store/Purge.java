package io.agentstore.internal.store;

import static io.agentstore.internal.store.LifecycleShapes.AFTER_CHANGE;
import static io.agentstore.internal.store.LifecycleShapes.AFTER_KEY;
import static io.agentstore.internal.store.LifecycleShapes.AFTER_NAMESPACE;
import static io.agentstore.internal.store.LifecycleShapes.AFTER_VERSION;
import static io.agentstore.internal.store.LifecycleShapes.AGENT;
import static io.agentstore.internal.store.LifecycleShapes.AGENTS_OF_SESSION;
import static io.agentstore.internal.store.LifecycleShapes.AGENTS_OF_TASK;
import static io.agentstore.internal.store.LifecycleShapes.AGENT_DELETE;
import static io.agentstore.internal.store.LifecycleShapes.AGENT_SESSION;
import static io.agentstore.internal.store.LifecycleShapes.AGENT_TASK;
import static io.agentstore.internal.store.LifecycleShapes.AUDIT_AGENT;
import static io.agentstore.internal.store.LifecycleShapes.AUDIT_HIGH;
import static io.agentstore.internal.store.LifecycleShapes.AUDIT_LOW;
import static io.agentstore.internal.store.LifecycleShapes.AUDIT_NAMESPACE;
import static io.agentstore.internal.store.LifecycleShapes.AUDIT_NEXT_NAMESPACE;
import static io.agentstore.internal.store.LifecycleShapes.AUDIT_SCRUB_AGENT;
import static io.agentstore.internal.store.LifecycleShapes.AUDIT_SCRUB_NAMESPACE;
import static io.agentstore.internal.store.LifecycleShapes.AUDIT_SCRUB_TASK;
import static io.agentstore.internal.store.LifecycleShapes.AUDIT_TASK;
import static io.agentstore.internal.store.LifecycleShapes.CHANGE_EXACT;
import static io.agentstore.internal.store.LifecycleShapes.CHANGE_HIGH;
import static io.agentstore.internal.store.LifecycleShapes.CHANGE_LOW;
import static io.agentstore.internal.store.LifecycleShapes.CHECKPOINTS_OF_SESSION_DELETE;
import static io.agentstore.internal.store.LifecycleShapes.CHECKPOINTS_OF_TASK_DELETE;
import static io.agentstore.internal.store.LifecycleShapes.CHECKPOINT_SESSION;
import static io.agentstore.internal.store.LifecycleShapes.CHECKPOINT_TASK;
import static io.agentstore.internal.store.LifecycleShapes.ENDED_AT;
import static io.agentstore.internal.store.LifecycleShapes.ENTRY;
import static io.agentstore.internal.store.LifecycleShapes.ENTRY_DELETE;
import static io.agentstore.internal.store.LifecycleShapes.EVENTS_DELETE_UP_TO;
import static io.agentstore.internal.store.LifecycleShapes.EVENTS_OF;
import static io.agentstore.internal.store.LifecycleShapes.FEED_BATCH_END;
import static io.agentstore.internal.store.LifecycleShapes.FEED_FORGET;
import static io.agentstore.internal.store.LifecycleShapes.HIGH;
import static io.agentstore.internal.store.LifecycleShapes.LIMIT;
import static io.agentstore.internal.store.LifecycleShapes.MEMORY_VERSIONS_WALK;
import static io.agentstore.internal.store.LifecycleShapes.SESSION;
import static io.agentstore.internal.store.LifecycleShapes.SESSION_DELETE;
import static io.agentstore.internal.store.LifecycleShapes.SESSION_END;
import static io.agentstore.internal.store.LifecycleShapes.STATE_TASK;
import static io.agentstore.internal.store.LifecycleShapes.TASK;
import static io.agentstore.internal.store.LifecycleShapes.TASKS_OF_SESSION;
import static io.agentstore.internal.store.LifecycleShapes.TASK_DELETE;
import static io.agentstore.internal.store.LifecycleShapes.TASK_SESSION;
import static io.agentstore.internal.store.LifecycleShapes.TASK_STATE_DELETE;
import static io.agentstore.internal.store.LifecycleShapes.UP_TO_CHANGE;
import static io.agentstore.internal.store.LifecycleShapes.UP_TO_SEQ;
import static io.agentstore.internal.store.LifecycleShapes.VECTOR_DELETE;

import io.agentstore.internal.database.Conn;
import io.agentstore.internal.db.Tables;
import io.agentstore.memory.MemoryEntry;
import java.sql.SQLException;
import java.util.List;

/**
 * Removes whole things with everything that belongs to them, in batches: a memory namespace
 * subtree (every version, its vectors, recency rows, search-feed rows and audit traces), a
 * session (its events, its {@code session:<id>} memory, its tasks, agents and checkpoints), a
 * task. Shared by retention (ended sessions) and the erasure of a user.
 */
final class Purge {

    private Purge() {}

    /** What no namespace reaches: every allowed namespace character sorts below it. */
    static final String ABOVE_EVERY_NAMESPACE = "~";

    /**
     * Deletes every version of {@code root} and of the namespaces below it (whole segments: the
     * namespace itself, then {@code root:…}), and the audit's and the search feed's traces of them.
     */
    static void namespace(Batches b, String root) {
        // Every allowed namespace character sorts at or above '+': [root, root+"+") is root alone.
        versions(b, root, root + "+", root);
        versions(b, root + ":", root + ";", root);
        scrubAudit(b, root);
        forgetFeed(b, root);
        forgetChanges(b, root);
    }

    /** Deletes the history of which version was current when, for a subtree. */
    private static void forgetChanges(Batches b, String root) {
        while (true) {
            int deleted = b.run(
                    "erasing the memory history of " + Check.quote(root),
                    (c, t) -> t.add(
                            "memory_changes",
                            c.call(LifecycleShapes.MEMORY_CHANGES_DELETE)
                                    .set(LifecycleShapes.CHANGES_EXACT, root)
                                    .set(LifecycleShapes.CHANGES_LOW, root + ":")
                                    .set(LifecycleShapes.CHANGES_HIGH, root + ";")
                                    .set(LIMIT, b.cap(b.batchSize))
                                    .update()));
            if (b.dry || deleted < b.batchSize) {
                return;
            }
        }
    }

    private static void versions(Batches b, String low, String high, String root) {
        String ns = low;
        String key = "";
        int version = 0;
        while (true) {
            String n0 = ns;
            String k0 = key;
            int v0 = version;
            List<MemoryEntry> rows = b.run("erasing the memory of " + Check.quote(root), (c, t) -> {
                List<MemoryEntry> batch = c.call(MEMORY_VERSIONS_WALK)
                        .set(AFTER_NAMESPACE, n0)
                        .set(AFTER_KEY, k0)
                        .set(AFTER_VERSION, v0)
                        .set(HIGH, high)
                        .set(LIMIT, b.batchSize)
                        .list(MemoryShapes.ENTRY);
                String locked = null;
                for (MemoryEntry e : batch) {
                    String lock = e.namespace() + '/' + e.key();
                    if (!lock.equals(locked)) {
                        c.lockKey(lock); // a writer of the key waits, and then finds it gone or writes anew
                        locked = lock;
                    }
                    if (e.current()) {
                        MemoryRecency.unindex(c, e);
                    }
                    t.add(
                            "memory_vectors",
                            c.call(VECTOR_DELETE).set(ENTRY, e.id()).update());
                    t.add(
                            "memory_entries",
                            c.call(ENTRY_DELETE).set(ENTRY, e.id()).update());
                }
                return batch;
            });
            if (rows.size() < b.batchSize) {
                return;
            }
            MemoryEntry last = rows.get(rows.size() - 1);
            ns = last.namespace();
            key = last.key();
            version = last.version();
        }
    }

    /** Clears the audit rows of a subtree's namespaces down to their id, time, action type and operation. */
    private static void scrubAudit(Batches b, String root) {
        b.run(
                "erasing the audit of " + Check.quote(root),
                (c, t) -> t.scrub(
                        "audit",
                        c.call(AUDIT_SCRUB_NAMESPACE).set(AUDIT_NAMESPACE, root).update()));
        String after = root + ":";
        String high = root + ";";
        while (true) {
            String from = after;
            String next = b.run("erasing the audit of " + Check.quote(root), (c, t) -> {
                String found = c.call(AUDIT_NEXT_NAMESPACE)
                        .set(AUDIT_LOW, from)
                        .set(AUDIT_HIGH, high)
                        .one(r -> r.get(Tables.AUDIT.MEMORY_NAMESPACE))
                        .orElse(null);
                if (found != null) {
                    t.scrub(
                            "audit",
                            c.call(AUDIT_SCRUB_NAMESPACE)
                                    .set(AUDIT_NAMESPACE, found)
                                    .update());
                }
                return found;
            });
            if (next == null) {
                return;
            }
            after = next;
        }
    }

    /** Deletes the search feed's rows that name a subtree's namespaces (a walk of the feed's primary key). */
    private static void forgetFeed(Batches b, String root) {
        long after = 0;
        int span = Math.max(b.batchSize, 1) * 20;
        while (true) {
            long from = after;
            Long end = b.run("erasing the search feed of " + Check.quote(root), (c, t) -> {
                Long upTo = c.call(FEED_BATCH_END)
                        .set(AFTER_CHANGE, from)
                        .set(LIMIT, span)
                        .one(r -> r.get(LifecycleShapes.FEED_END))
                        .orElse(null);
                if (upTo != null) {
                    t.add(
                            "memory_vector_changes",
                            c.call(FEED_FORGET)
                                    .set(AFTER_CHANGE, from)
                                    .set(UP_TO_CHANGE, upTo)
                                    .set(CHANGE_EXACT, root)
                                    .set(CHANGE_LOW, root + ":")
                                    .set(CHANGE_HIGH, root + ";")
                                    .update());
                }
                return upTo;
            });
            if (end == null) {
                return;
            }
            after = end;
        }
    }

    /**
     * Deletes a session with everything that belongs to it. It is ended first (its scoped memory
     * refuses writes from then on); its events go in batches; what is appended meanwhile goes with
     * the session row, in the last batch.
     */
    static void session(Batches b, String id) {
        String doing = "erasing session " + Check.quote(id);
        b.run(
                doing,
                (c, t) -> c.call(SESSION_END)
                        .set(SESSION, id)
                        .set(ENDED_AT, b.db.now())
                        .update());
        while (true) {
            int deleted = b.run(
                    doing + ": its events",
                    (c, t) -> t.add(
                            "session_events",
                            c.call(EVENTS_DELETE_UP_TO)
                                    .set(EVENTS_OF, id)
                                    .set(UP_TO_SEQ, Long.MAX_VALUE)
                                    .set(LIMIT, b.cap(b.batchSize))
                                    .update()));
            if (b.dry || deleted < b.batchSize) {
                break;
            }
        }
        namespace(b, "session:" + id);
        b.run(doing, (c, t) -> {
            for (String task : c.call(TASKS_OF_SESSION)
                    .set(TASK_SESSION, id)
                    .set(LIMIT, Integer.MAX_VALUE)
                    .list(r -> r.get(Tables.TASKS.ID))) {
                task(c, t, task);
            }
            for (String agent : c.call(AGENTS_OF_SESSION)
                    .set(AGENT_SESSION, id)
                    .set(LIMIT, Integer.MAX_VALUE)
                    .list(r -> r.get(Tables.AGENTS.ID))) {
                agent(c, t, agent);
            }
            t.add(
                    "checkpoints",
                    c.call(CHECKPOINTS_OF_SESSION_DELETE)
                            .set(CHECKPOINT_SESSION, id)
                            .update());
            t.add(
                    "session_events",
                    c.call(EVENTS_DELETE_UP_TO)
                            .set(EVENTS_OF, id)
                            .set(UP_TO_SEQ, Long.MAX_VALUE)
                            .set(LIMIT, Integer.MAX_VALUE)
                            .update());
            t.add(
                    "session_states",
                    c.call(LifecycleShapes.SESSION_STATES_DELETE)
                            .set(LifecycleShapes.STATES_OF, id)
                            .update());
            return t.add("sessions", c.call(SESSION_DELETE).set(SESSION, id).update());
        });
    }

    /** Deletes a task with its agents, checkpoints and task state; its audit rows are scrubbed. */
    private static void task(Conn c, Batches.Tally t, String id) throws SQLException {
        for (String agent : c.call(AGENTS_OF_TASK)
                .set(AGENT_TASK, id)
                .set(LIMIT, Integer.MAX_VALUE)
                .list(r -> r.get(Tables.AGENTS.ID))) {
            agent(c, t, agent);
        }
        t.scrub("audit", c.call(AUDIT_SCRUB_TASK).set(AUDIT_TASK, id).update());
        t.add(
                "checkpoints",
                c.call(CHECKPOINTS_OF_TASK_DELETE).set(CHECKPOINT_TASK, id).update());
        t.add("state", c.call(TASK_STATE_DELETE).set(STATE_TASK, id).update());
        t.add("tasks", c.call(TASK_DELETE).set(TASK, id).update());
    }

    private static void agent(Conn c, Batches.Tally t, String id) throws SQLException {
        t.scrub("audit", c.call(AUDIT_SCRUB_AGENT).set(AUDIT_AGENT, id).update());
        t.add("agents", c.call(AGENT_DELETE).set(AGENT, id).update());
    }
}
