-- Bulk changes of more leads than a page should wait for (LEADLINE_BULK_INLINE_LIMIT): the
-- list asks for one here and answers at once, and a node makes it in the background. The
-- change and the row's `done` commit in one transaction, so a change is made once, and a
-- node that stops midway leaves the row queued for another to take up again.
CREATE TABLE bulk_changes (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The asker's reach when they asked: a rep's own and unassigned leads, or every lead.
    rep_scope   uuid,
    lead_ids    uuid[] NOT NULL,
    change      jsonb NOT NULL,
    -- The leads list's filters, to return to.
    back_to     text NOT NULL,
    status      text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'done', 'failed')),
    changed     bigint,
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX bulk_changes_queued_idx ON bulk_changes (created_at) WHERE status = 'queued';
