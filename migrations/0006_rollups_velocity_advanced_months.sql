-- The dashboard figures that migration 0003 still read from the raw tables, now
-- from rollups too, so that no figure costs what the number of rows costs:
--
-- * Stage velocity (median and p90 of the time from first reaching k-1 to first
--   reaching k). Percentiles do not add up, so the rollups hold a histogram of the
--   durations per day (by the lead's creation day for the cohort view, by the day of
--   the reach for the activity view), and `velocity_pairs` holds each duration once,
--   indexed by its histogram bucket. A reader sums the histogram to find the bucket
--   each percentile falls in, then reads that bucket's few durations to pick the
--   exact value, as percentile_cont / percentile_disc over all of them would.
-- * Leads advanced (distinct leads that advanced or skipped ahead in the period).
--   Each advance is counted on its day together with the day of the lead's
--   previous advance: a lead advanced in [a, b) exactly when one of its advances in
--   [a, b) has no previous advance or one before a, and only its first one there does.
-- * Overdue follow-ups (a snapshot now) read a partial index of open leads.
--
-- And month rows beside the day rows of every rollup (see below).

-- ---------------------------------------------------------------------------
-- Velocity.

-- Four buckets per doubling of the duration; everything under a second in bucket 0.
-- Monotonic, so every duration of a bucket lies above every duration of the buckets below.
CREATE FUNCTION velocity_bucket(seconds double precision) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN seconds < 1 THEN 0 ELSE 1 + floor(ln(seconds) * 5.770780163555854)::smallint END;

-- Each pair of first reaches (k-1, k) of a lead, with the lead's dimensions as they
-- are now (for filtering) and the seconds between the two reaches.
CREATE TABLE velocity_pairs (
    lead_id     uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    stage       smallint NOT NULL,
    source      text NOT NULL,
    owner_id    uuid NOT NULL,
    created_day date NOT NULL,
    reached_day date NOT NULL,
    bucket      smallint NOT NULL,
    seconds     double precision NOT NULL,
    PRIMARY KEY (lead_id, stage)
);
-- A bucket's durations in order, with what the filters look at: a reader skips to
-- the rank it wants without visiting the table.
CREATE INDEX velocity_pairs_rank_idx ON velocity_pairs (stage, bucket, seconds)
    INCLUDE (created_day, reached_day, source, owner_id, lead_id);

-- The pairs of the leads `ids` as the raw tables have them now, restricted to pairs
-- one of whose reaches is in `touching` when that is given.
CREATE FUNCTION velocity_pairs_of(ids uuid[], touching stage_reaches[] DEFAULT NULL) RETURNS SETOF velocity_pairs
LANGUAGE sql STABLE AS $$
    SELECT b.lead_id, b.stage, coalesce(l.source, ''),
           coalesce(l.owner_id, '00000000-0000-0000-0000-000000000000'::uuid),
           rollup_day(l.created_at), rollup_day(b.reached_at),
           velocity_bucket(extract(epoch FROM b.reached_at - a.reached_at)::float8),
           extract(epoch FROM b.reached_at - a.reached_at)::float8
    FROM stage_reaches b
    JOIN stage_reaches a ON a.lead_id = b.lead_id AND a.stage = b.stage - 1
    JOIN leads l ON l.id = b.lead_id
    WHERE b.lead_id = ANY (ids)
      AND (touching IS NULL
           OR EXISTS (SELECT 1 FROM unnest(touching) o
                      WHERE o.lead_id = b.lead_id AND o.stage IN (a.stage, b.stage)));
$$;

CREATE TABLE rollup_velocity_cohort (
    tag_id   uuid,
    source   text,
    owner_id uuid,
    day      date NOT NULL,
    stage    smallint NOT NULL,
    bucket   smallint NOT NULL,
    pairs    bigint NOT NULL,
    CONSTRAINT rollup_velocity_cohort_key UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, day, stage, bucket)
);
CREATE TABLE rollup_velocity_cohort_delta (LIKE rollup_velocity_cohort);
CREATE INDEX rollup_velocity_cohort_delta_day_idx ON rollup_velocity_cohort_delta (day);

CREATE TABLE rollup_velocity_activity (LIKE rollup_velocity_cohort);
ALTER TABLE rollup_velocity_activity ADD CONSTRAINT rollup_velocity_activity_key
    UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, day, stage, bucket);
