-- Data lifecycle: retention runs and the erasure of a user.
--
-- A retention run walks index ranges in small batches, each its own transaction, and keeps
-- where each walk stands in retention_cursors: a run that is stopped (interrupted, or out of
-- its time budget) leaves its cursors, and the next run, in this process or another, goes on
-- from there. A walk that reaches its end removes its cursor, so the run after it starts again
-- from the beginning. Two runs at once are safe: every batch deletes only what its policy
-- condition still selects when the batch runs.

-- Terminated and archived sessions by the time they ended: what retention of ended sessions
-- walks. Partial, with the literal WHERE the walk states (as the active and paused indexes).
CREATE INDEX sessions_ended ON sessions (terminated_at, id) WHERE status IN ('terminated', 'archived');

CREATE TABLE retention_cursors (
    walk       TEXT NOT NULL PRIMARY KEY CHECK (length(walk) BETWEEN 1 AND 64),
    position   TEXT NOT NULL CHECK (json_valid(position) AND json_type(position) = 'array'),
    updated_at TEXT NOT NULL
               CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')
) WITHOUT ROWID;
