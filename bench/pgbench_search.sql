-- The statements of one lead search (GET /api/v1/leads?q=...&limit=50), as pgbench's
-- baseline: the same SQL as the API's (`storage::leads::search`), with one of bench_terms'
-- conditions (what the API makes of a term: for a number as typed, its digits as the
-- numbers are stored; else its text). The walk through the newest 5,000 search rows
-- (`SEARCH_WALK`) first; then, for a term whose matches do not fill a page there
-- (bench_terms.walk_fills = 0, as daily.sh found), all its matches sorted.
-- Variables: terms, how many rows bench_terms has.
\set i random(1, :terms)
SELECT condition, walk_fills FROM bench_terms WHERE n = :i \gset
SELECT l.id, l.external_id, l.name, l.phone, l.phone_bad, l.email, l.company, l.source, l.owner_id, l.stage, l.max_stage,
       l.entry_stage, l.status, l.lost_stage, (SELECT label FROM lost_reasons r WHERE r.id = l.lost_reason_id) AS lost_reason,
       l.deal_value, l.referred_by, l.do_not_call, l.next_contact_at, l.notes, l.last_call_at, l.last_call_outcome, l.call_count,
       coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id WHERE lt.lead_id = l.id), '{}') AS tags,
       l.custom, l.created_at, l.updated_at, l.erased_at
    FROM (SELECT s.lead_id, s.created_at, s.text FROM lead_search s WHERE true
          ORDER BY s.created_at DESC, s.lead_id DESC LIMIT 5000) s
    JOIN leads l ON l.id = s.lead_id WHERE true AND :condition
    ORDER BY s.created_at DESC, s.lead_id DESC LIMIT 50;
\if :walk_fills = 0
SELECT l.id, l.external_id, l.name, l.phone, l.phone_bad, l.email, l.company, l.source, l.owner_id, l.stage, l.max_stage,
       l.entry_stage, l.status, l.lost_stage, (SELECT label FROM lost_reasons r WHERE r.id = l.lost_reason_id) AS lost_reason,
       l.deal_value, l.referred_by, l.do_not_call, l.next_contact_at, l.notes, l.last_call_at, l.last_call_outcome, l.call_count,
       coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id WHERE lt.lead_id = l.id), '{}') AS tags,
       l.custom, l.created_at, l.updated_at, l.erased_at
    FROM (SELECT s.lead_id, s.created_at, s.text FROM lead_search s WHERE true AND :condition
          ORDER BY s.created_at DESC, s.lead_id DESC OFFSET 0) s
    JOIN leads l ON l.id = s.lead_id WHERE true
    ORDER BY s.created_at DESC, s.lead_id DESC LIMIT 50;
\endif
