-- The statements of one logged call, as pgbench's baseline: lock the lead, insert
-- the call, update the lead's call fields as a call with no follow-up does (clearing
-- one the lead had). Same schema, same triggers, same server.
\set n random(1, :leads)
\set r random(1, :reps)
BEGIN;
SELECT id, stage, max_stage, status FROM leads WHERE id = (SELECT id FROM bench_leads WHERE n = :n) FOR UPDATE;
INSERT INTO calls (id, lead_id, rep_id, direction, started_at, ring_seconds, talk_seconds, outcome)
    SELECT gen_random_uuid(), l.id, r.id, 'outbound', now(), 30, 0, 'no_answer'
    FROM bench_leads l, bench_reps r WHERE l.n = :n AND r.n = :r;
UPDATE leads SET call_count = call_count + 1, last_call_outcome = 'no_answer', last_call_intent = NULL,
    next_contact_at = NULL, last_call_at = now(), updated_at = now()
    WHERE id = (SELECT id FROM bench_leads WHERE n = :n);
END;
