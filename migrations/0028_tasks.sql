-- Tasks on leads: something a user is to do about a lead (send the price list, ask the
-- director), by when, and when it was done. A task is done once; done again, it keeps
-- its first time.
CREATE TABLE tasks (
    id uuid PRIMARY KEY,
    lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
    due_at timestamptz,
    assignee_id uuid NOT NULL REFERENCES users (id),
    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    done_at timestamptz,
    done_by uuid REFERENCES users (id)
);

-- A user's open tasks by when they fall due (the agenda), and a lead's tasks (its page).
CREATE INDEX tasks_open_idx ON tasks (assignee_id, due_at, id) WHERE done_at IS NULL;
CREATE INDEX tasks_lead_idx ON tasks (lead_id, created_at);

-- A rep's follow-ups by when they fall due (the agenda): their open leads with a next
-- contact time.
CREATE INDEX leads_owner_follow_up_idx ON leads (owner_id, next_contact_at)
    WHERE status = 'open' AND next_contact_at IS NOT NULL AND NOT do_not_call;
