-- Calls by the hour they started, beside the day and month rows of migration 0003's
-- calls rollup.
--
-- A period that starts or ends inside a day reads its whole days from the day rollups
-- and the hours at either end from the raw tables. Calls are the most numerous of
-- those rows: the edges of a 30-day period from 06:00 to 18:30 held 122,366 calls at
-- 10M calls, and with a channel or tag filter each needed its lead looked up (0.3 to
-- 0.66 s). With hour rows the raw read shrinks to the minutes before the edges' first
-- whole hour and after their last.
--
-- Hours are UTC hours, like the days. The rows are the same grains as the day rows
-- (per channel and owner, per channel, per owner, in all; all of them per tag too).
-- Calls add their deltas per hour beside the deltas per day, in the same statement,
-- and compaction folds each into its own rollup.

CREATE FUNCTION rollup_hour(t timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN date_trunc('hour', t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';

CREATE TABLE rollup_calls_hours (
    tag_id                  uuid,
    source                  text,
    owner_id                uuid,
    hour                    timestamptz NOT NULL,
    dials                   bigint NOT NULL,
    connected               bigint NOT NULL,
    intent_clear            bigint NOT NULL,
    intent_unclear          bigint NOT NULL,
    intent_none             bigint NOT NULL,
    talk_seconds            bigint NOT NULL,
    unanswered_ring_seconds bigint NOT NULL,
    unanswered_without_ring bigint NOT NULL,
    do_not_call             bigint NOT NULL,
    CONSTRAINT rollup_calls_hours_key UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, hour)
);
CREATE TABLE rollup_calls_hours_delta (LIKE rollup_calls_hours);
CREATE INDEX rollup_calls_hours_delta_hour_idx ON rollup_calls_hours_delta (hour);

-- Reading one grain over a range of hours. The key reads one channel, one owner, both,
-- or all; this index reads every owner's rows, of all channels (source NULL) or of one.
-- (Calls are never read per channel, so the days' index for that has no twin here.)
CREATE INDEX rollup_calls_hours_owners_idx ON rollup_calls_hours (tag_id, source, hour);

-- Calls `cs` to the leads in `ls`, counted under the lead's channel and tags and the
-- calling rep, by hour and by day.
CREATE OR REPLACE FUNCTION rollup_add_calls(cs calls[], ls rollup_lead[], sign integer) RETURNS void
LANGUAGE sql AS $$
    WITH hours AS (
        SELECT l.tag_id, l.source, c.rep_id AS owner_id, rollup_hour(c.started_at) AS hour,
               sign * count(*) AS dials,
               sign * count(*) FILTER (WHERE c.outcome = 'connected') AS connected,
               sign * count(*) FILTER (WHERE c.intent = 'clear') AS intent_clear,
               sign * count(*) FILTER (WHERE c.intent = 'unclear') AS intent_unclear,
               sign * count(*) FILTER (WHERE c.intent = 'none') AS intent_none,
               sign * coalesce(sum(c.talk_seconds) FILTER (WHERE c.outcome = 'connected'), 0) AS talk_seconds,
               sign * coalesce(sum(c.ring_seconds) FILTER (WHERE c.outcome <> 'connected'), 0)
                   AS unanswered_ring_seconds,
               sign * count(*) FILTER (WHERE c.outcome <> 'connected' AND c.ring_seconds IS NULL)
                   AS unanswered_without_ring,
               sign * count(*) FILTER (WHERE c.do_not_call) AS do_not_call
        FROM unnest(cs) c JOIN unnest(ls) l ON l.id = c.lead_id
        GROUP BY 1, 2, 3, 4),
    by_hour AS (INSERT INTO rollup_calls_hours_delta SELECT * FROM hours)
    INSERT INTO rollup_calls_delta (tag_id, source, owner_id, day, dials, connected, intent_clear, intent_unclear,
                                    intent_none, talk_seconds, unanswered_ring_seconds, unanswered_without_ring,
                                    do_not_call)
    SELECT tag_id, source, owner_id, rollup_day(hour), sum(dials), sum(connected), sum(intent_clear),
           sum(intent_unclear), sum(intent_none), sum(talk_seconds), sum(unanswered_ring_seconds),
           sum(unanswered_without_ring), sum(do_not_call)
    FROM hours
    GROUP BY 1, 2, 3, 4;
$$;

-- Every call as it counts now, into the hour rows (this migration, and tests that
-- check the result against the raw tables).
CREATE FUNCTION rollup_fill_calls_hours() RETURNS void LANGUAGE sql AS $$
    INSERT INTO rollup_calls_hours (tag_id, source, owner_id, hour, dials, connected, intent_clear, intent_unclear,
                                    intent_none, talk_seconds, unanswered_ring_seconds, unanswered_without_ring,
                                    do_not_call)
    SELECT x.tag_id, x.source, c.rep_id, rollup_hour(c.started_at),
           count(*),
           count(*) FILTER (WHERE c.outcome = 'connected'),
           count(*) FILTER (WHERE c.intent = 'clear'),
           count(*) FILTER (WHERE c.intent = 'unclear'),
           count(*) FILTER (WHERE c.intent = 'none'),
           coalesce(sum(c.talk_seconds) FILTER (WHERE c.outcome = 'connected'), 0),
           coalesce(sum(c.ring_seconds) FILTER (WHERE c.outcome <> 'connected'), 0),
           count(*) FILTER (WHERE c.outcome <> 'connected' AND c.ring_seconds IS NULL),
           count(*) FILTER (WHERE c.do_not_call)
    FROM calls c
    JOIN leads l ON l.id = c.lead_id
    CROSS JOIN LATERAL (SELECT NULL::uuid UNION ALL SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = l.id)
        t (tag_id)
    CROSS JOIN LATERAL rollup_lead_of(l, t.tag_id) x
    GROUP BY x.tag_id, rollup_hour(c.started_at), GROUPING SETS ((x.source, c.rep_id), (x.source), (c.rep_id), ());
$$;

-- Compaction folds the hour deltas after the rest (migration 0011's pattern: the
-- earlier function keeps its work under a new name).
ALTER FUNCTION rollup_compact() RENAME TO rollup_compact_days;
CREATE FUNCTION rollup_compact() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    folded bigint := rollup_compact_days();
    n bigint;
BEGIN
    IF folded < 0 THEN
        RETURN folded;
    END IF;
    WITH moved AS (DELETE FROM rollup_calls_hours_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    folded_rows AS (
        INSERT INTO rollup_calls_hours AS r (tag_id, source, owner_id, hour, dials, connected, intent_clear,
                                             intent_unclear, intent_none, talk_seconds, unanswered_ring_seconds,
                                             unanswered_without_ring, do_not_call)
        SELECT tag_id, source, owner_id, hour, sum(dials), sum(connected), sum(intent_clear), sum(intent_unclear),
               sum(intent_none), sum(talk_seconds), sum(unanswered_ring_seconds), sum(unanswered_without_ring),
               sum(do_not_call)
        FROM moved
        GROUP BY tag_id, hour, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_calls_hours_key DO UPDATE SET
            dials = r.dials + excluded.dials, connected = r.connected + excluded.connected,
            intent_clear = r.intent_clear + excluded.intent_clear,
            intent_unclear = r.intent_unclear + excluded.intent_unclear,
            intent_none = r.intent_none + excluded.intent_none,
            talk_seconds = r.talk_seconds + excluded.talk_seconds,
            unanswered_ring_seconds = r.unanswered_ring_seconds + excluded.unanswered_ring_seconds,
            unanswered_without_ring = r.unanswered_without_ring + excluded.unanswered_without_ring,
            do_not_call = r.do_not_call + excluded.do_not_call)
    SELECT counted.n INTO n FROM counted;
    RETURN folded + n;
END;
$$;

-- The rebuild empties the hour rows too. It takes the locks the earlier rebuild takes
-- first, so that no compaction can fold into them between their emptying and the
-- recount; the recount's own compaction (the function above) fills them.
ALTER FUNCTION rollup_rebuild(integer) RENAME TO rollup_rebuild_days;
CREATE FUNCTION rollup_rebuild(batch integer DEFAULT 20000) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    total bigint;
BEGIN
    LOCK TABLE leads, lead_tags, calls, stage_events, stage_reaches IN SHARE MODE;
    PERFORM pg_advisory_xact_lock(hashtext('leadline.rollup_compact'));
    TRUNCATE rollup_calls_hours, rollup_calls_hours_delta;
    total := rollup_rebuild_days(batch);
    -- Writes are still held off: drop the dead rows the recount left.
    TRUNCATE rollup_calls_hours_delta;
    RETURN total;
END;
$$;

-- What is already there. Writes are held off until this migration commits, so every
-- call is counted once: here, or by the new `rollup_add_calls` after it.
LOCK TABLE leads, lead_tags, calls IN SHARE MODE;
SET LOCAL work_mem = '256MB';
SELECT rollup_fill_calls_hours();
ANALYZE rollup_calls_hours;
