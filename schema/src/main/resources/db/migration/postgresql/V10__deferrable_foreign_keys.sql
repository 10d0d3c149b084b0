-- Every foreign key may be deferred to the end of its transaction (it is checked at once unless a
-- transaction asks otherwise). An import loads rows in table order, but tasks name their parent
-- task, which may come later in the file; it defers the checks to its commit, where a row that
-- names one the file does not hold still fails the whole import. Referential actions (ON DELETE
-- CASCADE / SET NULL) are not deferred: they run as before.
DO $$
DECLARE
    fk record;
BEGIN
    FOR fk IN
        SELECT c.conrelid::regclass AS tbl, c.conname
          FROM pg_constraint c
          JOIN pg_namespace n ON n.oid = c.connamespace
         WHERE c.contype = 'f' AND n.nspname = current_schema()
    LOOP
        EXECUTE format('ALTER TABLE %s ALTER CONSTRAINT %I DEFERRABLE INITIALLY IMMEDIATE', fk.tbl, fk.conname);
    END LOOP;
END
$$;
