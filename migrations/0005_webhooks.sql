-- Webhooks: an admin's subscriptions, and the outbox their deliveries are sent from.
--
-- Events are enqueued by triggers on the tables that record them: `stage_events`
-- (lead.created, lead.stage_changed, lead.lost) and `calls` (call.logged). So every
-- path that writes them (the API, the call batch, CSV imports, the pages) enqueues in
-- the same transaction as the change itself, and a write that rolls back enqueues
-- nothing. The triggers run once per statement over its transition table: a batch or
-- an import of n rows fans out with one INSERT ... SELECT, and while no active
-- subscription wants the event they stop after reading the (tiny) subscriptions table.
--
-- A delivery row is one event for one subscription, carrying its payload: the row is
-- the durable outbox entry and the delivery log at once.

CREATE TABLE webhook_subscriptions (
    id         uuid PRIMARY KEY,
    url        text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
    events     text[] NOT NULL CHECK (
        cardinality(events) > 0
        AND events <@ ARRAY['lead.created', 'lead.stage_changed', 'lead.lost', 'call.logged']
    ),
    -- Kept in clear because every delivery is signed with it; shown once, at creation.
    secret     text NOT NULL,
    active     boolean NOT NULL DEFAULT true,
    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- The same for every subscription the event went to, and across retries.
    event_id         uuid NOT NULL,
    event_type       text NOT NULL,
    payload          jsonb NOT NULL,
    subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- For a pending delivery, when it is next due; a worker sending it pushes this
    -- forward as a lease, so a node that dies mid-send leaves it to another node.
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_attempt_at  timestamptz,
    last_status_code smallint,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);
-- The workers' queue: due pending deliveries, the longest waiting first.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
-- The delivery log, per subscription and overall, and pruning.
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, created_at);
CREATE INDEX webhook_deliveries_created_idx ON webhook_deliveries (created_at);

-- Event types some active subscription wants, from the ones a trigger can raise.
CREATE FUNCTION webhook_wanted(raised text[]) RETURNS text[]
LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT t), '{}')
    FROM webhook_subscriptions s CROSS JOIN LATERAL unnest(s.events) AS t
    WHERE s.active AND t = ANY (raised);
$$;

CREATE FUNCTION webhook_stage_name(stage smallint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (ARRAY['new', 'connect', 'interest', 'need', 'evaluate', 'decide', 'referral'])[stage + 1];

-- The lead as webhook payloads show it.
CREATE FUNCTION webhook_lead(l leads) RETURNS jsonb
    LANGUAGE sql STABLE
    RETURN jsonb_build_object(
        'id', l.id, 'name', l.name, 'phone', l.phone, 'email', l.email, 'company', l.company,
        'source', l.source, 'owner_id', l.owner_id, 'stage', webhook_stage_name(l.stage),
        'max_stage', webhook_stage_name(l.max_stage), 'status', l.status,
        'deal_value', l.deal_value, 'referred_by', l.referred_by, 'created_at', l.created_at
    );

CREATE FUNCTION webhook_stage_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    wanted text[] := webhook_wanted(ARRAY['lead.created', 'lead.stage_changed', 'lead.lost']);
    enqueued bigint;
BEGIN
    IF cardinality(wanted) = 0 THEN
        RETURN NULL;
    END IF;
    WITH typed AS (
        SELECT e.*, CASE e.kind WHEN 'create' THEN 'lead.created'
                                WHEN 'lost' THEN 'lead.lost'
                                ELSE 'lead.stage_changed' END AS event_type
        FROM new_rows e
    ),
    events AS MATERIALIZED (
        SELECT gen_random_uuid() AS event_id, e.event_type,
               CASE e.event_type
                   WHEN 'lead.created' THEN jsonb_build_object('lead', webhook_lead(l))
                   WHEN 'lead.lost' THEN jsonb_build_object(
                       'lead', webhook_lead(l), 'stage', webhook_stage_name(e.from_stage),
                       'lost_reason', r.label, 'reason', e.reason, 'at', e.created_at,
                       'actor', jsonb_build_object('user_id', e.actor_user_id, 'token_id', e.actor_token_id,
                                                   'call_id', e.actor_call_id))
                   ELSE jsonb_build_object(
                       'lead', webhook_lead(l), 'from_stage', webhook_stage_name(e.from_stage),
                       'to_stage', webhook_stage_name(e.to_stage), 'kind', e.kind, 'reason', e.reason,
                       'deal_value', e.deal_value, 'at', e.created_at,
                       'actor', jsonb_build_object('user_id', e.actor_user_id, 'token_id', e.actor_token_id,
                                                   'call_id', e.actor_call_id))
               END AS data
        FROM typed e
        JOIN leads l ON l.id = e.lead_id
        LEFT JOIN lost_reasons r ON r.id = e.lost_reason_id
        WHERE e.event_type = ANY (wanted)
    )
    INSERT INTO webhook_deliveries (event_id, event_type, payload, subscription_id)
    SELECT ev.event_id, ev.event_type,
           jsonb_build_object('id', ev.event_id, 'type', ev.event_type, 'created_at', now(), 'data', ev.data),
           s.id
    FROM events ev JOIN webhook_subscriptions s ON s.active AND ev.event_type = ANY (s.events);
    GET DIAGNOSTICS enqueued = ROW_COUNT;
    IF enqueued > 0 THEN
        -- Sent on commit only, to wake the delivery workers.
        PERFORM pg_notify('leadline_webhooks', '');
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER webhook_stage_events_inserted AFTER INSERT ON stage_events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webhook_stage_events_inserted();

CREATE FUNCTION webhook_calls_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    enqueued bigint;
BEGIN
    IF cardinality(webhook_wanted(ARRAY['call.logged'])) = 0 THEN
        RETURN NULL;
    END IF;
    WITH events AS MATERIALIZED (
        SELECT gen_random_uuid() AS event_id,
               jsonb_build_object('call', jsonb_build_object(
                   'id', c.id, 'lead_id', c.lead_id, 'rep_id', c.rep_id, 'direction', c.direction,
                   'started_at', c.started_at, 'ring_seconds', c.ring_seconds, 'talk_seconds', c.talk_seconds,
                   'outcome', c.outcome, 'intent', c.intent, 'notes', c.notes,
                   'next_contact_at', c.next_contact_at, 'recording_url', c.recording_url,
                   'do_not_call', c.do_not_call, 'created_at', c.created_at)) AS data
        FROM new_rows c
    )
    INSERT INTO webhook_deliveries (event_id, event_type, payload, subscription_id)
    SELECT ev.event_id, 'call.logged',
           jsonb_build_object('id', ev.event_id, 'type', 'call.logged', 'created_at', now(), 'data', ev.data),
           s.id
    FROM events ev JOIN webhook_subscriptions s ON s.active AND 'call.logged' = ANY (s.events);
    GET DIAGNOSTICS enqueued = ROW_COUNT;
    IF enqueued > 0 THEN
        PERFORM pg_notify('leadline_webhooks', '');
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER webhook_calls_inserted AFTER INSERT ON calls
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webhook_calls_inserted();
