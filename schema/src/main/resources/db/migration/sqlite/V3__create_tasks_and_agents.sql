-- The task queue, the agents working on tasks, their checkpoints and legacy per-task state.
--
-- Priority: a larger number runs first (1 lowest .. 10 highest, default 5); among equal
-- priorities the oldest submission runs first.
--
-- Dependencies: tasks.dependencies keeps the declared list (a JSON array of task ids, as in
-- the seed); task_dependencies holds the same edges as rows, and unmet_dependencies counts
-- the ones not yet completed, so the dequeue index only holds tasks that can run now.
-- timeout_at is set when a task is claimed (started_at + max_execution_timeout_seconds), so
-- running tasks past their timeout are one index range.

CREATE TABLE tasks (
    id                            TEXT    NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
    prompt                        TEXT    NOT NULL,
    agent_type                    TEXT    NOT NULL DEFAULT 'general' CHECK (length(agent_type) BETWEEN 1 AND 128),
    priority                      INTEGER NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 10),
    status                        TEXT    NOT NULL DEFAULT 'pending'
                                  CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    input_data                    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(input_data)),
    result_data                   TEXT             CHECK (result_data IS NULL OR json_valid(result_data)),
    error_message                 TEXT,
    retry_count                   INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
    max_retries                   INTEGER NOT NULL DEFAULT 3 CHECK (max_retries >= 0),
    max_execution_timeout_seconds INTEGER NOT NULL DEFAULT 3600 CHECK (max_execution_timeout_seconds > 0),
    submitted_at                  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')) CHECK (submitted_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    started_at                    TEXT             CHECK (started_at IS NULL OR started_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    timeout_at                    TEXT             CHECK (timeout_at IS NULL OR timeout_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    completed_at                  TEXT             CHECK (completed_at IS NULL OR completed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    last_updated_at               TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')) CHECK (last_updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    created_by                    TEXT,
    parent_task_id                TEXT             REFERENCES tasks (id) ON DELETE SET NULL,
    dependencies                  TEXT    NOT NULL DEFAULT '[]'
                                  CHECK (json_valid(dependencies) AND json_type(dependencies) = 'array'),
    unmet_dependencies            INTEGER NOT NULL DEFAULT 0 CHECK (unmet_dependencies >= 0),
    session_id                    TEXT             REFERENCES sessions (id) ON DELETE SET NULL,
    CHECK (status <> 'running' OR (started_at IS NOT NULL AND timeout_at IS NOT NULL))
);

-- Dequeue: pending tasks with no unmet dependency, highest priority first, oldest first.
-- status leads the key (as well as being the WHERE) so the planner sees more equality
-- columns here than in tasks_by_status and never prefers that one plus a sort.
CREATE INDEX tasks_dequeue ON tasks (status, unmet_dependencies, priority DESC, submitted_at, id)
    WHERE status = 'pending';
-- Tasks by status (keyset on submitted_at, id) and submitted in a time range.
CREATE INDEX tasks_by_status ON tasks (status, submitted_at, id);
CREATE INDEX tasks_by_submitted ON tasks (submitted_at, id);
-- Recovery: running tasks past their timeout.
CREATE INDEX tasks_running_timeout ON tasks (status, timeout_at) WHERE status = 'running';
-- Children of a parent (also serves ON DELETE SET NULL of the parent).
CREATE INDEX tasks_by_parent ON tasks (parent_task_id, submitted_at, id) WHERE parent_task_id IS NOT NULL;
-- Tasks of a session, newest first (also serves ON DELETE SET NULL of the session).
CREATE INDEX tasks_by_session ON tasks (session_id, submitted_at, id) WHERE session_id IS NOT NULL;

CREATE TABLE task_dependencies (
    task_id            TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    depends_on_task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    PRIMARY KEY (task_id, depends_on_task_id),
    CHECK (task_id <> depends_on_task_id)
) WITHOUT ROWID;
-- The dependents of a task (when it completes or is cancelled).
CREATE INDEX task_dependencies_by_dependency ON task_dependencies (depends_on_task_id);

CREATE TABLE agents (
    id             TEXT NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 256),
    specialization TEXT,
    task_id        TEXT REFERENCES tasks (id) ON DELETE SET NULL,
    state          TEXT NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'working', 'waiting', 'terminated')),
    model          TEXT,
    spawned_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')) CHECK (spawned_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    terminated_at  TEXT CHECK (terminated_at IS NULL OR terminated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    resource_usage TEXT NOT NULL DEFAULT '{}'
                   CHECK (json_valid(resource_usage) AND json_type(resource_usage) = 'object'),
    session_id     TEXT REFERENCES sessions (id) ON DELETE SET NULL,
    CHECK (state <> 'terminated' OR terminated_at IS NOT NULL)
);

CREATE INDEX agents_by_task ON agents (task_id, spawned_at, id) WHERE task_id IS NOT NULL;
CREATE INDEX agents_by_state ON agents (state, spawned_at, id);
CREATE INDEX agents_by_session ON agents (session_id, spawned_at, id) WHERE session_id IS NOT NULL;

-- Legacy per-task key/value state, kept for compatibility. The unique index on
-- (task_id, key) serves the lookup and the foreign key; no other index.
CREATE TABLE state (
    id         INTEGER NOT NULL PRIMARY KEY,
    task_id    TEXT    NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    key        TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 512),
    value      TEXT    NOT NULL CHECK (json_valid(value)),
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    updated_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')
);

CREATE UNIQUE INDEX state_by_task_key ON state (task_id, key);

-- Loop state of a task at one iteration; the primary key serves "by iteration".
CREATE TABLE checkpoints (
    task_id    TEXT    NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    iteration  INTEGER NOT NULL CHECK (iteration >= 0),
    state      TEXT    NOT NULL CHECK (json_valid(state)),
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    session_id TEXT    REFERENCES sessions (id) ON DELETE SET NULL,
    PRIMARY KEY (task_id, iteration)
) WITHOUT ROWID;

CREATE INDEX checkpoints_by_session ON checkpoints (session_id) WHERE session_id IS NOT NULL;
