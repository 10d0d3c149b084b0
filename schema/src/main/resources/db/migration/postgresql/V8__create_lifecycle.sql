-- Data lifecycle: retention runs and the erasure of a user (see the SQLite V8 for the design).

CREATE INDEX sessions_ended ON sessions (terminated_at, id) WHERE status IN ('terminated', 'archived');

CREATE TABLE retention_cursors (
    walk       text COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(walk) BETWEEN 1 AND 64),
    position   jsonb       NOT NULL CHECK (jsonb_typeof(position) = 'array'),
    updated_at timestamptz NOT NULL
);
