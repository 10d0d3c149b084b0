-- State shared by the sessions of an app (keys prefixed app:) and by the sessions of one user
-- in an app (keys prefixed user:), as agent frameworks define them (ADK's State scopes). Until
-- this version such keys lived inside one session's state; now a session row keeps only its own
-- keys and a read merges in the app's and the user's state (one primary-key lookup each, joined).
--
-- A state change is a JSON merge patch applied by an upsert, in the same transaction as the event
-- that carries it; a row appears with the first key and stays (an empty object) when the last
-- key is removed.

CREATE TABLE app_states (
    app_name   TEXT NOT NULL PRIMARY KEY CHECK (length(app_name) BETWEEN 1 AND 128),
    state      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(state) AND json_type(state) = 'object'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
               CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')
) WITHOUT ROWID;

CREATE TABLE user_states (
    app_name   TEXT NOT NULL CHECK (length(app_name) BETWEEN 1 AND 128),
    user_id    TEXT NOT NULL CHECK (length(user_id) BETWEEN 1 AND 128),
    state      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(state) AND json_type(state) = 'object'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
               CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    PRIMARY KEY (app_name, user_id)
) WITHOUT ROWID;

-- Keys written before this version move out of their sessions: for each app (or app and user)
-- and key, the value of the most recently updated session that held it. Values are carried as
-- JSON text (->) and parsed back (json()), so strings, numbers, booleans and objects keep
-- their types.
INSERT INTO app_states (app_name, state, updated_at)
SELECT app_name, json_group_object(key, json(value)), max(last_update_time)
  FROM (SELECT s.app_name, j.key, s.state -> ('$."' || j.key || '"') AS value, s.last_update_time,
               row_number() OVER (PARTITION BY s.app_name, j.key
                                  ORDER BY s.last_update_time DESC, s.id DESC) AS newest
          FROM sessions s, json_each(s.state) j
         WHERE j.key GLOB 'app:*')
 WHERE newest = 1
 GROUP BY app_name;

INSERT INTO user_states (app_name, user_id, state, updated_at)
SELECT app_name, user_id, json_group_object(key, json(value)), max(last_update_time)
  FROM (SELECT s.app_name, s.user_id, j.key, s.state -> ('$."' || j.key || '"') AS value, s.last_update_time,
               row_number() OVER (PARTITION BY s.app_name, s.user_id, j.key
                                  ORDER BY s.last_update_time DESC, s.id DESC) AS newest
          FROM sessions s, json_each(s.state) j
         WHERE j.key GLOB 'user:*')
 WHERE newest = 1
 GROUP BY app_name, user_id;

UPDATE sessions
   SET state = (SELECT json_group_object(j.key, json(sessions.state -> ('$."' || j.key || '"')))
                  FROM json_each(sessions.state) j
                 WHERE j.key NOT GLOB 'app:*' AND j.key NOT GLOB 'user:*')
 WHERE EXISTS (SELECT 1 FROM json_each(sessions.state) j WHERE j.key GLOB 'app:*' OR j.key GLOB 'user:*');

-- A session's events by time: "the events since T" (and "the last n since T") as one range,
-- for frameworks that page their history by time (ADK's afterTimestamp). An event's time is
-- the append's unless the caller gives the time it happened.
CREATE INDEX session_events_by_time ON session_events (session_id, created_at, seq);
