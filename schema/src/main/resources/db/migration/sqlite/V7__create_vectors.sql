-- Semantic search over memory and documents.
--
-- A version written with an embedding has embedded = 1 and its vector in memory_vectors
-- (keyed by the version's id, so a rollback brings the restored version's vector back with it).
-- The vector is the unit-length float32 vector, little-endian, 4 bytes a dimension: cosine
-- similarity is then a dot product.
--
-- vector_spaces records the one embedding space of a store's memory: the model that made the
-- vectors and their dimension, fixed by the first vector written. A vector or query of another
-- model or dimension is refused, never ranked against these.
--
-- memory_vector_changes is the feed that keeps each process's in-memory search index coherent
-- with writes from every connection and process: every write that changes which searchable
-- version a key has (a version with an embedding written, or one retired or restored) appends
-- the key here in the same transaction. On SQLite there is one writer at a time, so seq order is
-- commit order. Rows are derived data: a reader that misses some rebuilds its index from
-- memory_entries.

ALTER TABLE memory_entries ADD COLUMN embedded BOOLEAN NOT NULL DEFAULT 0 CHECK (embedded IN (0, 1));

-- The current searchable versions: what a process loads into its search index.
CREATE INDEX memory_searchable ON memory_entries (id) WHERE is_current = 1 AND embedded = 1;

CREATE TABLE vector_spaces (
    space      TEXT    NOT NULL PRIMARY KEY CHECK (space IN ('memory', 'documents')),
    model      TEXT    NOT NULL CHECK (length(model) BETWEEN 1 AND 256),
    dimensions INTEGER NOT NULL CHECK (dimensions BETWEEN 1 AND 4096)
) WITHOUT ROWID;

CREATE TABLE memory_vectors (
    entry_id INTEGER NOT NULL PRIMARY KEY REFERENCES memory_entries (id),
    vector   BLOB    NOT NULL CHECK (length(vector) BETWEEN 4 AND 16384 AND length(vector) % 4 = 0)
);

CREATE TABLE memory_vector_changes (
    seq       INTEGER NOT NULL PRIMARY KEY,
    namespace TEXT    NOT NULL,
    key       TEXT    NOT NULL
);

-- Documents: a synced document's embedding (document_index.embedding_blob) is its unit float32
-- vector, of the 'documents' space; the feed names every document whose searchable state (its
-- vector, type, status or metadata) changed.
CREATE INDEX documents_searchable ON document_index (id) WHERE embedding_blob IS NOT NULL;

CREATE TABLE document_vector_changes (
    seq       INTEGER NOT NULL PRIMARY KEY,
    file_path TEXT    NOT NULL
);
