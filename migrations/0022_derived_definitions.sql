-- The rollups' functions and triggers have one current definition, sql/rollups.sql,
-- which Leadline applies after the migrations whenever it changes; this records the
-- SHA-256 of the text last applied. It also retires the pieces compaction and the
-- rebuild were wrapped from (0011, 0016): the definition writes each as one function.
CREATE TABLE derived_definitions (
    name       text PRIMARY KEY,
    sha256     bytea NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

DROP FUNCTION IF EXISTS rollup_compact_counts();
DROP FUNCTION IF EXISTS rollup_compact_days();
DROP FUNCTION IF EXISTS rollup_rebuild_counts(integer);
DROP FUNCTION IF EXISTS rollup_rebuild_days(integer);
