package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.STATE;
import static io.agentstore.internal.db.Tables.TASK_DEPENDENCIES;
import static io.agentstore.internal.store.Pages.AFTER_AT;
import static io.agentstore.internal.store.Pages.BEFORE_AT;
import static io.agentstore.internal.store.Pages.LIMIT;
import static io.agentstore.internal.store.TaskShapes.*;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.tasks.NewTask;
import io.agentstore.tasks.Outcome;
import io.agentstore.tasks.Recovery;
import io.agentstore.tasks.Task;
import io.agentstore.tasks.TaskStatus;
import io.agentstore.tasks.TaskStore;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The task queue on the library's database. */
final class TaskStoreImpl implements TaskStore {

    static final int MAX_DEPENDENCIES = 1_000;

    private final Database db;

    TaskStoreImpl(Database db) {
        this.db = db;
    }

    private static String taskId(String id) {
        return Check.id("task id", id);
    }

    @Override
    public Task enqueue(NewTask t) {
        if (t == null) {
            throw Failures.invalid("task must not be null");
        }
        String id = t.id() == null ? UUID.randomUUID().toString() : taskId(t.id());
        String prompt = Check.freeText("prompt of task " + Check.quote(id), t.prompt(), Check.MAX_JSON);
        String agentType = Check.id("agent type", t.agentType());
        if (t.priority() < 1 || t.priority() > 10) {
            throw Failures.invalid("priority must be 1..10 (10 runs first): " + t.priority());
        }
        String input = Check.json("task input", t.input() == null ? Json.emptyObject() : t.input());
        if (t.maxRetries() < 0 || t.maxRetries() > 1_000) {
            throw Failures.invalid("maxRetries must be 0..1000: " + t.maxRetries());
        }
        Duration timeout = t.timeout();
        if (timeout == null || timeout.toSeconds() < 1 || timeout.toSeconds() > Integer.MAX_VALUE) {
            throw Failures.invalid(
                    "timeout must be between 1 s and " + Integer.MAX_VALUE + " s (about 68 years): " + timeout);
        }
        String parent = Check.optionalId("parent task id", t.parentTaskId());
        String session = Check.optionalId("session id", t.sessionId());
        String createdBy = t.createdBy() == null ? null : Check.text("created by", t.createdBy(), 256);
        Set<String> deps = new LinkedHashSet<>();
        for (String d : t.dependencies() == null ? List.<String>of() : t.dependencies()) {
            deps.add(Check.id("dependency id", d));
        }
        if (deps.size() > MAX_DEPENDENCIES) {
            throw Failures.invalid("a task may depend on at most " + MAX_DEPENDENCIES + " tasks: " + deps.size());
        }
        if (deps.contains(id)) {
            throw Failures.invalid("task " + Check.quote(id) + " cannot depend on itself");
        }
        String depsJson = Stored.MAPPER.valueToTree(List.copyOf(deps)).toString();
        String doing = "enqueuing task " + Check.quote(id);
        return db.write(doing, c -> {
            int unmet = 0;
            for (String d : deps) {
                Task dep = c.call(TASK_FOR_WRITE)
                        .set(ID, d)
                        .one(TASK)
                        .orElseThrow(() -> Failures.of(
                                ErrorCode.NOT_FOUND, doing + ": dependency " + Check.quote(d) + " does not exist"));
                if (dep.status() == TaskStatus.FAILED || dep.status() == TaskStatus.CANCELLED) {
                    throw Failures.of(
                            ErrorCode.CONFLICT,
                            doing + ": dependency " + Check.quote(d) + " is " + Stored.text(dep.status())
                                    + ", so the task could never run");
                }
                if (dep.status() != TaskStatus.COMPLETED) {
                    unmet++;
                }
            }
            Instant now = db.now();
            int unmetCount = unmet;
            db.refusing(
                    doing + ": the id is taken",
                    doing + ": " + Check.missingReferences("parent task", parent, "session", session),
                    () -> c.call(TASK_INSERT)
                            .set(ID, id)
                            .set(PROMPT, prompt)
                            .set(AGENT_TYPE, agentType)
                            .set(PRIORITY, t.priority())
                            .set(INPUT, Stored.json(input))
                            .set(MAX_RETRIES, t.maxRetries())
                            .set(TIMEOUT_SECONDS, (int) timeout.toSeconds())
                            .set(NOW, now)
                            .set(CREATED_BY, createdBy)
                            .set(PARENT_ID, parent)
                            .set(DEPENDENCIES, Stored.json(depsJson))
                            .set(UNMET, unmetCount)
                            .set(SESSION_ID, session)
                            .update());
            for (String d : deps) {
                c.call(TASK_DEPENDENCY_INSERT)
                        .set(DEPENDENT, id)
                        .set(DEPENDS_ON, d)
                        .update();
            }
            return c.call(TASK_FOR_WRITE).set(ID, id).one(TASK).orElseThrow();
        });
    }

