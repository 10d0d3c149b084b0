-- The audit trail, metrics and the document index.
--
-- Audit: a row of a memory change names the memory operation, the namespace, the entry and
-- the actor (a free-form caller identity: a user, a service or an agent name). It does not
-- have to name a task or an agent: the seed required a task id, which forced callers to
-- invent one. agent_id and task_id are set when the action was taken by a registered agent
-- or within a task. Rows are append-only, so id order is insertion order: "newest first"
-- pages are ordered by id, which every index below carries (SQLite appends the rowid), and
-- the timeline is the table itself read backwards (no index on timestamp: it would cost
-- every audited write and serve no query).

CREATE TABLE audit (
    id                    INTEGER NOT NULL PRIMARY KEY,
    timestamp             TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')) CHECK (timestamp GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    agent_id              TEXT    REFERENCES agents (id) ON DELETE SET NULL,
    task_id               TEXT    REFERENCES tasks (id) ON DELETE SET NULL,
    actor                 TEXT,
    action_type           TEXT    NOT NULL CHECK (length(action_type) BETWEEN 1 AND 128),
    action_data           TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(action_data)),
    result                TEXT,
    memory_operation_type TEXT
                          CHECK (memory_operation_type IS NULL
                                 OR memory_operation_type IN ('create', 'update', 'delete', 'rollback', 'consolidate', 'publish')),
    memory_namespace      TEXT,
    memory_entry_id       INTEGER REFERENCES memory_entries (id) ON DELETE SET NULL,
    CHECK (memory_operation_type IS NULL OR memory_namespace IS NOT NULL)
);

CREATE INDEX audit_by_task ON audit (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX audit_by_agent ON audit (agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX audit_memory_by_operation ON audit (memory_operation_type) WHERE memory_operation_type IS NOT NULL;
-- (namespace, id DESC): a namespace's actions newest first, and a subtree as one range in
-- (namespace, newest first) order.
CREATE INDEX audit_memory_by_namespace ON audit (memory_namespace, id DESC) WHERE memory_namespace IS NOT NULL;
CREATE INDEX audit_memory_by_entry ON audit (memory_entry_id) WHERE memory_entry_id IS NOT NULL;

CREATE TABLE metrics (
    id           INTEGER NOT NULL PRIMARY KEY,
    timestamp    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')) CHECK (timestamp GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    metric_name  TEXT    NOT NULL CHECK (length(metric_name) BETWEEN 1 AND 256),
    metric_value REAL    NOT NULL CHECK (metric_value >= 0),
    labels       TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(labels) AND json_type(labels) = 'object')
);

-- Ordered for keyset pages (timestamp, id) and covering for range aggregates (the value).
CREATE INDEX metrics_by_name_time ON metrics (metric_name, timestamp, id, metric_value);

CREATE TABLE document_index (
    id              INTEGER NOT NULL PRIMARY KEY,
    file_path       TEXT    NOT NULL CHECK (length(file_path) BETWEEN 1 AND 4096),
    title           TEXT,
    document_type   TEXT    NOT NULL CHECK (document_type IN ('design', 'specification', 'plan', 'report')),
    content_hash    TEXT    NOT NULL CHECK (length(content_hash) = 64 AND NOT (content_hash GLOB '*[^0-9a-f]*')),
    chunk_count     INTEGER NOT NULL DEFAULT 0 CHECK (chunk_count >= 0),
    embedding_model TEXT,
    embedding_blob  BLOB,
    metadata        TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    last_synced_at  TEXT    CHECK (last_synced_at IS NULL OR last_synced_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    sync_status     TEXT    NOT NULL DEFAULT 'pending' CHECK (sync_status IN ('pending', 'synced', 'failed', 'stale')),
    sync_error      TEXT,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    updated_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')
);

CREATE UNIQUE INDEX documents_by_path ON document_index (file_path);
CREATE INDEX documents_by_type ON document_index (document_type, updated_at);
-- The sync queue: pending and stale documents, oldest first.
CREATE INDEX documents_sync_queue ON document_index (updated_at) WHERE sync_status IN ('pending', 'stale');
CREATE INDEX documents_by_hash ON document_index (content_hash);
