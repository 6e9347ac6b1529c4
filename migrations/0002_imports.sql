-- CSV imports of leads: the uploaded file, the chosen column mapping, and progress
-- that the import page reads while the import runs.
CREATE TABLE imports (
    id             uuid PRIMARY KEY,
    created_by     uuid NOT NULL REFERENCES users (id),
    file_name      text NOT NULL CHECK (length(file_name) <= 255),
    content        bytea NOT NULL,
    status         text NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded', 'running', 'done', 'failed')),
    -- skip_bad: import the good rows and report the bad ones; all_or_nothing: any bad row imports none.
    mode           text CHECK (mode IN ('skip_bad', 'all_or_nothing')),
    mapping        jsonb,
    total_rows     integer NOT NULL DEFAULT 0 CHECK (total_rows >= 0),
    processed_rows integer NOT NULL DEFAULT 0 CHECK (processed_rows >= 0),
    imported_rows  integer NOT NULL DEFAULT 0 CHECK (imported_rows >= 0),
    -- [{"line": 3, "field": "phone", "message": "..."}]
    errors         jsonb NOT NULL DEFAULT '[]',
    created_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz
);
CREATE INDEX imports_created_by_idx ON imports (created_by, created_at DESC);