CREATE TABLE rollup_velocity_activity_delta (LIKE rollup_velocity_cohort);
CREATE INDEX rollup_velocity_activity_delta_day_idx ON rollup_velocity_activity_delta (day);

-- Pairs `ps` of the leads in `ls`: the cohort histogram by the lead's creation day,
-- the activity histogram by the day of the later reach.
CREATE FUNCTION rollup_add_velocity(ps velocity_pairs[], ls rollup_lead[], sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO rollup_velocity_cohort_delta
    SELECT l.tag_id, l.source, l.owner_id, l.created_day, p.stage, p.bucket, sign * count(*)
    FROM unnest(ps) p JOIN unnest(ls) l ON l.id = p.lead_id
    GROUP BY 1, 2, 3, 4, 5, 6;
    INSERT INTO rollup_velocity_activity_delta
    SELECT l.tag_id, l.source, l.owner_id, p.reached_day, p.stage, p.bucket, sign * count(*)
    FROM unnest(ps) p JOIN unnest(ls) l ON l.id = p.lead_id
    GROUP BY 1, 2, 3, 4, 5, 6;
$$;

-- ---------------------------------------------------------------------------
-- Leads advanced.

CREATE TABLE rollup_advanced (
    tag_id   uuid,
    source   text,
    owner_id uuid,
    day      date NOT NULL,
    -- The day of the lead's previous advance (by time, then id); NULL for its first.
    prev_day date,
    leads    bigint NOT NULL,
    CONSTRAINT rollup_advanced_key UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, day, prev_day)
);
CREATE TABLE rollup_advanced_delta (LIKE rollup_advanced);
CREATE INDEX rollup_advanced_delta_day_idx ON rollup_advanced_delta (day);

-- The advances of the leads in `ls` (all of them, but for the events `skip`).
CREATE FUNCTION rollup_add_advanced(ls rollup_lead[], sign integer, skip bigint[] DEFAULT '{}') RETURNS void
LANGUAGE sql AS $$
    INSERT INTO rollup_advanced_delta
    SELECT l.tag_id, l.source, l.owner_id, e.day, e.prev_day, sign * count(*)
    FROM (SELECT e.lead_id, rollup_day(e.created_at) AS day,
                 lag(rollup_day(e.created_at)) OVER (PARTITION BY e.lead_id ORDER BY e.created_at, e.id) AS prev_day
          FROM stage_events e
          WHERE e.lead_id = ANY (ARRAY(SELECT DISTINCT x.id FROM unnest(ls) x))
            AND e.kind IN ('advance', 'skip') AND e.id <> ALL (skip)) e
    JOIN unnest(ls) l ON l.id = e.lead_id
    GROUP BY 1, 2, 3, 4, 5;
$$;

-- ---------------------------------------------------------------------------
-- Counting a lead: migration 0003's function, with velocity and advances.

DROP FUNCTION rollup_add_lead(rollup_lead[], integer, boolean, boolean, boolean);

-- Count or uncount everything the leads `ls` contribute: the cohort and, when asked,
-- their reaches; their lost events, advances and calls; their velocity pairs.
CREATE FUNCTION rollup_add_lead(ls rollup_lead[], sign integer, with_cohort boolean, with_reaches boolean,
                                with_events_and_calls boolean, with_velocity boolean) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[] := ARRAY(SELECT DISTINCT l.id FROM unnest(ls) l);
BEGIN
    IF with_cohort THEN
        PERFORM rollup_add_cohort(ls, sign);
    END IF;
    IF with_reaches THEN
        PERFORM rollup_add_reaches(ARRAY(SELECT r FROM stage_reaches r WHERE r.lead_id = ANY (ids)), ls, sign);
    END IF;
    IF with_events_and_calls THEN
        PERFORM rollup_add_lost(ARRAY(SELECT e FROM stage_events e WHERE e.lead_id = ANY (ids) AND e.kind = 'lost'),
                                ls, sign);
        PERFORM rollup_add_advanced(ls, sign);
        PERFORM rollup_add_calls(ARRAY(SELECT c FROM calls c WHERE c.lead_id = ANY (ids)), ls, sign);
    END IF;
    IF with_velocity THEN
        PERFORM rollup_add_velocity(ARRAY(SELECT p FROM velocity_pairs p WHERE p.lead_id = ANY (ids)), ls, sign);
    END IF;
END;
$$;

