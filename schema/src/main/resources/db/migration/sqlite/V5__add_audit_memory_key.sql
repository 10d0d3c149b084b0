-- The key and version of a memory change as typed columns (until now they were only inside
-- action_data), and the listing of one key's changes: (namespace, key), newest first.
ALTER TABLE audit ADD COLUMN memory_key TEXT
    CHECK (memory_key IS NULL OR length(memory_key) BETWEEN 1 AND 512);
ALTER TABLE audit ADD COLUMN memory_version INTEGER
    CHECK (memory_version IS NULL OR memory_version > 0);

-- Rows written before this migration carry them in action_data.
UPDATE audit
   SET memory_key = json_extract(action_data, '$.key'),
       memory_version = json_extract(action_data, '$.version')
 WHERE memory_operation_type IS NOT NULL
   AND json_type(action_data, '$.key') = 'text'
   AND json_type(action_data, '$.version') = 'integer';

CREATE INDEX audit_memory_by_key ON audit (memory_namespace, memory_key, id DESC) WHERE memory_key IS NOT NULL;
