-- State shared by the sessions of an app (keys prefixed app:) and by the sessions of one user
-- in an app (keys prefixed user:); see db/migration/sqlite/V6 for the design. Keys written
-- before this version move out of their sessions: per app (or app and user) and key, the value
-- of the most recently updated session that held it.

CREATE TABLE app_states (
    app_name   text COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(app_name) BETWEEN 1 AND 128),
    state      jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(state) = 'object'),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_states (
    app_name   text COLLATE "C" NOT NULL CHECK (length(app_name) BETWEEN 1 AND 128),
    user_id    text COLLATE "C" NOT NULL CHECK (length(user_id) BETWEEN 1 AND 128),
    state      jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(state) = 'object'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (app_name, user_id)
);

INSERT INTO app_states (app_name, state, updated_at)
SELECT app_name, jsonb_object_agg(key, value), max(last_update_time)
  FROM (SELECT DISTINCT ON (s.app_name, j.key) s.app_name, j.key, j.value, s.last_update_time
          FROM sessions s, jsonb_each(s.state) j
         WHERE j.key LIKE 'app:%'
         ORDER BY s.app_name, j.key, s.last_update_time DESC, s.id DESC) newest
 GROUP BY app_name;

INSERT INTO user_states (app_name, user_id, state, updated_at)
SELECT app_name, user_id, jsonb_object_agg(key, value), max(last_update_time)
  FROM (SELECT DISTINCT ON (s.app_name, s.user_id, j.key) s.app_name, s.user_id, j.key, j.value, s.last_update_time
          FROM sessions s, jsonb_each(s.state) j
         WHERE j.key LIKE 'user:%'
         ORDER BY s.app_name, s.user_id, j.key, s.last_update_time DESC, s.id DESC) newest
 GROUP BY app_name, user_id;

UPDATE sessions
   SET state = state - ARRAY(SELECT k FROM jsonb_object_keys(state) k WHERE k LIKE 'app:%' OR k LIKE 'user:%')
 WHERE EXISTS (SELECT 1 FROM jsonb_object_keys(state) k WHERE k LIKE 'app:%' OR k LIKE 'user:%');

-- A session's events by time, as on SQLite (see db/migration/sqlite/V6).
CREATE INDEX session_events_by_time ON session_events (session_id, created_at, seq);