-- ---------------------------------------------------------------------------
-- Triggers (replacing migration 0003's where they count a whole lead).

CREATE OR REPLACE FUNCTION rollup_lead_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tags uuid[] := ARRAY(SELECT NULL::uuid UNION ALL SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = NEW.id);
    moved boolean := OLD.source IS DISTINCT FROM NEW.source OR OLD.owner_id IS DISTINCT FROM NEW.owner_id;
    revalued boolean := moved OR OLD.status IS DISTINCT FROM NEW.status OR OLD.deal_value IS DISTINCT FROM NEW.deal_value;
    redated boolean := moved OR OLD.created_at IS DISTINCT FROM NEW.created_at;
BEGIN
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(OLD, t) FROM unnest(tags) t), -1, true, revalued, moved, redated);
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(NEW, t) FROM unnest(tags) t), 1, true, revalued, moved, redated);
    IF redated THEN
        UPDATE velocity_pairs SET source = coalesce(NEW.source, ''),
                                  owner_id = coalesce(NEW.owner_id, '00000000-0000-0000-0000-000000000000'::uuid),
                                  created_day = rollup_day(NEW.created_at)
        WHERE lead_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION rollup_lead_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_lead(rollup_leads_now(ARRAY[OLD.id]), -1, true, true, true, true);
    RETURN OLD;
END;
$$;

CREATE OR REPLACE FUNCTION rollup_tags_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(l, n.tag_id) FROM new_rows n JOIN leads l ON l.id = n.lead_id),
                            1, true, true, true, true);
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION rollup_tags_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(l, o.tag_id) FROM old_rows o JOIN leads l ON l.id = o.lead_id),
                            -1, true, true, true, true);
    RETURN NULL;
END;
$$;

-- New first reaches: their reach counts, and the velocity pairs they complete.
CREATE OR REPLACE FUNCTION rollup_reaches_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[] := ARRAY(SELECT DISTINCT n.lead_id FROM new_rows n);
    ls rollup_lead[] := rollup_leads_now(ids);
    added velocity_pairs[];
BEGIN
    PERFORM rollup_add_reaches(ARRAY(SELECT n::stage_reaches FROM new_rows n), ls, 1);
    WITH inserted AS (
        INSERT INTO velocity_pairs
        SELECT * FROM velocity_pairs_of(ids, ARRAY(SELECT n::stage_reaches FROM new_rows n))
        ON CONFLICT DO NOTHING
        RETURNING *)
    SELECT coalesce(array_agg(i), '{}') INTO added FROM inserted i;
    PERFORM rollup_add_velocity(added, ls, 1);
    RETURN NULL;
END;
$$;

-- A first reach rewritten or removed (never done by Leadline itself): recount the lead.
CREATE OR REPLACE FUNCTION rollup_reaches_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    lead uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.lead_id ELSE NEW.lead_id END;
    ls rollup_lead[] := rollup_leads_now(ARRAY[lead]);
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM rollup_add_reaches(ARRAY[OLD], rollup_leads_now(ARRAY[OLD.lead_id]), -1);
    END IF;
    IF TG_OP = 'UPDATE' THEN
        PERFORM rollup_add_reaches(ARRAY[NEW], rollup_leads_now(ARRAY[NEW.lead_id]), 1);
    END IF;
    PERFORM rollup_add_velocity(ARRAY(SELECT p FROM velocity_pairs p WHERE p.lead_id = lead), ls, -1);
    DELETE FROM velocity_pairs WHERE lead_id = lead;
    INSERT INTO velocity_pairs SELECT * FROM velocity_pairs_of(ARRAY[lead]);
    PERFORM rollup_add_velocity(ARRAY(SELECT p FROM velocity_pairs p WHERE p.lead_id = lead), ls, 1);
    RETURN NULL;
END;
$$;

-- New events: lost events as before; advances recount their leads' advances, since a
-- new one may fall between earlier ones and change their previous days.
CREATE OR REPLACE FUNCTION rollup_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    advanced uuid[] := ARRAY(SELECT DISTINCT n.lead_id FROM new_rows n WHERE n.kind IN ('advance', 'skip'));
    ls rollup_lead[];
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows n WHERE n.kind = 'lost') THEN
        PERFORM rollup_add_lost(ARRAY(SELECT n::stage_events FROM new_rows n WHERE n.kind = 'lost'),
                                rollup_leads_now(ARRAY(SELECT DISTINCT n.lead_id FROM new_rows n WHERE n.kind = 'lost')), 1);
    END IF;
    IF cardinality(advanced) > 0 THEN
        ls := rollup_leads_now(advanced);
        PERFORM rollup_add_advanced(ls, -1, ARRAY(SELECT n.id FROM new_rows n));
        PERFORM rollup_add_advanced(ls, 1);
    END IF;
    RETURN NULL;
