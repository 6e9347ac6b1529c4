-- Find a write's velocity pairs through the reaches it wrote, not through every reach.
--
-- Migration 0006's `velocity_pairs_of` joined the leads' reaches to each other and to
-- the leads in one statement whose size the planner could not see (an array
-- parameter): for a chunk of an import or a batch of calls it chose hash joins over
-- the whole of `leads` and `stage_reaches`, so each chunk cost what the tables cost
-- (200 ms a chunk of 10,000 new leads on a table of 200,000, and growing with it).
--
-- The pairs a new reach of stage k can complete are (k-1, k) and (k, k+1): each is
-- now looked up by its key, a primary-key probe of `stage_reaches` and `leads`, so the
-- cost follows the rows written (10,000 new reaches on a database of 1M leads: 0.17 s,
-- where the join over the tables took 29 s). Recounting whole leads (a rebuild, a lead
-- whose reaches were rewritten) still joins their reaches, which suits its large
-- batches of consecutive leads.

-- The pairs of the leads `ids` as the raw tables have them now; when `touching` is
-- given, only the pairs one of whose reaches is in it (the leads are then those of
-- `touching`).
CREATE OR REPLACE FUNCTION velocity_pairs_of(ids uuid[], touching stage_reaches[] DEFAULT NULL)
RETURNS SETOF velocity_pairs
LANGUAGE sql STABLE AS $$
    SELECT b.lead_id, b.stage, coalesce(l.source, ''),
           coalesce(l.owner_id, '00000000-0000-0000-0000-000000000000'::uuid),
           rollup_day(l.created_at), rollup_day(b.reached_at),
           velocity_bucket(extract(epoch FROM b.reached_at - a.reached_at)::float8),
           extract(epoch FROM b.reached_at - a.reached_at)::float8
    FROM (SELECT DISTINCT o.lead_id, k.stage
          FROM unnest(touching) o
          CROSS JOIN LATERAL (VALUES (o.stage), (o.stage + 1)) k (stage)
          WHERE k.stage BETWEEN 1 AND 6) p
    JOIN stage_reaches b ON b.lead_id = p.lead_id AND b.stage = p.stage
    JOIN stage_reaches a ON a.lead_id = p.lead_id AND a.stage = p.stage - 1
    JOIN leads l ON l.id = p.lead_id
    WHERE touching IS NOT NULL
    UNION ALL
    SELECT b.lead_id, b.stage, coalesce(l.source, ''),
           coalesce(l.owner_id, '00000000-0000-0000-0000-000000000000'::uuid),
           rollup_day(l.created_at), rollup_day(b.reached_at),
           velocity_bucket(extract(epoch FROM b.reached_at - a.reached_at)::float8),
           extract(epoch FROM b.reached_at - a.reached_at)::float8
    FROM stage_reaches b
    JOIN stage_reaches a ON a.lead_id = b.lead_id AND a.stage = b.stage - 1
    JOIN leads l ON l.id = b.lead_id
    WHERE touching IS NULL AND b.lead_id = ANY (ids);
$$;