    @Override
    public Optional<Task> get(String id) {
        taskId(id);
        return db.read(
                "reading task " + Check.quote(id),
                c -> c.call(TASK_BY_ID).set(ID, id).one(TASK));
    }

    /** The dequeue order: highest priority first, then oldest, then by id. */
    private static final Comparator<Task> QUEUE_ORDER = Comparator.comparingInt(Task::priority)
            .reversed()
            .thenComparing(Task::submittedAt)
            .thenComparing(Task::id);

    @Override
    public Optional<Task> claim() {
        List<Task> one = claim(1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    @Override
    public List<Task> claim(int max) {
        Check.limit(max, Pages.MAX_PAGE);
        return db.write("claiming up to " + max + " tasks", c -> {
            List<Task> claimed = new ArrayList<>(
                    c.call(TASK_CLAIM).set(NOW, db.now()).set(LIMIT, max).list(TASK));
            claimed.sort(QUEUE_ORDER); // RETURNING gives no order
            return claimed;
        });
    }

    private static Task orWrongStatus(Optional<Task> t, Conn c, String id, String doing, String expected)
            throws SQLException {
        if (t.isPresent()) {
            return t.get();
        }
        throw wrongStatus(c, id, doing, expected);
    }

    private static AgentStoreException wrongStatus(Conn c, String id, String doing, String expected)
            throws SQLException {
        Optional<Task> t = c.call(TASK_FOR_WRITE).set(ID, id).one(TASK);
        if (t.isEmpty()) {
            return Failures.of(ErrorCode.NOT_FOUND, doing + ": no such task");
        }
        return Failures.of(
                ErrorCode.CONFLICT,
                doing + ": the task is " + Stored.text(t.get().status()) + ", not " + expected);
    }

    @Override
    public Task complete(String id, Object result) {
        taskId(id);
        String resultJson = Check.json("task result", Json.of(result));
        String doing = "completing task " + Check.quote(id);
        return db.write(doing, c -> {
            Instant now = db.now();
            Task done = orWrongStatus(
                    c.call(TASK_COMPLETE)
                            .set(RESULT, Stored.json(resultJson))
                            .set(NOW, now)
                            .set(ID, id)
                            .one(TASK),
                    c,
                    id,
                    doing,
                    "running");
            c.call(TASK_RELEASE_DEPENDENTS).set(DEPENDS_ON, id).update();
            return done;
        });
    }

    @Override
    public Outcome fail(String id, String errorMessage) {
        taskId(id);
        String error = Check.freeText("error message", errorMessage, 65_536);
        String doing = "failing task " + Check.quote(id);
        return db.write(doing, c -> {
            Task current = c.call(TASK_FOR_WRITE)
                    .set(ID, id)
                    .one(TASK)
                    .orElseThrow(() -> Failures.of(ErrorCode.NOT_FOUND, doing + ": no such task"));
            if (current.status() != TaskStatus.RUNNING) {
                throw Failures.of(
                        ErrorCode.CONFLICT, doing + ": the task is " + Stored.text(current.status()) + ", not running");
            }
            return failRun(c, current, error, doing);
        });
    }

    /** A failed run: requeue while retries remain, else fail for good and cancel the dependents. */
    private Outcome failRun(Conn c, Task current, String error, String doing) throws SQLException {
        Instant now = db.now();
        if (current.retryCount() < current.maxRetries()) {
            Task requeued = orWrongStatus(
                    c.call(TASK_REQUEUE)
                            .set(ERROR, error)
                            .set(NOW, now)
                            .set(ID, current.id())
                            .one(TASK),
                    c,
                    current.id(),
                    doing,
                    "running");
            return new Outcome(requeued, List.of());
        }
        Task failed = orWrongStatus(
                c.call(TASK_FAIL)
                        .set(ERROR, error)
                        .set(NOW, now)
                        .set(ID, current.id())
                        .one(TASK),
                c,
                current.id(),
                doing,
                "running");
        return new Outcome(failed, cancelDependents(c, current.id(), "failed"));
    }

    /** Cancels, breadth first, every pending task that depends (directly or not) on the given one. */
    private List<String> cancelDependents(Conn c, String root, String why) throws SQLException {
        List<String> cancelled = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(root);
        Instant now = db.now();
        while (!todo.isEmpty()) {
            String id = todo.poll();
            for (String dependent :
                    c.call(TASK_DEPENDENTS).set(DEPENDS_ON, id).list(r -> r.get(TASK_DEPENDENCIES.TASK_ID))) {
                Optional<Task> t = c.call(TASK_CANCEL)
                        .set(ERROR, "cancelled: dependency " + root + " " + why)
                        .set(NOW, now)
                        .set(ID, dependent)
                        .one(TASK);
                if (t.isPresent()) {
                    cancelled.add(dependent);
                    todo.add(dependent);
                }
            }
        }
        return cancelled;
    }

    @Override
    public Outcome cancel(String id, String reason) {
        taskId(id);
        String why = reason == null ? "cancelled" : Check.freeText("cancel reason", reason, 65_536);
        String doing = "cancelling task " + Check.quote(id);
        return db.write(doing, c -> {
            Instant now = db.now();
            Task cancelled = orWrongStatus(
                    c.call(TASK_CANCEL)
                            .set(ERROR, why)
                            .set(NOW, now)
                            .set(ID, id)
                            .one(TASK),
                    c,
                    id,
                    doing,
                    "pending or running");
            return new Outcome(cancelled, cancelDependents(c, id, "cancelled"));
        });
    }

    @Override
    public List<Task> timedOut(int limit) {
        Check.limit(limit, Pages.MAX_PAGE);
        Instant now = db.now();
        return db.read(
                "listing timed-out tasks",
                c -> c.call(TASKS_TIMED_OUT).set(NOW, now).set(LIMIT, limit).list(TASK));
    }

    @Override
    public Recovery recoverTimedOut(int limit) {
        Check.limit(limit, Pages.MAX_PAGE);
        return db.write("recovering timed-out tasks", c -> {
            List<Task> due = c.call(TASKS_TIMED_OUT_FOR_WRITE)
                    .set(NOW, db.now())
                    .set(LIMIT, limit)
                    .list(TASK);
            List<Task> requeued = new ArrayList<>();
            List<Task> failed = new ArrayList<>();
            List<String> cancelled = new ArrayList<>();
            for (Task t : due) {
                Outcome o = failRun(
                        c,
                        t,
                        "timed out after " + t.timeoutSeconds() + " s (started " + Timestamps.format(t.startedAt())
                                + ")",
                        "recovering task " + Check.quote(t.id()));
                (o.task().status() == TaskStatus.PENDING ? requeued : failed).add(o.task());
                cancelled.addAll(o.cancelledDependents());
            }
            return new Recovery(requeued, failed, cancelled);
        });
    }

    @Override
    public Page<Task> byParent(String parentTaskId, PageRequest page) {
        String parent = taskId(parentTaskId);
        return Pages.keyset(
                db,
                "listing the children of task " + Check.quote(parent),
                "tasksChildren:" + parent,
                page,
                new String[] {"", ""},
                (c, after) -> c.call(TASKS_CHILDREN)
                        .set(PARENT_ID, parent)
                        .set(AFTER_AT, Pages.time(after[0]))
                        .set(AFTER_ID, after[1]),
                TASK,
                TaskStoreImpl::submissionKey);
    }

    @Override
    public Page<Task> bySession(String sessionId, PageRequest page) {
        String session = Check.id("session id", sessionId);
        return Pages.keyset(
                db,
                "listing the tasks of session " + Check.quote(session),
                "tasksOfSession:" + session,
                page,
                new String[] {Pages.AFTER_ALL, ""},
                (c, before) -> c.call(TASKS_OF_SESSION)
                        .set(SESSION_ID, session)
                        .set(BEFORE_AT, Pages.time(before[0]))
                        .set(BEFORE_ID, before[1]),
                TASK,
                TaskStoreImpl::submissionKey);
    }

    @Override
    public Page<Task> byStatus(TaskStatus status, PageRequest page) {
        if (status == null) {
            throw Failures.invalid("status must not be null");
        }
        return Pages.keyset(
                db,
                "listing " + Stored.text(status) + " tasks",
                "tasksByStatus:" + Stored.text(status),
                page,
                new String[] {"", ""},
                (c, after) -> c.call(TASKS_BY_STATUS)
                        .set(STATUS, status)
                        .set(AFTER_AT, Pages.time(after[0]))
                        .set(AFTER_ID, after[1]),
                TASK,
                TaskStoreImpl::submissionKey);
    }

    @Override
    public Page<Task> bySubmittedAt(Instant from, Instant to, PageRequest page) {
        Check.range(from, to);
        String listing = "tasksSubmittedBetween:" + Timestamps.format(from) + ":" + Timestamps.format(to);
        return Pages.keyset(
                db,
                "listing tasks submitted in [" + from + ", " + to + ")",
                listing,
                page,
                new String[] {Timestamps.format(from), ""},
                (c, after) -> c.call(TASKS_SUBMITTED_BETWEEN)
                        .set(AFTER_AT, Pages.time(after[0]))
                        .set(AFTER_ID, after[1])
                        .set(TO, to),
                TASK,
                TaskStoreImpl::submissionKey);
    }

    private static String[] submissionKey(Task t) {
        return new String[] {Timestamps.format(t.submittedAt()), t.id()};
    }

    @Override
    public Optional<Json> state(String taskId, String key) {
        taskId(taskId);
        Check.text("state key", key, 512);
        return db.read(
                "reading state " + Check.quote(key) + " of task " + Check.quote(taskId),
                c -> c.call(STATE_GET)
                        .set(STATE_TASK, taskId)
                        .set(STATE_KEY, key)
                        .one(r -> Stored.json(r.get(STATE.VALUE))));
    }

    @Override
    public void setState(String taskId, String key, Object value) {
        taskId(taskId);
        Check.text("state key", key, 512);
        String json = Check.json("state value", Json.of(value));
        String doing = "setting state " + Check.quote(key) + " of task " + Check.quote(taskId);
        db.write(doing, c -> {
            Instant now = db.now();
            db.refusing(
                    null,
                    doing + ": no such task",
                    () -> c.call(STATE_PUT)
                            .set(STATE_TASK, taskId)
                            .set(STATE_KEY, key)
                            .set(STATE_VALUE, Stored.json(json))
                            .set(STATE_NOW, now)
                            .update());
            return null;
        });
    }
}
