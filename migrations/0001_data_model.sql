-- Leadline's data model: SPEC sections 1-3.
-- Funnel stages are stored as smallint 0..6 so that "reached stage k" is `max_stage >= k`:
-- 0 new, 1 connect, 2 interest, 3 need, 4 evaluate, 5 decide, 6 referral.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    name          text NOT NULL CHECK (length(name) <= 200),
    role          text NOT NULL CHECK (role IN ('admin', 'manager', 'rep')),
    password_hash text NOT NULL,
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- SHA-256 of the secret: the secret itself is shown once and never stored.
    token_hash   bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Browser sessions live in the database so that any app node can serve any request.
CREATE TABLE sessions (
    id_hash    bytea PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE tags (
    id         uuid PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    tag_group  text CHECK (length(tag_group) BETWEEN 1 AND 60),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tags_name_key UNIQUE (name)
);

CREATE TABLE lost_reasons (
    id         uuid PRIMARY KEY,
    label      text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    active     boolean NOT NULL DEFAULT true,
    sort_order integer NOT NULL DEFAULT 0,
    CONSTRAINT lost_reasons_label_key UNIQUE (label)
);
INSERT INTO lost_reasons (id, label, sort_order) VALUES
    ('00000000-0000-7000-8000-000000000001', 'Not interested', 1),
    ('00000000-0000-7000-8000-000000000002', 'No budget', 2),
    ('00000000-0000-7000-8000-000000000003', 'No need', 3),
    ('00000000-0000-7000-8000-000000000004', 'Chose a competitor', 4),
    ('00000000-0000-7000-8000-000000000005', 'Bad timing', 5),
    ('00000000-0000-7000-8000-000000000006', 'Unreachable', 6),
    ('00000000-0000-7000-8000-000000000007', 'Other', 7);

CREATE TABLE leads (
    id                uuid PRIMARY KEY,
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    phone             text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    phone_bad         boolean NOT NULL DEFAULT false,
    email             text CHECK (length(email) <= 254),
    company           text CHECK (length(company) <= 200),
    source            text CHECK (length(source) BETWEEN 1 AND 60),
    owner_id          uuid REFERENCES users (id),
    stage             smallint NOT NULL DEFAULT 0 CHECK (stage BETWEEN 0 AND 6),
    max_stage         smallint NOT NULL DEFAULT 0 CHECK (max_stage BETWEEN 0 AND 6),
    entry_stage       smallint NOT NULL DEFAULT 0 CHECK (entry_stage BETWEEN 0 AND 6),
    status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
    lost_stage        smallint CHECK (lost_stage BETWEEN 0 AND 6),
    lost_reason_id    uuid REFERENCES lost_reasons (id),
    deal_value        bigint CHECK (deal_value >= 0),
    referred_by       uuid REFERENCES leads (id),
    do_not_call       boolean NOT NULL DEFAULT false,
    next_contact_at   timestamptz,
    notes             text CHECK (length(notes) <= 10000),
    last_call_at      timestamptz,
    last_call_outcome text,
    last_call_intent  text,
    call_count        integer NOT NULL DEFAULT 0 CHECK (call_count >= 0),
    -- The short queue claim: a rep working this lead now.
    claimed_by        uuid REFERENCES users (id),
    claimed_until     timestamptz,
    won_at            timestamptz,
    lost_at           timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT leads_max_stage_covers_stage CHECK (max_stage >= stage AND max_stage >= entry_stage),
    CONSTRAINT leads_lost_has_stage CHECK ((status = 'lost') = (lost_stage IS NOT NULL)),
    CONSTRAINT leads_won_reached_decide CHECK (status <> 'won' OR max_stage >= 5)
);
CREATE INDEX leads_created_idx ON leads (created_at, id);
CREATE INDEX leads_owner_idx ON leads (owner_id, created_at);
CREATE INDEX leads_phone_idx ON leads (phone) WHERE phone IS NOT NULL;
CREATE INDEX leads_source_idx ON leads (source, created_at);
CREATE INDEX leads_referred_by_idx ON leads (referred_by) WHERE referred_by IS NOT NULL;
CREATE INDEX leads_search_idx ON leads USING gin (
    (coalesce(name, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(email, '') || ' ' || coalesce(company, '')) gin_trgm_ops
);
-- The call queue: workable leads only, in the orders the queue reads them.
CREATE INDEX leads_queue_followup_idx ON leads (next_contact_at)
    WHERE status = 'open' AND NOT do_not_call AND NOT phone_bad AND next_contact_at IS NOT NULL;
CREATE INDEX leads_queue_fresh_idx ON leads (created_at)
    WHERE status = 'open' AND NOT do_not_call AND NOT phone_bad AND call_count = 0;
CREATE INDEX leads_queue_retry_idx ON leads (last_call_at)
    WHERE status = 'open' AND NOT do_not_call AND NOT phone_bad AND call_count > 0;

CREATE TABLE lead_tags (
    lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    tag_id  uuid NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (lead_id, tag_id)
);
CREATE INDEX lead_tags_tag_idx ON lead_tags (tag_id, lead_id);

CREATE TABLE calls (
    id              uuid PRIMARY KEY,
    lead_id         uuid NOT NULL REFERENCES leads (id),
    rep_id          uuid NOT NULL REFERENCES users (id),
    direction       text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
    started_at      timestamptz NOT NULL,
    ring_seconds    integer CHECK (ring_seconds BETWEEN 0 AND 86400),
    talk_seconds    integer NOT NULL DEFAULT 0 CHECK (talk_seconds BETWEEN 0 AND 86400),
    outcome         text NOT NULL CHECK (outcome IN ('connected', 'no_answer', 'busy', 'voicemail', 'rejected',
                                                     'invalid_number', 'out_of_service', 'powered_off', 'wrong_person')),
    intent          text CHECK (intent IN ('clear', 'unclear', 'none')),
    notes           text CHECK (length(notes) <= 10000),
    next_contact_at timestamptz,
    recording_url   text CHECK (length(recording_url) <= 2000),
    -- The lead was do-not-call when this call was logged: stored, flagged, counted.
    do_not_call     boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT calls_intent_only_when_connected CHECK (intent IS NULL OR outcome = 'connected')
);
CREATE INDEX calls_lead_idx ON calls (lead_id, started_at);
CREATE INDEX calls_rep_idx ON calls (rep_id, started_at);
CREATE INDEX calls_started_idx ON calls (started_at, id);

-- Append-only history; the lead row is derived from it.
CREATE TABLE stage_events (
    id             bigserial PRIMARY KEY,
    lead_id        uuid NOT NULL REFERENCES leads (id),
    from_stage     smallint CHECK (from_stage BETWEEN 0 AND 6),
    to_stage       smallint NOT NULL CHECK (to_stage BETWEEN 0 AND 6),
    kind           text NOT NULL CHECK (kind IN ('create', 'advance', 'skip', 'regress', 'lost', 'reopen')),
    reason         text CHECK (length(reason) <= 2000),
    lost_reason_id uuid REFERENCES lost_reasons (id),
    deal_value     bigint CHECK (deal_value >= 0),
    actor_user_id  uuid REFERENCES users (id),
    actor_token_id uuid REFERENCES api_tokens (id),
    actor_call_id  uuid REFERENCES calls (id),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stage_events_lead_idx ON stage_events (lead_id, id);
CREATE INDEX stage_events_created_idx ON stage_events (created_at);

CREATE FUNCTION stage_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stage events are append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER stage_events_append_only BEFORE UPDATE OR DELETE ON stage_events
    FOR EACH ROW EXECUTE FUNCTION stage_events_append_only();

-- When each lead first reached each stage (a skip reaches the stages it jumps over at
-- the same moment): the basis of the activity view and of stage velocity.
CREATE TABLE stage_reaches (
    lead_id    uuid NOT NULL REFERENCES leads (id),
    stage      smallint NOT NULL CHECK (stage BETWEEN 0 AND 6),
    reached_at timestamptz NOT NULL,
    PRIMARY KEY (lead_id, stage)
);
CREATE INDEX stage_reaches_time_idx ON stage_reaches (reached_at, stage);

CREATE TABLE spend (
    id         uuid PRIMARY KEY,
    spent_on   date NOT NULL,
    amount     bigint NOT NULL CHECK (amount >= 0),
    category   text NOT NULL CHECK (category IN ('advertising', 'salaries', 'telephony', 'other')),
    channel    text CHECK (length(channel) BETWEEN 1 AND 60),
    note       text CHECK (length(note) <= 2000),
    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    deleted_by uuid REFERENCES users (id),
    CONSTRAINT spend_deleted_has_actor CHECK ((deleted_at IS NULL) = (deleted_by IS NULL))
);
CREATE INDEX spend_date_idx ON spend (spent_on) WHERE deleted_at IS NULL;

-- A retried POST with the same Idempotency-Key returns the first answer and stores nothing new.
CREATE TABLE idempotency_keys (
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash    bytea NOT NULL,
    response_status smallint NOT NULL,
    response_body   jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
