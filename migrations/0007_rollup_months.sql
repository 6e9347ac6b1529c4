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

-- The month rows of what is already counted.
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
INSERT INTO rollup_advanced (tag_id, source, owner_id, months, day, prev_day, leads)
SELECT tag_id, source, owner_id, true, rollup_month(day), NULL, sum(leads)
FROM rollup_advanced WHERE prev_day IS NULL GROUP BY 1, 2, 3, 5;
INSERT INTO rollup_velocity_cohort (tag_id, source, owner_id, months, day, stage, bucket, pairs)
SELECT tag_id, source, owner_id, true, rollup_month(day), stage, bucket, sum(pairs)
FROM rollup_velocity_cohort GROUP BY 1, 2, 3, 5, 6, 7;
INSERT INTO rollup_velocity_activity (tag_id, source, owner_id, months, day, stage, bucket, pairs)
SELECT tag_id, source, owner_id, true, rollup_month(day), stage, bucket, sum(pairs)
FROM rollup_velocity_activity GROUP BY 1, 2, 3, 5, 6, 7;

-- Reading one grain over a range of days or months: per channel (owner_id NULL) and
-- per owner (source NULL). The unique keys serve the totals and the single filters.
CREATE INDEX rollup_cohort_channels_idx ON rollup_cohort (tag_id, owner_id, months, day);
CREATE INDEX rollup_cohort_owners_idx ON rollup_cohort (tag_id, source, months, day);
CREATE INDEX rollup_reaches_channels_idx ON rollup_reaches (tag_id, owner_id, months, day);
CREATE INDEX rollup_reaches_owners_idx ON rollup_reaches (tag_id, source, months, day);
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
