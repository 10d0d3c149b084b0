-- Sessions and their event history.
--
-- Timestamps, in every table of this schema, are TEXT in exactly one UTC format,
-- 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (27 characters, microseconds, fixed width), so that text
-- order is time order. Column defaults produce the same format (SQLite's %f gives
-- milliseconds; the three trailing zeros pad it to microseconds) and a CHECK refuses any
-- other shape, whoever writes the row.
--
-- JSON columns are TEXT with a json_valid CHECK (and json_type where the shape is fixed).
--
-- The seed kept a session's events in one JSON array that every append rewrote (O(events)
-- per append, lost updates under concurrency). Here an event is one row of session_events,
-- keyed (session_id, seq): an append is one insert, a page of events is one range of the
-- primary key, and sessions.event_count hands out the next seq inside the write transaction.

CREATE TABLE sessions (
    id               TEXT    NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
    app_name         TEXT    NOT NULL CHECK (length(app_name) BETWEEN 1 AND 128),
    user_id          TEXT    NOT NULL CHECK (length(user_id) BETWEEN 1 AND 128),
    project_id       TEXT             CHECK (project_id IS NULL OR length(project_id) BETWEEN 1 AND 128),
    status           TEXT    NOT NULL DEFAULT 'created'
                     CHECK (status IN ('created', 'active', 'paused', 'terminated', 'archived')),
    state            TEXT    NOT NULL DEFAULT '{}'
                     CHECK (json_valid(state) AND json_type(state) = 'object'),
    metadata         TEXT    NOT NULL DEFAULT '{}'
                     CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    event_count      INTEGER NOT NULL DEFAULT 0 CHECK (event_count >= 0),
    created_at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
                     CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    last_update_time TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
                     CHECK (last_update_time GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    terminated_at    TEXT
                     CHECK (terminated_at IS NULL OR terminated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    archived_at      TEXT
                     CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    CHECK (status NOT IN ('terminated', 'archived') OR terminated_at IS NOT NULL),
    CHECK (status <> 'archived' OR archived_at IS NOT NULL)
);

-- A user's sessions, newest first. Indexes of tables with a TEXT primary key end in id so that
-- keyset pages ordered (time, id) come from the index with no sort.
CREATE INDEX sessions_by_user ON sessions (user_id, created_at, id);
-- A project's sessions, newest first. Partial: most sessions have no project.
CREATE INDEX sessions_by_project ON sessions (project_id, created_at, id) WHERE project_id IS NOT NULL;
-- Active sessions, and paused sessions, by recency: one partial index each, whose WHERE the
-- queries state as the same literal (seed defect 2: a query for status = 'active' could not
-- use an index built WHERE status IN ('active', 'paused'), and a bound parameter never can).
CREATE INDEX sessions_active_by_recency ON sessions (last_update_time, id) WHERE status = 'active';
CREATE INDEX sessions_paused_by_recency ON sessions (last_update_time, id) WHERE status = 'paused';

CREATE TABLE session_events (
    session_id  TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL CHECK (seq > 0),
    event_type  TEXT    NOT NULL CHECK (length(event_type) BETWEEN 1 AND 128),
    actor       TEXT    NOT NULL CHECK (length(actor) BETWEEN 1 AND 256),
    content     TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(content)),
    state_delta TEXT             CHECK (state_delta IS NULL OR (json_valid(state_delta) AND json_type(state_delta) = 'object')),
    created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
                CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
