-- Long-term memory: one row per version of one (namespace, key).
--
-- is_current marks the one version that reads return (at most one per key, enforced by
-- memory_current). An update clears it on the old row and inserts version + 1; a rollback
-- retires the current row (is_deleted = 1) and makes the newest earlier live version
-- current; a delete retires the current row and leaves the key with no current version, so
-- the key can be added again with the next version number (seed defect 8).
--
-- The id is the rowid without AUTOINCREMENT: rows are never hard-deleted by the library,
-- and AUTOINCREMENT would cost an extra page write (sqlite_sequence) on every insert.
--
-- Namespaces are ':'-separated non-empty segments of [A-Za-z0-9_.@+-]; the library
-- validates them in full, the CHECK below is the last line of defence.

CREATE TABLE memory_entries (
    id          INTEGER NOT NULL PRIMARY KEY,
    namespace   TEXT    NOT NULL
                CHECK (length(namespace) BETWEEN 1 AND 512
                       AND NOT (namespace GLOB '*[^A-Za-z0-9_.@+:-]*')
                       AND NOT (namespace GLOB ':*') AND NOT (namespace GLOB '*:')
                       AND NOT (namespace GLOB '*::*')),
    key         TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 512),
    value       TEXT    NOT NULL CHECK (json_valid(value)),
    memory_type TEXT    NOT NULL DEFAULT 'semantic'
                CHECK (memory_type IN ('semantic', 'episodic', 'procedural')),
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    is_current  BOOLEAN NOT NULL DEFAULT 1 CHECK (is_current IN (0, 1)),
    is_deleted  BOOLEAN NOT NULL DEFAULT 0 CHECK (is_deleted IN (0, 1)),
    metadata    TEXT    NOT NULL DEFAULT '{}'
                CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    created_by  TEXT,
    updated_by  TEXT,
    created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
                CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    updated_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
                CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    -- Set for episodic memories (updated_at + the configured TTL); NULL means never expires.
    expires_at  TEXT
                CHECK (expires_at IS NULL OR expires_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    CHECK (NOT (is_current = 1 AND is_deleted = 1))
);

-- One row per version: serves a given version, the full history and the next version number.
CREATE UNIQUE INDEX memory_versions ON memory_entries (namespace, key, version);

-- The current version of each key: point reads by (namespace, key) and keyset pages of a
-- namespace subtree in (namespace, key) order. UNIQUE: at most one current version per key.
CREATE UNIQUE INDEX memory_current ON memory_entries (namespace, key) WHERE is_current = 1;
-- Current memories of one type, most recent first.
CREATE INDEX memory_current_by_type ON memory_entries (memory_type, updated_at) WHERE is_current = 1;
-- Current memories by their creator, most recent first.
CREATE INDEX memory_current_by_creator ON memory_entries (created_by, updated_at)
    WHERE is_current = 1 AND created_by IS NOT NULL;
-- The TTL sweep: current memories whose expiry has passed, oldest expiry first.
CREATE INDEX memory_current_expiry ON memory_entries (expires_at)
    WHERE is_current = 1 AND expires_at IS NOT NULL;

-- "Most recent first" over a namespace subtree cannot come from any index on
-- (namespace, ...): a range of namespaces is not ordered by time. This table holds, for the
-- current version of every key, one row per ancestor prefix of its namespace (for
-- a:b:c: 'a', 'a:b', 'a:b:c'), so the newest entries of any subtree are one range of its
-- primary key, read in order, however large the subtree. The library maintains it in the
-- same transaction as the memory row (derived data: it can be rebuilt from memory_entries).
CREATE TABLE memory_recency (
    prefix      TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    entry_id    INTEGER NOT NULL,
    memory_type TEXT    NOT NULL CHECK (memory_type IN ('semantic', 'episodic', 'procedural')),
    PRIMARY KEY (prefix, updated_at, entry_id)
) WITHOUT ROWID;
