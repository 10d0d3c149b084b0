-- PostgreSQL's V10 makes every foreign key deferrable, for imports. SQLite defers a transaction's
-- foreign-key checks to its commit when asked (PRAGMA defer_foreign_keys), with no change to the
-- tables; this migration only keeps the two engines at the same schema version.
SELECT 1;
