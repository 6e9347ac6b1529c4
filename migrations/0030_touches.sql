-- Touches: contact with a lead other than a call (a WhatsApp, WeChat or Telegram chat, a
-- text message, an e-mail, a meeting), logged by a user with notes and the time it
-- happened. Never a call: no call figure counts them.
CREATE TABLE touches (
    id uuid PRIMARY KEY,
    lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    -- Who was in touch (the rep whose touch it is).
    user_id uuid NOT NULL REFERENCES users (id),
    kind text NOT NULL CHECK (kind IN ('whatsapp', 'wechat', 'telegram', 'sms', 'email', 'meeting')),
    direction text NOT NULL DEFAULT 'outbound' CHECK (direction IN ('outbound', 'inbound')),
    happened_at timestamptz NOT NULL,
    notes text CHECK (char_length(notes) <= 10000),
    next_contact_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A lead's touches (its timeline), a user's by time, and all by time (the list, newest first).
CREATE INDEX touches_lead_idx ON touches (lead_id, happened_at);
CREATE INDEX touches_user_idx ON touches (user_id, happened_at);
CREATE INDEX touches_time_idx ON touches (happened_at, id);
