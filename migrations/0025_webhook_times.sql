-- Webhook payloads give their times on the company's clock with its offset (RFC 3339,
-- such as 2026-12-04T06:30:00+07:00 in Asia/Jakarta), whatever the session's TimeZone.

CREATE FUNCTION company_time(t timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT to_char(t AT TIME ZONE z.name, 'YYYY-MM-DD"T"HH24:MI:SS.US')
           || CASE WHEN o.minutes < 0 THEN '-' ELSE '+' END
           || lpad((abs(o.minutes) / 60)::text, 2, '0') || ':' || lpad((abs(o.minutes) % 60)::text, 2, '0')
    FROM (SELECT coalesce((SELECT time_zone FROM company_settings), 'UTC') AS name) z
    CROSS JOIN LATERAL (SELECT (extract(epoch FROM (t AT TIME ZONE z.name) - (t AT TIME ZONE 'UTC')) / 60)::int
                               AS minutes) o
    WHERE t IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION webhook_lead(l leads) RETURNS jsonb
    LANGUAGE sql STABLE
    RETURN jsonb_build_object(
        'id', l.id, 'name', l.name, 'phone', l.phone, 'email', l.email, 'company', l.company,
        'source', l.source, 'owner_id', l.owner_id, 'stage', webhook_stage_name(l.stage),
        'max_stage', webhook_stage_name(l.max_stage), 'status', l.status,
        'deal_value', l.deal_value, 'referred_by', l.referred_by, 'created_at', company_time(l.created_at)
    );

CREATE OR REPLACE FUNCTION webhook_stage_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
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
                       'lost_reason', r.label, 'reason', e.reason, 'at', company_time(e.created_at),
                       'actor', jsonb_build_object('user_id', e.actor_user_id, 'token_id', e.actor_token_id,
                                                   'call_id', e.actor_call_id))
                   ELSE jsonb_build_object(
                       'lead', webhook_lead(l), 'from_stage', webhook_stage_name(e.from_stage),
                       'to_stage', webhook_stage_name(e.to_stage), 'kind', e.kind, 'reason', e.reason,
                       'deal_value', e.deal_value, 'at', company_time(e.created_at),
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
           jsonb_build_object('id', ev.event_id, 'type', ev.event_type, 'created_at', company_time(now()), 'data', ev.data),
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

CREATE OR REPLACE FUNCTION webhook_calls_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
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
                   'started_at', company_time(c.started_at), 'ring_seconds', c.ring_seconds, 'talk_seconds', c.talk_seconds,
                   'outcome', c.outcome, 'intent', c.intent, 'notes', c.notes,
                   'next_contact_at', company_time(c.next_contact_at), 'recording_url', c.recording_url,
                   'do_not_call', c.do_not_call, 'created_at', company_time(c.created_at))) AS data
        FROM new_rows c
    )
    INSERT INTO webhook_deliveries (event_id, event_type, payload, subscription_id)
    SELECT ev.event_id, 'call.logged',
           jsonb_build_object('id', ev.event_id, 'type', 'call.logged', 'created_at', company_time(now()), 'data', ev.data),
           s.id
    FROM events ev JOIN webhook_subscriptions s ON s.active AND 'call.logged' = ANY (s.events);
    GET DIAGNOSTICS enqueued = ROW_COUNT;
    IF enqueued > 0 THEN
        PERFORM pg_notify('leadline_webhooks', '');
    END IF;
    RETURN NULL;
END;
$$;