END;
$$;

-- ---------------------------------------------------------------------------
-- Rebuild, with the new rollups (compaction below, with the month rows).

CREATE OR REPLACE FUNCTION rollup_rebuild(batch integer DEFAULT 20000) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    after uuid := '00000000-0000-0000-0000-000000000000';
    ids uuid[];
    total bigint := 0;
BEGIN
    LOCK TABLE leads, lead_tags, calls, stage_events, stage_reaches IN SHARE MODE;
    PERFORM pg_advisory_xact_lock(hashtext('leadline.rollup_compact'));
    TRUNCATE rollup_cohort, rollup_cohort_delta, rollup_reaches, rollup_reaches_delta,
             rollup_lost, rollup_lost_delta, rollup_calls, rollup_calls_delta,
             rollup_advanced, rollup_advanced_delta, rollup_velocity_cohort, rollup_velocity_cohort_delta,
             rollup_velocity_activity, rollup_velocity_activity_delta, velocity_pairs;
    LOOP
        ids := ARRAY(SELECT l.id FROM leads l WHERE l.id > after ORDER BY l.id LIMIT batch);
        EXIT WHEN cardinality(ids) = 0;
        INSERT INTO velocity_pairs SELECT * FROM velocity_pairs_of(ids);
        PERFORM rollup_add_lead(rollup_leads_now(ids), 1, true, true, true, true);
        after := ids[cardinality(ids)];
        total := total + cardinality(ids);
    END LOOP;
    PERFORM rollup_compact();
    -- Writes are still held off, so the delta tables are empty: truncating them drops
    -- the dead rows the rebuild left, which readers would otherwise scan past.
    TRUNCATE rollup_cohort_delta, rollup_reaches_delta, rollup_lost_delta, rollup_calls_delta,
             rollup_advanced_delta, rollup_velocity_cohort_delta, rollup_velocity_activity_delta;
    RETURN total;
END;
$$;

-- ---------------------------------------------------------------------------
-- Overdue follow-ups: open leads by follow-up time, with what the filters look at.
CREATE INDEX leads_follow_up_due_idx ON leads (next_contact_at) INCLUDE (owner_id, source)
    WHERE status = 'open';

-- ---------------------------------------------------------------------------
-- Month rows beside the day rows of every rollup, so that a long period reads one
-- row per month it covers whole and day rows only for the days at its two ends:
-- two years read about 25 month rows and at most 60 day rows per key instead of 730.
-- `months` is false on a day row and true on a month row, whose `day` is the first
-- of its month. Deltas stay per day; compaction folds each into both.
--
-- Leads advanced keep month rows only for first advances (`prev_day` NULL). Later
-- advances count when the period starts after the previous advance and on or before
-- this one (prev_day < from <= day), which a GiST index over that span finds.

CREATE FUNCTION rollup_month(day date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN date_trunc('month', day)::date;

-- Every rollup gets `months`, first in its key after the grain; the delta tables (made
-- LIKE their rollups before this) stay per day without it.

ALTER TABLE rollup_cohort ADD COLUMN months boolean NOT NULL DEFAULT false;
ALTER TABLE rollup_cohort DROP CONSTRAINT rollup_cohort_key,
    ADD CONSTRAINT rollup_cohort_key UNIQUE NULLS NOT DISTINCT
        (tag_id, source, owner_id, months, day, max_stage, lost_stage, lost_reason_id);
ALTER TABLE rollup_reaches ADD COLUMN months boolean NOT NULL DEFAULT false;
ALTER TABLE rollup_reaches DROP CONSTRAINT rollup_reaches_key,
    ADD CONSTRAINT rollup_reaches_key UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, months, day, stage);
ALTER TABLE rollup_lost ADD COLUMN months boolean NOT NULL DEFAULT false;
ALTER TABLE rollup_lost DROP CONSTRAINT rollup_lost_key,
    ADD CONSTRAINT rollup_lost_key UNIQUE NULLS NOT DISTINCT
        (tag_id, source, owner_id, months, day, stage, lost_reason_id);
