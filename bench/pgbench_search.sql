-- The statement of one lead search (GET /api/v1/leads?q=...&limit=50), as pgbench's
-- baseline: the same SQL as the API's, with one of bench_terms' conditions (what the API
-- makes of a term: for a number as typed, its digits as the numbers are stored; else its
-- text). Variables: terms, how many rows bench_terms has.
\set i random(1, :terms)
SELECT condition FROM bench_terms WHERE n = :i \gset
SELECT l.id, l.external_id, l.name, l.phone, l.phone_bad, l.email, l.company, l.source, l.owner_id, l.stage, l.max_stage,
       l.entry_stage, l.status, l.lost_stage, (SELECT label FROM lost_reasons r WHERE r.id = l.lost_reason_id) AS lost_reason,
       l.deal_value, l.referred_by, l.do_not_call, l.next_contact_at, l.notes, l.last_call_at, l.last_call_outcome, l.call_count,
       coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id WHERE lt.lead_id = l.id), '{}') AS tags,
       l.custom, l.created_at, l.updated_at, l.erased_at
    FROM leads l
    WHERE true AND l.id IN (SELECT s.lead_id FROM lead_search s WHERE :condition)
    ORDER BY l.created_at DESC, l.id DESC LIMIT 50;
