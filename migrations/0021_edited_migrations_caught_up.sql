-- Four migrations were edited after they had been applied somewhere: 0003 and 0017 and 0018
-- in their comments or in a function a later migration replaces anyway, 0006 in one index,
-- which gained the `stage` column the reps table reads by. A database migrated before the
-- edit gets that index here; Leadline accepts the checksums those migrations had before
-- (`startup::migrate`), so such a database starts instead of refusing.
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_indexes
        WHERE indexname = 'rollup_reaches_owners_idx'
          AND indexdef LIKE '%(tag_id, source, stage, months, day)%'
    ) THEN
        DROP INDEX IF EXISTS rollup_reaches_owners_idx;
        CREATE INDEX rollup_reaches_owners_idx ON rollup_reaches (tag_id, source, stage, months, day);
    END IF;
END
$$;