ALTER TABLE rollup_calls ADD COLUMN months boolean NOT NULL DEFAULT false;
ALTER TABLE rollup_calls DROP CONSTRAINT rollup_calls_key,
    ADD CONSTRAINT rollup_calls_key UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, months, day);
ALTER TABLE rollup_advanced ADD COLUMN months boolean NOT NULL DEFAULT false;
ALTER TABLE rollup_advanced DROP CONSTRAINT rollup_advanced_key,
    ADD CONSTRAINT rollup_advanced_key UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, months, day, prev_day);
ALTER TABLE rollup_velocity_cohort ADD COLUMN months boolean NOT NULL DEFAULT false;
ALTER TABLE rollup_velocity_cohort DROP CONSTRAINT rollup_velocity_cohort_key,
    ADD CONSTRAINT rollup_velocity_cohort_key UNIQUE NULLS NOT DISTINCT
        (tag_id, source, owner_id, months, day, stage, bucket);
ALTER TABLE rollup_velocity_activity ADD COLUMN months boolean NOT NULL DEFAULT false;
ALTER TABLE rollup_velocity_activity DROP CONSTRAINT rollup_velocity_activity_key,
    ADD CONSTRAINT rollup_velocity_activity_key UNIQUE NULLS NOT DISTINCT
        (tag_id, source, owner_id, months, day, stage, bucket);

-- The month rows of what 0003's rollups already count (this migration's own are
-- counted at the end, through compaction).
INSERT INTO rollup_cohort (tag_id, source, owner_id, months, day, max_stage, lost_stage, lost_reason_id, leads, revenue)
SELECT tag_id, source, owner_id, true, rollup_month(day), max_stage, lost_stage, lost_reason_id, sum(leads), sum(revenue)
FROM rollup_cohort GROUP BY 1, 2, 3, 5, 6, 7, 8;
INSERT INTO rollup_reaches (tag_id, source, owner_id, months, day, stage, leads, revenue)
SELECT tag_id, source, owner_id, true, rollup_month(day), stage, sum(leads), sum(revenue)
FROM rollup_reaches GROUP BY 1, 2, 3, 5, 6;
INSERT INTO rollup_lost (tag_id, source, owner_id, months, day, stage, lost_reason_id, leads)
SELECT tag_id, source, owner_id, true, rollup_month(day), stage, lost_reason_id, sum(leads)
FROM rollup_lost GROUP BY 1, 2, 3, 5, 6, 7;
INSERT INTO rollup_calls (tag_id, source, owner_id, months, day, dials, connected, intent_clear, intent_unclear,
                          intent_none, talk_seconds, unanswered_ring_seconds, unanswered_without_ring, do_not_call)
SELECT tag_id, source, owner_id, true, rollup_month(day), sum(dials), sum(connected), sum(intent_clear),
       sum(intent_unclear), sum(intent_none), sum(talk_seconds), sum(unanswered_ring_seconds),
       sum(unanswered_without_ring), sum(do_not_call)
FROM rollup_calls GROUP BY 1, 2, 3, 5;
-- Reading one grain over a range of days or months: per channel (owner_id NULL) and
-- per owner (source NULL). The unique keys serve the totals and the single filters.
CREATE INDEX rollup_cohort_channels_idx ON rollup_cohort (tag_id, owner_id, months, day);
CREATE INDEX rollup_cohort_owners_idx ON rollup_cohort (tag_id, source, months, day);
CREATE INDEX rollup_reaches_channels_idx ON rollup_reaches (tag_id, owner_id, months, day);
-- (The reps table reads one stage, decide, per owner.)
CREATE INDEX rollup_reaches_owners_idx ON rollup_reaches (tag_id, source, stage, months, day);
CREATE INDEX rollup_lost_channels_idx ON rollup_lost (tag_id, owner_id, months, day);
CREATE INDEX rollup_lost_owners_idx ON rollup_lost (tag_id, source, months, day);
CREATE INDEX rollup_calls_channels_idx ON rollup_calls (tag_id, owner_id, months, day);
CREATE INDEX rollup_calls_owners_idx ON rollup_calls (tag_id, source, months, day);
CREATE INDEX rollup_velocity_cohort_channels_idx ON rollup_velocity_cohort (tag_id, owner_id, months, day);
CREATE INDEX rollup_velocity_cohort_owners_idx ON rollup_velocity_cohort (tag_id, source, months, day);
CREATE INDEX rollup_velocity_activity_channels_idx ON rollup_velocity_activity (tag_id, owner_id, months, day);
CREATE INDEX rollup_velocity_activity_owners_idx ON rollup_velocity_activity (tag_id, source, months, day);
CREATE INDEX rollup_advanced_first_idx ON rollup_advanced (tag_id, source, months, day) WHERE prev_day IS NULL;
CREATE INDEX rollup_advanced_span_idx ON rollup_advanced USING gist (daterange(prev_day, day, '(]'))
    WHERE prev_day IS NOT NULL;
