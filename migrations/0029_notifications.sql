-- Notifications: what the page header tells a user (a lead was assigned to them, their
-- follow-up or task fell due, their import finished), kept until read. Each is a
-- reference to the lead, task or import it is about; its words are written when it is
-- read, in the reader's language and zone.
CREATE TABLE notifications (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('lead_assigned', 'follow_up_due', 'task_due', 'import_finished')),
    lead_id uuid REFERENCES leads (id) ON DELETE CASCADE,
    task_id uuid REFERENCES tasks (id) ON DELETE CASCADE,
    import_id uuid REFERENCES imports (id) ON DELETE CASCADE,
    -- Who assigned the lead (none: a token, or a user since removed).
    actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
    -- The follow-up's or task's due time when it fell due.
    due_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz,
    CHECK (kind <> 'import_finished' OR import_id IS NOT NULL),
    CHECK (kind <> 'task_due' OR task_id IS NOT NULL),
    CHECK (kind NOT IN ('lead_assigned', 'follow_up_due') OR lead_id IS NOT NULL)
);

-- A user's latest (the header's list, the page), and their unread (the count).
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_lead_idx ON notifications (lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX notifications_task_idx ON notifications (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX notifications_import_idx ON notifications (import_id) WHERE import_id IS NOT NULL;

-- Every node listens: a notification written, or read, wakes the pages of its user
-- wherever they are open.
CREATE FUNCTION notifications_announce() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('leadline_notifications', NEW.user_id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER notifications_written AFTER INSERT OR UPDATE OF read_at ON notifications
    FOR EACH ROW EXECUTE FUNCTION notifications_announce();

-- An import that ends, however it was run, tells whoever started it.
CREATE FUNCTION imports_announce_finished() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IN ('done', 'failed') AND OLD.status IS DISTINCT FROM NEW.status THEN
        INSERT INTO notifications (user_id, kind, import_id) VALUES (NEW.created_by, 'import_finished', NEW.id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER imports_finished AFTER UPDATE OF status ON imports
    FOR EACH ROW EXECUTE FUNCTION imports_announce_finished();

-- How far the sweep for follow-ups and tasks falling due has looked: one row, taken by
-- one node at a time.
CREATE TABLE notification_sweep (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    swept_to timestamptz NOT NULL
);
INSERT INTO notification_sweep (swept_to) VALUES (now());

-- Open tasks by when they fall due, for that sweep.
CREATE INDEX tasks_due_idx ON tasks (due_at) WHERE done_at IS NULL AND due_at IS NOT NULL;
