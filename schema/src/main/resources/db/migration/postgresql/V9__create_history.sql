-- Reads as of a past time: what was current when (see the SQLite V9 for the design).

CREATE TABLE memory_changes (
    namespace  text COLLATE "C" NOT NULL,
    key        text COLLATE "C" NOT NULL,
    changed_at timestamptz NOT NULL,
    entry_id   bigint,
    forgotten  boolean NOT NULL DEFAULT false,
    first      boolean NOT NULL DEFAULT false,
    CHECK (NOT (forgotten AND entry_id IS NOT NULL)),
    PRIMARY KEY (namespace, key, changed_at)
);

CREATE INDEX memory_keys ON memory_changes (namespace, key) WHERE first;

CREATE TABLE session_states (
    session_id text COLLATE "C" NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    event_seq  bigint      NOT NULL CHECK (event_seq >= 0),
    step       integer     NOT NULL CHECK (step >= 0),
    changed_at timestamptz NOT NULL,
    state      jsonb       NOT NULL CHECK (jsonb_typeof(state) = 'object'),
    PRIMARY KEY (session_id, event_seq, step)
);

CREATE INDEX session_states_by_time ON session_states (session_id, changed_at, event_seq, step);

CREATE TABLE shared_states (
    app_name   text COLLATE "C" NOT NULL,
    user_id    text COLLATE "C" NOT NULL,
    changed_at timestamptz NOT NULL,
    state      jsonb NOT NULL CHECK (jsonb_typeof(state) = 'object'),
    PRIMARY KEY (app_name, user_id, changed_at)
);

CREATE TABLE history_horizons (
    kind    text COLLATE "C" NOT NULL PRIMARY KEY CHECK (kind IN ('memory', 'events', 'session_state', 'shared_state')),
    horizon timestamptz NOT NULL
);

INSERT INTO memory_changes (namespace, key, changed_at, entry_id, first)
SELECT namespace, key, updated_at, id, true FROM memory_entries WHERE is_current;
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
SELECT 'shared_state', max(updated_at) FROM (SELECT updated_at FROM app_states UNION ALL SELECT updated_at FROM user_states) u
HAVING count(*) > 0;

-- The search feeds' floors: retention deletes a feed's oldest rows (all but the newest it keeps)
-- and raises the feed's floor past them in the same transaction. A process whose search index was
-- last brought up to date from below the floor may have missed a deleted row: it builds its index
-- again instead of reading the feed.
CREATE TABLE search_feed_floors (
    feed  text COLLATE "C" NOT NULL PRIMARY KEY CHECK (feed IN ('memory', 'documents')),
    floor bigint NOT NULL
);