-- The same for the rows the reps table reads without filters: per owner, all leads.
CREATE INDEX rollup_advanced_owner_span_idx ON rollup_advanced USING gist (daterange(prev_day, day, '(]'))
    WHERE prev_day IS NOT NULL AND tag_id IS NULL AND source IS NULL AND owner_id IS NOT NULL;

-- Compaction: each delta into its day row and its month row.
CREATE OR REPLACE FUNCTION rollup_compact() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    folded bigint := 0;
    n bigint;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('leadline.rollup_compact')) THEN
        RETURN -1;
    END IF;

    WITH moved AS (DELETE FROM rollup_cohort_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    spans AS (SELECT m.*, false AS months FROM moved m
              UNION ALL
              SELECT m.tag_id, m.source, m.owner_id, rollup_month(m.day), m.max_stage, m.lost_stage, m.lost_reason_id,
                     m.leads, m.revenue, true FROM moved m),
    folded_rows AS (
        INSERT INTO rollup_cohort AS r (tag_id, source, owner_id, months, day, max_stage, lost_stage, lost_reason_id,
                                        leads, revenue)
        SELECT tag_id, source, owner_id, months, day, max_stage, lost_stage, lost_reason_id, sum(leads), sum(revenue)
        FROM spans
        GROUP BY tag_id, months, day, max_stage, lost_stage, lost_reason_id,
                 GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_cohort_key
            DO UPDATE SET leads = r.leads + excluded.leads, revenue = r.revenue + excluded.revenue)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;

    WITH moved AS (DELETE FROM rollup_reaches_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    spans AS (SELECT m.*, false AS months FROM moved m
              UNION ALL
              SELECT m.tag_id, m.source, m.owner_id, rollup_month(m.day), m.stage, m.leads, m.revenue, true FROM moved m),
    folded_rows AS (
        INSERT INTO rollup_reaches AS r (tag_id, source, owner_id, months, day, stage, leads, revenue)
        SELECT tag_id, source, owner_id, months, day, stage, sum(leads), sum(revenue)
        FROM spans
        GROUP BY tag_id, months, day, stage, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_reaches_key
            DO UPDATE SET leads = r.leads + excluded.leads, revenue = r.revenue + excluded.revenue)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;

    WITH moved AS (DELETE FROM rollup_lost_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    spans AS (SELECT m.*, false AS months FROM moved m
              UNION ALL
              SELECT m.tag_id, m.source, m.owner_id, rollup_month(m.day), m.stage, m.lost_reason_id, m.leads, true
              FROM moved m),
    folded_rows AS (
        INSERT INTO rollup_lost AS r (tag_id, source, owner_id, months, day, stage, lost_reason_id, leads)
        SELECT tag_id, source, owner_id, months, day, stage, lost_reason_id, sum(leads)
        FROM spans
        GROUP BY tag_id, months, day, stage, lost_reason_id, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_lost_key DO UPDATE SET leads = r.leads + excluded.leads)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;

    WITH moved AS (DELETE FROM rollup_calls_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    spans AS (SELECT m.*, false AS months FROM moved m
              UNION ALL
              SELECT m.tag_id, m.source, m.owner_id, rollup_month(m.day), m.dials, m.connected, m.intent_clear,
                     m.intent_unclear, m.intent_none, m.talk_seconds, m.unanswered_ring_seconds,
                     m.unanswered_without_ring, m.do_not_call, true FROM moved m),
    folded_rows AS (
        INSERT INTO rollup_calls AS r (tag_id, source, owner_id, months, day, dials, connected, intent_clear,
                                       intent_unclear, intent_none, talk_seconds, unanswered_ring_seconds,
                                       unanswered_without_ring, do_not_call)
        SELECT tag_id, source, owner_id, months, day, sum(dials), sum(connected), sum(intent_clear),
               sum(intent_unclear), sum(intent_none), sum(talk_seconds), sum(unanswered_ring_seconds),
               sum(unanswered_without_ring), sum(do_not_call)
        FROM spans
        GROUP BY tag_id, months, day, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_calls_key DO UPDATE SET
            dials = r.dials + excluded.dials, connected = r.connected + excluded.connected,
            intent_clear = r.intent_clear + excluded.intent_clear,
            intent_unclear = r.intent_unclear + excluded.intent_unclear,
            intent_none = r.intent_none + excluded.intent_none,
            talk_seconds = r.talk_seconds + excluded.talk_seconds,
            unanswered_ring_seconds = r.unanswered_ring_seconds + excluded.unanswered_ring_seconds,
            unanswered_without_ring = r.unanswered_without_ring + excluded.unanswered_without_ring,
            do_not_call = r.do_not_call + excluded.do_not_call)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;

    WITH moved AS (DELETE FROM rollup_advanced_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    spans AS (SELECT m.*, false AS months FROM moved m
              UNION ALL
              SELECT m.tag_id, m.source, m.owner_id, rollup_month(m.day), m.prev_day, m.leads, true
              FROM moved m WHERE m.prev_day IS NULL),
    folded_rows AS (
        INSERT INTO rollup_advanced AS r (tag_id, source, owner_id, months, day, prev_day, leads)
        SELECT tag_id, source, owner_id, months, day, prev_day, sum(leads)
        FROM spans
        GROUP BY tag_id, months, day, prev_day, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_advanced_key DO UPDATE SET leads = r.leads + excluded.leads)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;

    WITH moved AS (DELETE FROM rollup_velocity_cohort_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    spans AS (SELECT m.*, false AS months FROM moved m
              UNION ALL
              SELECT m.tag_id, m.source, m.owner_id, rollup_month(m.day), m.stage, m.bucket, m.pairs, true FROM moved m),
    folded_rows AS (
        INSERT INTO rollup_velocity_cohort AS r (tag_id, source, owner_id, months, day, stage, bucket, pairs)
        SELECT tag_id, source, owner_id, months, day, stage, bucket, sum(pairs)
        FROM spans
        GROUP BY tag_id, months, day, stage, bucket, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_velocity_cohort_key DO UPDATE SET pairs = r.pairs + excluded.pairs)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;

    WITH moved AS (DELETE FROM rollup_velocity_activity_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    spans AS (SELECT m.*, false AS months FROM moved m
              UNION ALL
              SELECT m.tag_id, m.source, m.owner_id, rollup_month(m.day), m.stage, m.bucket, m.pairs, true FROM moved m),
    folded_rows AS (
        INSERT INTO rollup_velocity_activity AS r (tag_id, source, owner_id, months, day, stage, bucket, pairs)
        SELECT tag_id, source, owner_id, months, day, stage, bucket, sum(pairs)
        FROM spans
        GROUP BY tag_id, months, day, stage, bucket, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_velocity_activity_key DO UPDATE SET pairs = r.pairs + excluded.pairs)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;

    RETURN folded;
END;
$$;

-- ---------------------------------------------------------------------------
-- Count what is already there (a database from before this migration).

DO $$
DECLARE
    after uuid := '00000000-0000-0000-0000-000000000000';
    ids uuid[];
    ls rollup_lead[];
BEGIN
    LOCK TABLE leads, lead_tags, calls, stage_events, stage_reaches IN SHARE MODE;
    LOOP
        ids := ARRAY(SELECT l.id FROM leads l WHERE l.id > after ORDER BY l.id LIMIT 20000);
        EXIT WHEN cardinality(ids) = 0;
        ls := rollup_leads_now(ids);
        INSERT INTO velocity_pairs SELECT * FROM velocity_pairs_of(ids);
        PERFORM rollup_add_lead(ls, 1, false, false, false, true);
        PERFORM rollup_add_advanced(ls, 1);
        after := ids[cardinality(ids)];
    END LOOP;
    PERFORM rollup_compact();
    -- Writes are held off: drop the dead rows the counting left in the delta tables.
    TRUNCATE rollup_advanced_delta, rollup_velocity_cohort_delta, rollup_velocity_activity_delta;
END;
$$;
