-- Reads as of a past time: what was current when.
--
-- Memory already keeps every version; what it did not keep is which version was current when
-- (a rollback makes an old version current again, so a version's own times do not say). Each
-- change of a key's current version is one row of memory_changes: the version current from
-- changed_at on, or none (deleted, expired) — written in the change's transaction. A read as of
-- T takes, per key, the last change at or before T: one backward seek of the primary key. The
-- first change of each key is marked (first = 1), so that a subtree's keys are one range of
-- the partial index memory_keys, and a listing as of T costs a seek per key, whatever the
-- history's length. Two changes of a key in one microsecond keep the later one (no read could
-- have seen the earlier). Retention that removes versions marks the changes that pointed to
-- them forgotten: a read as of such a time is refused, naming when the key's history resumes.
--
-- A session's own state after each change (an append with a state delta, setState, mergeState,
-- removeState, the creation) is one row of session_states, keyed by the number of events the
-- session had then and a step among the changes made between two events (0: the append's
-- own). Shared app:/user: state after each change is one row of shared_states (user_id '' for
-- the app's own). The whole state is kept per change, not the delta: a read as of a time is one
-- seek, never a replay.
--
-- history_horizons: per kind of history, the earliest time that can be answered, where it is
-- not the beginning: a file that had data before this migration has no history of it (its
-- horizon is its newest timestamp), and retention by age raises it to its cutoff.

CREATE TABLE memory_changes (
    namespace  TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    changed_at TEXT    NOT NULL
               CHECK (changed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    entry_id   INTEGER,
    forgotten  BOOLEAN NOT NULL DEFAULT 0 CHECK (forgotten IN (0, 1)),
    first      BOOLEAN NOT NULL DEFAULT 0 CHECK (first IN (0, 1)),
    CHECK (NOT (forgotten = 1 AND entry_id IS NOT NULL)),
    PRIMARY KEY (namespace, key, changed_at)
) WITHOUT ROWID;

CREATE INDEX memory_keys ON memory_changes (namespace, key) WHERE first = 1;

CREATE TABLE session_states (
    session_id TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    event_seq  INTEGER NOT NULL CHECK (event_seq >= 0),
    step       INTEGER NOT NULL CHECK (step >= 0),
    changed_at TEXT    NOT NULL
               CHECK (changed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    state      TEXT    NOT NULL CHECK (json_valid(state) AND json_type(state) = 'object'),
    PRIMARY KEY (session_id, event_seq, step)
) WITHOUT ROWID;

CREATE INDEX session_states_by_time ON session_states (session_id, changed_at, event_seq, step);

CREATE TABLE shared_states (
    app_name   TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    changed_at TEXT NOT NULL
               CHECK (changed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    state      TEXT NOT NULL CHECK (json_valid(state) AND json_type(state) = 'object'),
    PRIMARY KEY (app_name, user_id, changed_at)
) WITHOUT ROWID;

CREATE TABLE history_horizons (
    kind    TEXT NOT NULL PRIMARY KEY CHECK (kind IN ('memory', 'events', 'session_state', 'shared_state')),
    horizon TEXT NOT NULL
            CHECK (horizon GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')
) WITHOUT ROWID;

-- What is current now is where the history of an existing file begins.
INSERT INTO memory_changes (namespace, key, changed_at, entry_id, first)
SELECT namespace, key, updated_at, id, 1 FROM memory_entries WHERE is_current = 1;
INSERT INTO history_horizons (kind, horizon)
SELECT 'memory', max(updated_at) FROM memory_entries HAVING count(*) > 0;

INSERT INTO session_states (session_id, event_seq, step, changed_at, state)
SELECT id, event_count, 0, last_update_time, state FROM sessions;
INSERT INTO history_horizons (kind, horizon)
SELECT 'session_state', max(last_update_time) FROM sessions HAVING count(*) > 0;

INSERT INTO shared_states (app_name, user_id, changed_at, state)
SELECT app_name, '', updated_at, state FROM app_states;
INSERT INTO shared_states (app_name, user_id, changed_at, state)
SELECT app_name, user_id, updated_at, state FROM user_states;
INSERT INTO history_horizons (kind, horizon)
SELECT 'shared_state', max(updated_at) FROM (SELECT updated_at FROM app_states UNION ALL SELECT updated_at FROM user_states)
HAVING count(*) > 0;

-- The search feeds' floors: retention deletes a feed's oldest rows (all but the newest it keeps)
-- and raises the feed's floor past them in the same transaction. A process whose search index was
-- last brought up to date from below the floor may have missed a deleted row: it builds its index
-- again instead of reading the feed.
CREATE TABLE search_feed_floors (
    feed  TEXT    NOT NULL PRIMARY KEY CHECK (feed IN ('memory', 'documents')),
    floor INTEGER NOT NULL
) WITHOUT ROWID;
