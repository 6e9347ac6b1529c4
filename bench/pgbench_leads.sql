-- The statements of one created lead (POST /api/v1/leads with a number, an e-mail, a
-- company, a channel and two tags), as pgbench's baseline: the number's locks and the
-- duplicate check, the lead, its create event and the stage it reached, its tags. The
-- triggers keep the search row, the rollups' deltas and the webhooks' outbox as they do
-- for the API. Same schema, same server. Variables: tags, the two tags as '{a,b}'.
\set n random(0, 399999999)
\set prefix 812 + random(0, 3)
BEGIN;
SELECT pg_advisory_xact_lock_shared(1279607108, 1), pg_advisory_xact_lock(hashtextextended('+62' || :prefix || lpad((:n % 100000000)::text, 8, '0'), 0));
SELECT id, (NULL::uuid IS NULL OR owner_id IS NULL OR owner_id IN (SELECT * FROM visible_owners(NULL::uuid))) AS visible FROM leads
    WHERE phone = '+62' || :prefix || lpad((:n % 100000000)::text, 8, '0') AND (NULL::uuid IS NULL OR id <> NULL::uuid) ORDER BY created_at LIMIT 1;
INSERT INTO leads (id, name, phone, email, company, source, owner_id, stage, max_stage, entry_stage, status,
                   deal_value, referred_by, do_not_call, next_contact_at, notes, won_at, created_at, updated_at,
                   external_id, custom)
    VALUES (gen_random_uuid(), 'Bench Lead ' || :client_id || '-' || :n, '+62' || :prefix || lpad((:n % 100000000)::text, 8, '0'),
            'bench' || :client_id || '.' || :n || '@example.com', 'PT Bench ' || (:n % 5000), 'web', NULL, 0, 0, 0, 'open',
            NULL, NULL, false, NULL, NULL, NULL, now(), now(), NULL, '{}')
    RETURNING id AS lead_id \gset
INSERT INTO stage_events (lead_id, from_stage, to_stage, kind, reason, lost_reason_id, deal_value,
                          actor_user_id, actor_token_id, actor_call_id, created_at, came_back_by)
    VALUES (':lead_id', NULL, 0, 'create', NULL, NULL, NULL, NULL, NULL, NULL, now(), NULL)
    RETURNING id, lead_id, from_stage, to_stage, kind, reason, (SELECT label FROM lost_reasons WHERE id = NULL::uuid) AS lost_reason,
              deal_value, came_back_by, actor_user_id, actor_token_id, actor_call_id, created_at;
INSERT INTO stage_reaches (lead_id, stage, reached_at) SELECT ':lead_id', s::smallint, now() FROM generate_series(0, 0) s;
INSERT INTO tags (id, name) SELECT gen_random_uuid(), t FROM unnest(':tags'::text[]) t ON CONFLICT (name) DO NOTHING;
INSERT INTO lead_tags (lead_id, tag_id) SELECT ':lead_id', id FROM tags WHERE name = ANY(':tags'::text[]) ON CONFLICT DO NOTHING;
END;
