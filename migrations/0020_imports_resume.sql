-- Imports that can be cut and resumed. A running import beats `heartbeat_at` every few
-- seconds; one whose beat has stopped was cut (its server or command was killed) and is
-- marked `interrupted`. In skip-bad mode `committed_rows` is written in the transaction
-- of each chunk, so a resumed import starts exactly after the rows already stored.
-- Imports from the command line are recorded too: no user, no stored content, the file's
-- path and SHA-256 to recognise it when resumed.
ALTER TABLE imports
    DROP CONSTRAINT imports_status_check,
    ADD CONSTRAINT imports_status_check
        CHECK (status IN ('uploaded', 'running', 'done', 'failed', 'interrupted')),
    ALTER COLUMN created_by DROP NOT NULL,
    ADD COLUMN origin text NOT NULL DEFAULT 'page' CHECK (origin IN ('page', 'command')),
    ADD COLUMN file_sha256 bytea,
    ADD COLUMN committed_rows integer NOT NULL DEFAULT 0 CHECK (committed_rows >= 0),
    ADD COLUMN heartbeat_at timestamptz,
    ADD COLUMN resumed integer NOT NULL DEFAULT 0 CHECK (resumed >= 0);
