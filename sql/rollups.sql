-- The dashboard's rollups as they run today: every function that keeps them and every
-- trigger that calls one, in one place. Leadline applies this file at start-up, after the
-- migrations, whenever its SHA-256 differs from the one recorded in `derived_definitions`
-- (as Flyway's repeatable migrations do), in one transaction. The tables themselves, and
-- their indexes, are made by the migrations; `storage::rollups::ROLLUPS` lists them with
-- what each holds. To change how a rollup is kept, change it here.
--
-- The design: every write adds signed deltas to the `*_delta` tables in its own
-- transaction (the triggers below, through the `rollup_add_*` functions); `rollup_compact`
-- folds them into the rollup rows every two seconds; a read adds the rollup rows, the
-- deltas not yet folded and, for periods that start or end inside a day, the raw rows of
-- those hours; `rollup_rebuild_start` and `rollup_rebuild_step` recount everything from the
-- raw tables. Rows are kept per day of the company's time zone (and per whole month beside
-- them, `months`), per local hour for calls, and at four grains each: per channel and owner,
-- per channel, per owner, and in all; each of those also per tag. The pipeline board's
-- totals (`rollup_board`) count the open leads as they are now, at the same grains, by stage.

-- ---------------------------------------------------------------------------
-- Keys: the day, hour and month a time falls in (on the company's clock), the histogram
-- bucket of a duration.

-- `rollup_day` and `rollup_hour` take the company's time zone as a literal, so that they stay
-- immutable: `rollup_define_keys` writes them for a zone (`rollup_rebuild_start` does, with
-- the recount that a new zone needs), and `rollup_zone` answers the zone they are written
-- for. Below they are written for the zone of the newest recount (UTC before any).
-- An hour is keyed by its first instant on the local clock, so that Asia/Kolkata's hours
-- begin at half past in UTC and the two 01:00 hours of a night the clocks go back stay two.

-- Whether this transaction has paused the triggers below: a merge moves a lead's rows between
-- leads with no trigger counting anything (each trigger's WHEN asks this), after counting the
-- leads out and before counting the survivor in again as a recount would.
CREATE OR REPLACE FUNCTION rollups_paused()
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
    SELECT current_setting('leadline.rollups_paused', true) IS NOT DISTINCT FROM 'on';
$function$;

CREATE OR REPLACE FUNCTION rollup_define_keys(zone text)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
    -- An unknown zone fails here, before anything is written.
    PERFORM now() AT TIME ZONE zone;
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION rollup_zone() RETURNS text
         LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN %L::text$f$, zone);
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION rollup_day(t timestamp with time zone) RETURNS date
         LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN (t AT TIME ZONE %L::text)::date$f$, zone);
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION rollup_hour(t timestamp with time zone) RETURNS timestamp with time zone
         LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN t - ((t AT TIME ZONE %L::text) - date_trunc('hour'::text, t AT TIME ZONE %L::text))$f$, zone, zone);
END;
$function$;

SELECT rollup_define_keys(coalesce((SELECT r.time_zone FROM rollup_rebuilds r ORDER BY r.id DESC LIMIT 1), 'UTC'));

CREATE OR REPLACE FUNCTION rollup_month(day date)
 RETURNS date
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
RETURN (date_trunc('month'::text, (day)::timestamp with time zone))::date;

CREATE OR REPLACE FUNCTION velocity_bucket(seconds double precision)
 RETURNS smallint
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN (seconds < (1)::double precision) THEN 0 ELSE (1 + (floor((ln(seconds) * (5.770780163555854)::double precision)))::smallint) END;

-- ---------------------------------------------------------------------------
-- A lead as the rollups count it, and the velocity pairs (time from one stage to the
-- next) that its reaches make.

CREATE OR REPLACE FUNCTION rollup_lead_of(l leads, tag uuid)
 RETURNS rollup_lead
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
RETURN ROW((l).id, tag, COALESCE((l).source, ''::text), COALESCE((l).owner_id, '00000000-0000-0000-0000-000000000000'::uuid), rollup_day((l).created_at), (l).max_stage, (CASE WHEN ((l).status = 'lost'::text) THEN ((l).lost_stage)::integer ELSE '-1'::integer END)::smallint, CASE WHEN ((l).status = 'lost'::text) THEN COALESCE((l).lost_reason_id, '00000000-0000-0000-0000-000000000000'::uuid) ELSE '00000000-0000-0000-0000-000000000000'::uuid END, CASE WHEN ((l).status = 'won'::text) THEN COALESCE((l).deal_value, (0)::bigint) ELSE (0)::bigint END)::rollup_lead;

CREATE OR REPLACE FUNCTION rollup_leads_now(ids uuid[])
 RETURNS rollup_lead[]
 LANGUAGE sql
 STABLE
AS $function$
    SELECT coalesce(array_agg(rollup_lead_of(l, t.tag_id)), '{}')
    FROM leads l
    CROSS JOIN LATERAL (SELECT NULL::uuid UNION ALL SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = l.id) t (tag_id)
    WHERE l.id = ANY (ids);
$function$;

CREATE OR REPLACE FUNCTION velocity_pairs_of(ids uuid[], touching stage_reaches[] DEFAULT NULL::stage_reaches[])
 RETURNS SETOF velocity_pairs
 LANGUAGE sql
 STABLE
AS $function$
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
$function$;

-- ---------------------------------------------------------------------------
-- The deltas a change adds, per rollup; `rollup_add_lead` adds a lead's share of each.

CREATE OR REPLACE FUNCTION rollup_add_cohort(ls rollup_lead[], sign integer)
 RETURNS void
 LANGUAGE sql
AS $function$
    INSERT INTO rollup_cohort_delta
    SELECT l.tag_id, l.source, l.owner_id, l.created_day, l.max_stage, l.lost_stage, l.lost_reason_id,
           sign * count(*), sign * sum(l.revenue)
    FROM unnest(ls) l
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
$function$;

CREATE OR REPLACE FUNCTION rollup_add_reaches(rs stage_reaches[], ls rollup_lead[], sign integer)
 RETURNS void
 LANGUAGE sql
AS $function$
    INSERT INTO rollup_reaches_delta
    SELECT l.tag_id, l.source, l.owner_id, rollup_day(r.reached_at), r.stage,
           sign * count(*), sign * coalesce(sum(l.revenue) FILTER (WHERE r.stage = 5), 0)
    FROM unnest(rs) r JOIN unnest(ls) l ON l.id = r.lead_id
    GROUP BY 1, 2, 3, 4, 5;
$function$;

CREATE OR REPLACE FUNCTION rollup_add_lost(es stage_events[], ls rollup_lead[], sign integer)
 RETURNS void
 LANGUAGE sql
AS $function$
    INSERT INTO rollup_lost_delta
    SELECT l.tag_id, l.source, l.owner_id, rollup_day(e.created_at), e.to_stage,
           coalesce(e.lost_reason_id, '00000000-0000-0000-0000-000000000000'::uuid), sign * count(*)
    FROM unnest(es) e JOIN unnest(ls) l ON l.id = e.lead_id
    WHERE e.kind = 'lost'
    GROUP BY 1, 2, 3, 4, 5, 6;
$function$;

CREATE OR REPLACE FUNCTION rollup_add_calls(cs calls[], ls rollup_lead[], sign integer)
 RETURNS void
 LANGUAGE sql
AS $function$
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
$function$;

-- Touches other than calls count in the calls rollup, by kind, with no dial: a touch is
-- counted under its lead's channel and tags and the user who was in touch, as a call under
-- its rep.
CREATE OR REPLACE FUNCTION rollup_add_touches(ts touches[], ls rollup_lead[], sign integer)
 RETURNS void
 LANGUAGE sql
AS $function$
    WITH hours AS (
        SELECT l.tag_id, l.source, t.user_id AS owner_id, rollup_hour(t.happened_at) AS hour,
               sign * count(*) FILTER (WHERE t.kind IN ('whatsapp', 'wechat', 'telegram')) AS touches_chat,
               sign * count(*) FILTER (WHERE t.kind = 'sms') AS touches_sms,
               sign * count(*) FILTER (WHERE t.kind = 'email') AS touches_email,
               sign * count(*) FILTER (WHERE t.kind = 'meeting') AS touches_meeting
        FROM unnest(ts) t JOIN unnest(ls) l ON l.id = t.lead_id
        GROUP BY 1, 2, 3, 4),
    by_hour AS (
        INSERT INTO rollup_calls_hours_delta (tag_id, source, owner_id, hour, dials, connected, intent_clear,
                                              intent_unclear, intent_none, talk_seconds, unanswered_ring_seconds,
                                              unanswered_without_ring, do_not_call, touches_chat, touches_sms,
                                              touches_email, touches_meeting)
        SELECT tag_id, source, owner_id, hour, 0, 0, 0, 0, 0, 0, 0, 0, 0,
               touches_chat, touches_sms, touches_email, touches_meeting
        FROM hours)
    INSERT INTO rollup_calls_delta (tag_id, source, owner_id, day, dials, connected, intent_clear, intent_unclear,
                                    intent_none, talk_seconds, unanswered_ring_seconds, unanswered_without_ring,
                                    do_not_call, touches_chat, touches_sms, touches_email, touches_meeting)
    SELECT tag_id, source, owner_id, rollup_day(hour), 0, 0, 0, 0, 0, 0, 0, 0, 0,
           sum(touches_chat), sum(touches_sms), sum(touches_email), sum(touches_meeting)
    FROM hours
    GROUP BY 1, 2, 3, 4;
$function$;

CREATE OR REPLACE FUNCTION rollup_add_advanced(ls rollup_lead[], sign integer, skip bigint[] DEFAULT '{}'::bigint[])
 RETURNS void
 LANGUAGE sql
AS $function$
    INSERT INTO rollup_advanced_delta
    SELECT l.tag_id, l.source, l.owner_id, e.day, e.prev_day, sign * count(*)
    FROM (SELECT e.lead_id, rollup_day(e.created_at) AS day,
                 lag(rollup_day(e.created_at)) OVER (PARTITION BY e.lead_id ORDER BY e.created_at, e.id) AS prev_day
          FROM stage_events e
          WHERE e.lead_id = ANY (ARRAY(SELECT DISTINCT x.id FROM unnest(ls) x))
            AND e.kind IN ('advance', 'skip') AND e.id <> ALL (skip)) e
    JOIN unnest(ls) l ON l.id = e.lead_id
    GROUP BY 1, 2, 3, 4, 5;
$function$;

CREATE OR REPLACE FUNCTION rollup_add_velocity(ps velocity_pairs[], ls rollup_lead[], sign integer)
 RETURNS void
 LANGUAGE sql
AS $function$
    INSERT INTO rollup_velocity_cohort_delta
    SELECT l.tag_id, l.source, l.owner_id, l.created_day, p.stage, p.bucket, sign * count(*)
    FROM unnest(ps) p JOIN unnest(ls) l ON l.id = p.lead_id
    GROUP BY 1, 2, 3, 4, 5, 6;
    INSERT INTO rollup_velocity_activity_delta
    SELECT l.tag_id, l.source, l.owner_id, p.reached_day, p.stage, p.bucket, sign * count(*)
    FROM unnest(ps) p JOIN unnest(ls) l ON l.id = p.lead_id
    GROUP BY 1, 2, 3, 4, 5, 6;
$function$;

-- Recovery (SPEC section 4, lead farming), per lead of `ids` and stage it was ever lost at:
-- the first loss there, whether the lead came back after it (a `return` or a `reopen` at that
-- stage), and whether after coming back it moved past the stage (an advance or skip beyond
-- it). Events are taken in the order they were written; `skip` leaves some out (those a
-- trigger is counting in).
CREATE OR REPLACE FUNCTION rollup_recovery_of(ids uuid[], skip bigint[] DEFAULT '{}'::bigint[])
 RETURNS TABLE (lead_id uuid, stage smallint, lost_at timestamptz, returned boolean, recovered boolean)
 LANGUAGE sql
 STABLE
AS $function$
    SELECT f.lead_id, f.stage, f.lost_at, r.id IS NOT NULL,
           r.id IS NOT NULL AND EXISTS (SELECT 1 FROM stage_events a
                                        WHERE a.lead_id = f.lead_id AND a.id > r.id AND a.kind IN ('advance', 'skip')
                                          AND a.to_stage > f.stage AND a.id <> ALL (skip))
    FROM (SELECT DISTINCT ON (e.lead_id, e.to_stage) e.lead_id, e.to_stage AS stage, e.id, e.created_at AS lost_at
          FROM stage_events e
          WHERE e.lead_id = ANY (ids) AND e.kind = 'lost' AND e.id <> ALL (skip)
          ORDER BY e.lead_id, e.to_stage, e.id) f
    LEFT JOIN LATERAL (SELECT min(b.id) AS id FROM stage_events b
                       WHERE b.lead_id = f.lead_id AND b.id > f.id AND b.kind IN ('return', 'reopen')
                         AND b.to_stage = f.stage AND b.id <> ALL (skip)) r ON true;
$function$;

-- A lead's recovery, counted under the day it came in (the cohort) and the day of its first
-- loss at each stage (the activity view): `won` among the recovered that reached `decide`,
-- and `revenue` the deal value of those won now.
CREATE OR REPLACE FUNCTION rollup_add_recovery(ls rollup_lead[], sign integer, skip bigint[] DEFAULT '{}'::bigint[])
 RETURNS void
 LANGUAGE sql
AS $function$
    WITH farmed AS (
        SELECT l.tag_id, l.source, l.owner_id, l.created_day, rollup_day(r.lost_at) AS lost_day, r.stage,
               r.returned::int AS returned, r.recovered::int AS recovered,
               (r.recovered AND l.max_stage >= 5)::int AS won,
               CASE WHEN r.recovered THEN l.revenue ELSE 0 END AS revenue
        FROM rollup_recovery_of(ARRAY(SELECT DISTINCT x.id FROM unnest(ls) x), skip) r
        JOIN unnest(ls) l ON l.id = r.lead_id),
    by_cohort AS (
        INSERT INTO rollup_recovery_cohort_delta
        SELECT tag_id, source, owner_id, created_day, stage, sign * count(*), sign * sum(returned),
               sign * sum(recovered), sign * sum(won), sign * sum(revenue)
        FROM farmed
        GROUP BY 1, 2, 3, 4, 5)
    INSERT INTO rollup_recovery_activity_delta
    SELECT tag_id, source, owner_id, lost_day, stage, sign * count(*), sign * sum(returned),
           sign * sum(recovered), sign * sum(won), sign * sum(revenue)
    FROM farmed
    GROUP BY 1, 2, 3, 4, 5;
$function$;

-- Calls and touches are counted under the user who made them, not the lead's owner, so
-- a lead that changes hands leaves them where they are (`with_calls`): only a change of
-- channel moves them.
DROP FUNCTION IF EXISTS rollup_add_lead(rollup_lead[], integer, boolean, boolean, boolean, boolean);
CREATE OR REPLACE FUNCTION rollup_add_lead(ls rollup_lead[], sign integer, with_cohort boolean, with_reaches boolean, with_events boolean, with_calls boolean, with_velocity boolean)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
DECLARE
    ids uuid[] := ARRAY(SELECT DISTINCT l.id FROM unnest(ls) l);
BEGIN
    IF with_cohort THEN
        PERFORM rollup_add_cohort(ls, sign);
    END IF;
    IF with_reaches THEN
        PERFORM rollup_add_reaches(ARRAY(SELECT r FROM stage_reaches r WHERE r.lead_id = ANY (ids)), ls, sign);
    END IF;
    IF with_events THEN
        PERFORM rollup_add_lost(ARRAY(SELECT e FROM stage_events e WHERE e.lead_id = ANY (ids) AND e.kind = 'lost'),
                                ls, sign);
        PERFORM rollup_add_advanced(ls, sign);
    END IF;
    IF with_calls THEN
        PERFORM rollup_add_calls(ARRAY(SELECT c FROM calls c WHERE c.lead_id = ANY (ids)), ls, sign);
        PERFORM rollup_add_touches(ARRAY(SELECT t FROM touches t WHERE t.lead_id = ANY (ids)), ls, sign);
    END IF;
    IF with_velocity THEN
        PERFORM rollup_add_velocity(ARRAY(SELECT p FROM velocity_pairs p WHERE p.lead_id = ANY (ids)), ls, sign);
    END IF;
    -- Recovery follows the lead's channel, owner, day, and whether it is won and for how much.
    IF with_reaches OR with_velocity THEN
        PERFORM rollup_add_recovery(ls, sign);
    END IF;
END;
$function$;

CREATE OR REPLACE FUNCTION rollup_add_follow_ups(ls leads[], sign integer)
 RETURNS void
 LANGUAGE sql
AS $function$
    INSERT INTO rollup_follow_ups_delta
    SELECT t.tag_id, coalesce(l.source, ''), coalesce(l.owner_id, '00000000-0000-0000-0000-000000000000'::uuid),
           rollup_day(l.next_contact_at), sign * count(*)
    FROM unnest(ls) l
    CROSS JOIN LATERAL (SELECT NULL::uuid UNION ALL SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = l.id) t (tag_id)
    WHERE l.status = 'open' AND l.next_contact_at IS NOT NULL
    GROUP BY 1, 2, 3, 4;
$function$;

CREATE OR REPLACE FUNCTION rollup_add_follow_up_tags(pairs lead_tags[], sign integer)
 RETURNS void
 LANGUAGE sql
AS $function$
    INSERT INTO rollup_follow_ups_delta
    SELECT p.tag_id, coalesce(l.source, ''), coalesce(l.owner_id, '00000000-0000-0000-0000-000000000000'::uuid),
           rollup_day(l.next_contact_at), sign * count(*)
    FROM unnest(pairs) p JOIN leads l ON l.id = p.lead_id
    WHERE l.status = 'open' AND l.next_contact_at IS NOT NULL
    GROUP BY 1, 2, 3, 4;
$function$;

-- The board's totals: the open leads among `ls`, per stage, under their channel and owner,
-- once for all leads and once per tag each carries now.
CREATE OR REPLACE FUNCTION rollup_add_board(ls leads[], sign integer)
 RETURNS void
 LANGUAGE sql
AS $function$
    INSERT INTO rollup_board_delta
    SELECT t.tag_id, coalesce(l.source, ''), coalesce(l.owner_id, '00000000-0000-0000-0000-000000000000'::uuid),
           l.stage, sign * count(*), sign * coalesce(sum(l.deal_value), 0)
    FROM unnest(ls) l
    CROSS JOIN LATERAL (SELECT NULL::uuid UNION ALL SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = l.id) t (tag_id)
    WHERE l.status = 'open'
    GROUP BY 1, 2, 3, 4;
$function$;

CREATE OR REPLACE FUNCTION rollup_add_board_tags(pairs lead_tags[], sign integer)
 RETURNS void
 LANGUAGE sql
AS $function$
    INSERT INTO rollup_board_delta
    SELECT p.tag_id, coalesce(l.source, ''), coalesce(l.owner_id, '00000000-0000-0000-0000-000000000000'::uuid),
           l.stage, sign * count(*), sign * coalesce(sum(l.deal_value), 0)
    FROM unnest(pairs) p JOIN leads l ON l.id = p.lead_id
    WHERE l.status = 'open'
    GROUP BY 1, 2, 3, 4;
$function$;

-- ---------------------------------------------------------------------------
-- Leads: created, changed, deleted.

CREATE OR REPLACE FUNCTION rollup_leads_inserted()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_cohort(rollup_leads_now(ARRAY(SELECT n.id FROM new_rows n WHERE rollup_counted(n.id))), 1);
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_leads_inserted AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_leads_inserted();

CREATE OR REPLACE FUNCTION rollup_lead_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    tags uuid[];
    resourced boolean := OLD.source IS DISTINCT FROM NEW.source;
    moved boolean := resourced OR OLD.owner_id IS DISTINCT FROM NEW.owner_id;
    revalued boolean := moved OR OLD.status IS DISTINCT FROM NEW.status OR OLD.deal_value IS DISTINCT FROM NEW.deal_value;
    redated boolean := moved OR OLD.created_at IS DISTINCT FROM NEW.created_at;
BEGIN
    -- A bulk change counts its leads once for all of them (rollup_leads_changed).
    IF current_setting('leadline.rollups_by_statement', true) = 'on' OR NOT rollup_counted(NEW.id) THEN
        RETURN NULL;
    END IF;
    tags := ARRAY(SELECT NULL::uuid UNION ALL SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = NEW.id);
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(OLD, t) FROM unnest(tags) t), -1, true, revalued, moved,
                            resourced, redated);
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(NEW, t) FROM unnest(tags) t), 1, true, revalued, moved,
                            resourced, redated);
    IF redated THEN
        UPDATE velocity_pairs SET source = coalesce(NEW.source, ''),
                                  owner_id = coalesce(NEW.owner_id, '00000000-0000-0000-0000-000000000000'::uuid),
                                  created_day = rollup_day(NEW.created_at)
        WHERE lead_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_lead_changed AFTER UPDATE ON leads FOR EACH ROW WHEN ((NOT rollups_paused()) AND (((old.source IS DISTINCT FROM new.source) OR (old.owner_id IS DISTINCT FROM new.owner_id) OR (old.created_at IS DISTINCT FROM new.created_at) OR (old.max_stage IS DISTINCT FROM new.max_stage) OR (old.status IS DISTINCT FROM new.status) OR (old.lost_stage IS DISTINCT FROM new.lost_stage) OR (old.lost_reason_id IS DISTINCT FROM new.lost_reason_id) OR (old.deal_value IS DISTINCT FROM new.deal_value)))) EXECUTE FUNCTION rollup_lead_changed();

-- What rollup_lead_changed does for one lead, for many at once: a bulk change (the leads
-- list's reassign or lost) sets `leadline.rollups_by_statement` for its statement, so that
-- the row trigger leaves its leads alone, and calls this with the leads as they were
-- (`olds`) and as they are (`news`), and what changed, as the trigger would have decided
-- (`resourced`: the channel). The board's totals and the follow-ups (`rollup_board_changed`,
-- `rollup_follow_up_changed`) are counted here too.
DROP FUNCTION IF EXISTS rollup_leads_changed(leads[], leads[], boolean, boolean, boolean);
CREATE OR REPLACE FUNCTION rollup_leads_changed(olds leads[], news leads[], revalued boolean, moved boolean, resourced boolean, redated boolean)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_board(olds, -1);
    PERFORM rollup_add_board(news, 1);
    PERFORM rollup_add_follow_ups(ARRAY(SELECT o FROM unnest(olds) o WHERE rollup_counted(o.id)), -1);
    PERFORM rollup_add_follow_ups(ARRAY(SELECT n FROM unnest(news) n WHERE rollup_counted(n.id)), 1);
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(o, t.tag_id) FROM unnest(olds) o
                                  CROSS JOIN LATERAL (SELECT NULL::uuid UNION ALL
                                                      SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = o.id) t (tag_id)
                                  WHERE rollup_counted(o.id)),
                            -1, true, revalued, moved, resourced, redated);
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(n, t.tag_id) FROM unnest(news) n
                                  CROSS JOIN LATERAL (SELECT NULL::uuid UNION ALL
                                                      SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = n.id) t (tag_id)
                                  WHERE rollup_counted(n.id)),
                            1, true, revalued, moved, resourced, redated);
    IF redated THEN
        UPDATE velocity_pairs v SET source = coalesce(n.source, ''),
                                    owner_id = coalesce(n.owner_id, '00000000-0000-0000-0000-000000000000'::uuid),
                                    created_day = rollup_day(n.created_at)
        FROM unnest(news) n
        WHERE v.lead_id = n.id AND rollup_counted(n.id);
    END IF;
END;
$function$;

CREATE OR REPLACE FUNCTION rollup_lead_deleted()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF rollup_counted(OLD.id) THEN
        PERFORM rollup_add_lead(rollup_leads_now(ARRAY[OLD.id]), -1, true, true, true, true, true);
    END IF;
    RETURN OLD;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_lead_deleted BEFORE DELETE ON leads FOR EACH ROW WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_lead_deleted();

CREATE OR REPLACE FUNCTION rollup_follow_ups_inserted()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_follow_ups(
        ARRAY(SELECT n::leads FROM new_rows n
              WHERE n.status = 'open' AND n.next_contact_at IS NOT NULL AND rollup_counted(n.id)), 1);
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_follow_ups_inserted AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_follow_ups_inserted();

CREATE OR REPLACE FUNCTION rollup_follow_up_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    -- A bulk change counts its leads once for all of them (rollup_leads_changed).
    IF current_setting('leadline.rollups_by_statement', true) IS DISTINCT FROM 'on' AND rollup_counted(NEW.id) THEN
        PERFORM rollup_add_follow_ups(ARRAY[OLD], -1);
        PERFORM rollup_add_follow_ups(ARRAY[NEW], 1);
    END IF;
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_follow_up_changed AFTER UPDATE ON leads FOR EACH ROW WHEN ((NOT rollups_paused()) AND (((((old.status = 'open'::text) AND (old.next_contact_at IS NOT NULL)) OR ((new.status = 'open'::text) AND (new.next_contact_at IS NOT NULL))) AND ((old.status IS DISTINCT FROM new.status) OR (rollup_day(old.next_contact_at) IS DISTINCT FROM rollup_day(new.next_contact_at)) OR (old.source IS DISTINCT FROM new.source) OR (old.owner_id IS DISTINCT FROM new.owner_id))))) EXECUTE FUNCTION rollup_follow_up_changed();

CREATE OR REPLACE FUNCTION rollup_follow_up_deleted()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF rollup_counted(OLD.id) THEN
        PERFORM rollup_add_follow_ups(ARRAY[OLD], -1);
    END IF;
    RETURN OLD;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_follow_up_deleted BEFORE DELETE ON leads FOR EACH ROW WHEN ((NOT rollups_paused()) AND (((old.status = 'open'::text) AND (old.next_contact_at IS NOT NULL)))) EXECUTE FUNCTION rollup_follow_up_deleted();

-- The board's totals follow every open lead; they hold no time.
CREATE OR REPLACE FUNCTION rollup_board_inserted()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_board(ARRAY(SELECT n::leads FROM new_rows n WHERE n.status = 'open'), 1);
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_board_inserted AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_board_inserted();

CREATE OR REPLACE FUNCTION rollup_board_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    -- A bulk change counts its leads once for all of them (rollup_leads_changed).
    IF current_setting('leadline.rollups_by_statement', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM rollup_add_board(ARRAY[OLD], -1);
    PERFORM rollup_add_board(ARRAY[NEW], 1);
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_board_changed AFTER UPDATE ON leads FOR EACH ROW WHEN ((NOT rollups_paused()) AND ((((old.status = 'open'::text) OR (new.status = 'open'::text)) AND ((old.status IS DISTINCT FROM new.status) OR (old.stage IS DISTINCT FROM new.stage) OR (old.owner_id IS DISTINCT FROM new.owner_id) OR (old.source IS DISTINCT FROM new.source) OR (old.deal_value IS DISTINCT FROM new.deal_value))))) EXECUTE FUNCTION rollup_board_changed();

CREATE OR REPLACE FUNCTION rollup_board_deleted()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_board(ARRAY[OLD], -1);
    RETURN OLD;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_board_deleted BEFORE DELETE ON leads FOR EACH ROW WHEN ((NOT rollups_paused()) AND ((old.status = 'open'::text))) EXECUTE FUNCTION rollup_board_deleted();

-- ---------------------------------------------------------------------------
-- Tags put on and taken off leads.

CREATE OR REPLACE FUNCTION rollup_tags_added()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(l, n.tag_id) FROM new_rows n JOIN leads l ON l.id = n.lead_id
                                  WHERE rollup_counted(n.lead_id)),
                            1, true, true, true, true, true);
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_tags_added AFTER INSERT ON lead_tags REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_tags_added();

CREATE OR REPLACE FUNCTION rollup_tags_removed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(l, o.tag_id) FROM old_rows o JOIN leads l ON l.id = o.lead_id
                                  WHERE rollup_counted(o.lead_id)),
                            -1, true, true, true, true, true);
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_tags_removed AFTER DELETE ON lead_tags REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_tags_removed();

CREATE OR REPLACE FUNCTION rollup_follow_up_tags_added()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_follow_up_tags(ARRAY(SELECT n::lead_tags FROM new_rows n WHERE rollup_counted(n.lead_id)), 1);
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_follow_up_tags_added AFTER INSERT ON lead_tags REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_follow_up_tags_added();

CREATE OR REPLACE FUNCTION rollup_follow_up_tags_removed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_follow_up_tags(ARRAY(SELECT o::lead_tags FROM old_rows o WHERE rollup_counted(o.lead_id)), -1);
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_follow_up_tags_removed AFTER DELETE ON lead_tags REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_follow_up_tags_removed();

CREATE OR REPLACE FUNCTION rollup_board_tags_added()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_board_tags(ARRAY(SELECT n::lead_tags FROM new_rows n), 1);
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_board_tags_added AFTER INSERT ON lead_tags REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_board_tags_added();

CREATE OR REPLACE FUNCTION rollup_board_tags_removed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_board_tags(ARRAY(SELECT o::lead_tags FROM old_rows o), -1);
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_board_tags_removed AFTER DELETE ON lead_tags REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_board_tags_removed();

CREATE OR REPLACE FUNCTION velocity_tags_added()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    INSERT INTO velocity_tag_pairs
    SELECT n.tag_id, p.lead_id, p.stage, p.source, p.owner_id, p.created_day, p.reached_day, p.bucket, p.seconds
    FROM new_rows n JOIN velocity_pairs p ON p.lead_id = n.lead_id;
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER velocity_tags_added AFTER INSERT ON lead_tags REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION velocity_tags_added();

-- ---------------------------------------------------------------------------
-- Calls, stage events and the first reach of each stage.

CREATE OR REPLACE FUNCTION rollup_calls_inserted()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_calls(ARRAY(SELECT n::calls FROM new_rows n WHERE rollup_counted(n.lead_id)),
                             rollup_leads_now(ARRAY(SELECT DISTINCT n.lead_id FROM new_rows n)), 1);
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_calls_inserted AFTER INSERT ON calls REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_calls_inserted();

CREATE OR REPLACE FUNCTION rollup_calls_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF rollup_counted(OLD.lead_id) THEN
        PERFORM rollup_add_calls(ARRAY[OLD], rollup_leads_now(ARRAY[OLD.lead_id]), -1);
    END IF;
    IF TG_OP = 'UPDATE' AND rollup_counted(NEW.lead_id) THEN
        PERFORM rollup_add_calls(ARRAY[NEW], rollup_leads_now(ARRAY[NEW.lead_id]), 1);
    END IF;
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_calls_changed AFTER DELETE OR UPDATE ON calls FOR EACH ROW WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_calls_changed();

CREATE OR REPLACE FUNCTION rollup_touches_inserted()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_touches(ARRAY(SELECT n::touches FROM new_rows n WHERE rollup_counted(n.lead_id)),
                               rollup_leads_now(ARRAY(SELECT DISTINCT n.lead_id FROM new_rows n)), 1);
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_touches_inserted AFTER INSERT ON touches REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_touches_inserted();

CREATE OR REPLACE FUNCTION rollup_touches_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF rollup_counted(OLD.lead_id) THEN
        PERFORM rollup_add_touches(ARRAY[OLD], rollup_leads_now(ARRAY[OLD.lead_id]), -1);
    END IF;
    IF TG_OP = 'UPDATE' AND rollup_counted(NEW.lead_id) THEN
        PERFORM rollup_add_touches(ARRAY[NEW], rollup_leads_now(ARRAY[NEW.lead_id]), 1);
    END IF;
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_touches_changed AFTER DELETE OR UPDATE ON touches FOR EACH ROW WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_touches_changed();

CREATE OR REPLACE FUNCTION rollup_events_inserted()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    advanced uuid[] := ARRAY(SELECT DISTINCT n.lead_id FROM new_rows n
                             WHERE n.kind IN ('advance', 'skip') AND rollup_counted(n.lead_id));
    farmed uuid[];
    ls rollup_lead[];
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows n WHERE n.kind = 'lost') THEN
        PERFORM rollup_add_lost(ARRAY(SELECT n::stage_events FROM new_rows n WHERE n.kind = 'lost' AND rollup_counted(n.lead_id)),
                                rollup_leads_now(ARRAY(SELECT DISTINCT n.lead_id FROM new_rows n WHERE n.kind = 'lost')), 1);
    END IF;
    IF cardinality(advanced) > 0 THEN
        ls := rollup_leads_now(advanced);
        PERFORM rollup_add_advanced(ls, -1, ARRAY(SELECT n.id FROM new_rows n));
        PERFORM rollup_add_advanced(ls, 1);
    END IF;
    -- A loss, a return, or a move past the stage a lead was once lost at changes its recovery.
    farmed := ARRAY(SELECT DISTINCT e.lead_id FROM stage_events e
                    WHERE e.lead_id = ANY (ARRAY(SELECT DISTINCT n.lead_id FROM new_rows n
                                                 WHERE n.kind IN ('lost', 'return', 'reopen', 'advance', 'skip')
                                                   AND rollup_counted(n.lead_id)))
                      AND e.kind = 'lost');
    IF cardinality(farmed) > 0 THEN
        ls := rollup_leads_now(farmed);
        PERFORM rollup_add_recovery(ls, -1, ARRAY(SELECT n.id FROM new_rows n));
        PERFORM rollup_add_recovery(ls, 1);
    END IF;
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_events_inserted AFTER INSERT ON stage_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_events_inserted();

CREATE OR REPLACE FUNCTION rollup_reaches_inserted()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    ids uuid[] := ARRAY(SELECT DISTINCT n.lead_id FROM new_rows n WHERE rollup_counted(n.lead_id));
    ls rollup_lead[] := rollup_leads_now(ids);
    added velocity_pairs[];
BEGIN
    -- The rows of the leads in `ids` are those `rollup_counted` passes, asked again of each
    -- row rather than by `n.lead_id = ANY (ids)`: once PL/pgSQL plans the statement for any
    -- `ids` (after its fifth run), that test reads the whole array for every row, and an
    -- import's batch of 10,000 reaches took seconds.
    PERFORM rollup_add_reaches(ARRAY(SELECT n::stage_reaches FROM new_rows n WHERE rollup_counted(n.lead_id)), ls, 1);
    WITH inserted AS (
        INSERT INTO velocity_pairs
        SELECT * FROM velocity_pairs_of(ids, ARRAY(
            SELECT n::stage_reaches FROM new_rows n WHERE n.stage > 0 AND rollup_counted(n.lead_id)
            UNION ALL
            SELECT n::stage_reaches FROM new_rows n
            WHERE n.stage = 0 AND rollup_counted(n.lead_id)
              AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.id = n.lead_id AND l.max_stage = 0)))
        ON CONFLICT DO NOTHING
        RETURNING *)
    SELECT coalesce(array_agg(i), '{}') INTO added FROM inserted i;
    PERFORM rollup_add_velocity(added, ls, 1);
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER rollup_reaches_inserted AFTER INSERT ON stage_reaches REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_reaches_inserted();

CREATE OR REPLACE FUNCTION rollup_reaches_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    lead uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.lead_id ELSE NEW.lead_id END;
    ls rollup_lead[] := rollup_leads_now(ARRAY[lead]);
BEGIN
    IF NOT rollup_counted(lead) THEN
        RETURN NULL;
    END IF;
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
$function$;
CREATE OR REPLACE TRIGGER rollup_reaches_changed AFTER DELETE OR UPDATE ON stage_reaches FOR EACH ROW WHEN ((NOT rollups_paused())) EXECUTE FUNCTION rollup_reaches_changed();

-- ---------------------------------------------------------------------------
-- Velocity pairs, copied once per tag of their lead.

CREATE OR REPLACE FUNCTION velocity_pairs_tagged()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    INSERT INTO velocity_tag_pairs
    SELECT lt.tag_id, n.lead_id, n.stage, n.source, n.owner_id, n.created_day, n.reached_day, n.bucket, n.seconds
    FROM new_rows n JOIN lead_tags lt ON lt.lead_id = n.lead_id;
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER velocity_pairs_tagged AFTER INSERT ON velocity_pairs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION velocity_pairs_tagged();

CREATE OR REPLACE FUNCTION velocity_pairs_retagged()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE velocity_tag_pairs t
    SET source = n.source, owner_id = n.owner_id, created_day = n.created_day, reached_day = n.reached_day,
        bucket = n.bucket, seconds = n.seconds
    FROM new_rows n
    WHERE t.lead_id = n.lead_id AND t.stage = n.stage;
    RETURN NULL;
END;
$function$;
CREATE OR REPLACE TRIGGER velocity_pairs_retagged AFTER UPDATE ON velocity_pairs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN ((NOT rollups_paused())) EXECUTE FUNCTION velocity_pairs_retagged();

-- ---------------------------------------------------------------------------
-- Compaction: fold every delta table into its rollup, under one advisory lock (-1 when
-- another node or command holds it). Returns the delta rows folded.

CREATE OR REPLACE FUNCTION rollup_compact()
 RETURNS bigint
 LANGUAGE plpgsql
AS $function$
DECLARE
    folded bigint := 0;
    n bigint;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('leadline.rollup_compact')) THEN
        RETURN -1;
    END IF;
    -- While a recount is counting nobody reads the rollups, and its steps' deltas are
    -- folded once every lead is counted: together they group into far fewer rows.
    IF EXISTS (SELECT 1 FROM rollup_rebuilds WHERE finished_at IS NULL AND counted_through < rollup_all_counted()) THEN
        RETURN 0;
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
                     m.unanswered_without_ring, m.do_not_call, m.touches_chat, m.touches_sms, m.touches_email,
                     m.touches_meeting, true FROM moved m),
    folded_rows AS (
        INSERT INTO rollup_calls AS r (tag_id, source, owner_id, months, day, dials, connected, intent_clear,
                                       intent_unclear, intent_none, talk_seconds, unanswered_ring_seconds,
                                       unanswered_without_ring, do_not_call, touches_chat, touches_sms,
                                       touches_email, touches_meeting)
        SELECT tag_id, source, owner_id, months, day, sum(dials), sum(connected), sum(intent_clear),
               sum(intent_unclear), sum(intent_none), sum(talk_seconds), sum(unanswered_ring_seconds),
               sum(unanswered_without_ring), sum(do_not_call), sum(touches_chat), sum(touches_sms),
               sum(touches_email), sum(touches_meeting)
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
            do_not_call = r.do_not_call + excluded.do_not_call,
            touches_chat = r.touches_chat + excluded.touches_chat,
            touches_sms = r.touches_sms + excluded.touches_sms,
            touches_email = r.touches_email + excluded.touches_email,
            touches_meeting = r.touches_meeting + excluded.touches_meeting)
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

    WITH moved AS (DELETE FROM rollup_follow_ups_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    spans AS (SELECT m.tag_id, m.source, m.owner_id, false AS months, m.day, m.leads FROM moved m
              UNION ALL
              SELECT m.tag_id, m.source, m.owner_id, true, rollup_month(m.day), m.leads FROM moved m),
    folded_rows AS (
        INSERT INTO rollup_follow_ups AS r (tag_id, source, owner_id, months, day, leads)
        SELECT tag_id, source, owner_id, months, day, sum(leads)
        FROM spans
        GROUP BY tag_id, months, day, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_follow_ups_key DO UPDATE SET leads = r.leads + excluded.leads)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;

    WITH moved AS (DELETE FROM rollup_calls_hours_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    folded_rows AS (
        INSERT INTO rollup_calls_hours AS r (tag_id, source, owner_id, hour, dials, connected, intent_clear,
                                             intent_unclear, intent_none, talk_seconds, unanswered_ring_seconds,
                                             unanswered_without_ring, do_not_call, touches_chat, touches_sms,
                                             touches_email, touches_meeting)
        SELECT tag_id, source, owner_id, hour, sum(dials), sum(connected), sum(intent_clear), sum(intent_unclear),
               sum(intent_none), sum(talk_seconds), sum(unanswered_ring_seconds), sum(unanswered_without_ring),
               sum(do_not_call), sum(touches_chat), sum(touches_sms), sum(touches_email), sum(touches_meeting)
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
            do_not_call = r.do_not_call + excluded.do_not_call,
            touches_chat = r.touches_chat + excluded.touches_chat,
            touches_sms = r.touches_sms + excluded.touches_sms,
            touches_email = r.touches_email + excluded.touches_email,
            touches_meeting = r.touches_meeting + excluded.touches_meeting)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;

    WITH moved AS (DELETE FROM rollup_recovery_cohort_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    spans AS (SELECT m.tag_id, m.source, m.owner_id, false AS months, m.day, m.stage, m.lost, m.returned,
                     m.recovered, m.won, m.revenue FROM moved m
              UNION ALL
              SELECT m.tag_id, m.source, m.owner_id, true, rollup_month(m.day), m.stage, m.lost, m.returned,
                     m.recovered, m.won, m.revenue FROM moved m),
    folded_rows AS (
        INSERT INTO rollup_recovery_cohort AS r (tag_id, source, owner_id, months, day, stage, lost, returned,
                                                recovered, won, revenue)
        SELECT tag_id, source, owner_id, months, day, stage, sum(lost), sum(returned), sum(recovered), sum(won),
               sum(revenue)
        FROM spans
        GROUP BY tag_id, months, day, stage, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_recovery_cohort_key DO UPDATE SET
            lost = r.lost + excluded.lost, returned = r.returned + excluded.returned,
            recovered = r.recovered + excluded.recovered, won = r.won + excluded.won,
            revenue = r.revenue + excluded.revenue)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;
    WITH moved AS (DELETE FROM rollup_recovery_activity_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    spans AS (SELECT m.tag_id, m.source, m.owner_id, false AS months, m.day, m.stage, m.lost, m.returned,
                     m.recovered, m.won, m.revenue FROM moved m
              UNION ALL
              SELECT m.tag_id, m.source, m.owner_id, true, rollup_month(m.day), m.stage, m.lost, m.returned,
                     m.recovered, m.won, m.revenue FROM moved m),
    folded_rows AS (
        INSERT INTO rollup_recovery_activity AS r (tag_id, source, owner_id, months, day, stage, lost, returned,
                                                recovered, won, revenue)
        SELECT tag_id, source, owner_id, months, day, stage, sum(lost), sum(returned), sum(recovered), sum(won),
               sum(revenue)
        FROM spans
        GROUP BY tag_id, months, day, stage, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_recovery_activity_key DO UPDATE SET
            lost = r.lost + excluded.lost, returned = r.returned + excluded.returned,
            recovered = r.recovered + excluded.recovered, won = r.won + excluded.won,
            revenue = r.revenue + excluded.revenue)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;
    WITH moved AS (DELETE FROM rollup_board_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    folded_rows AS (
        INSERT INTO rollup_board AS r (tag_id, source, owner_id, stage, leads, deal_value)
        SELECT tag_id, source, owner_id, stage, sum(leads), sum(deal_value)
        FROM moved
        GROUP BY tag_id, stage, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_board_key
            DO UPDATE SET leads = r.leads + excluded.leads, deal_value = r.deal_value + excluded.deal_value)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;

    RETURN folded;
END;
$function$;

-- ---------------------------------------------------------------------------
-- The fills a rebuild (and the migrations that added these rollups) count from the raw
-- tables, and the rebuild itself: everything recounted, writes held off meanwhile.

CREATE OR REPLACE FUNCTION rollup_fill_calls_hours()
 RETURNS void
 LANGUAGE sql
AS $function$
    INSERT INTO rollup_calls_hours (tag_id, source, owner_id, hour, dials, connected, intent_clear, intent_unclear,
                                    intent_none, talk_seconds, unanswered_ring_seconds, unanswered_without_ring,
                                    do_not_call, touches_chat, touches_sms, touches_email, touches_meeting)
    SELECT x.tag_id, x.source, c.owner_id, rollup_hour(c.at),
           count(*) FILTER (WHERE c.dial),
           count(*) FILTER (WHERE c.outcome = 'connected'),
           count(*) FILTER (WHERE c.intent = 'clear'),
           count(*) FILTER (WHERE c.intent = 'unclear'),
           count(*) FILTER (WHERE c.intent = 'none'),
           coalesce(sum(c.talk_seconds) FILTER (WHERE c.outcome = 'connected'), 0),
           coalesce(sum(c.ring_seconds) FILTER (WHERE c.outcome <> 'connected'), 0),
           count(*) FILTER (WHERE c.outcome <> 'connected' AND c.ring_seconds IS NULL),
           count(*) FILTER (WHERE c.do_not_call),
           count(*) FILTER (WHERE c.touch IN ('whatsapp', 'wechat', 'telegram')),
           count(*) FILTER (WHERE c.touch = 'sms'),
           count(*) FILTER (WHERE c.touch = 'email'),
           count(*) FILTER (WHERE c.touch = 'meeting')
    FROM (SELECT c.lead_id, c.rep_id AS owner_id, c.started_at AS at, true AS dial, c.outcome, c.intent,
                 c.talk_seconds, c.ring_seconds, c.do_not_call, NULL::text AS touch
          FROM calls c
          UNION ALL
          SELECT t.lead_id, t.user_id, t.happened_at, false, NULL, NULL, NULL, NULL, false, t.kind
          FROM touches t) c
    JOIN leads l ON l.id = c.lead_id
    CROSS JOIN LATERAL (SELECT NULL::uuid UNION ALL SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = l.id)
        t (tag_id)
    CROSS JOIN LATERAL rollup_lead_of(l, t.tag_id) x
    GROUP BY x.tag_id, rollup_hour(c.at), GROUPING SETS ((x.source, c.owner_id), (x.source), (c.owner_id), ());
$function$;

-- ---------------------------------------------------------------------------
-- Recounts: every rollup counted again from the raw tables, in the zone given, while the
-- team goes on writing. `rollup_rebuild_start` empties the rollups and writes the keys for
-- the zone; each `rollup_rebuild_step` then counts the next leads by id, holding writes off
-- only while it does. A change to a lead already counted adds its deltas as always; a
-- change to one not yet counted adds nothing, and the step that gets to the lead counts
-- it as it is then (`rollup_counted`).

-- A recount's `counted_through` once it has counted every lead: the leads written after
-- are counted as they are written, and it ends when its deltas are folded.
CREATE OR REPLACE FUNCTION rollup_all_counted()
 RETURNS uuid
 LANGUAGE sql
 IMMUTABLE
AS $function$
    SELECT 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid;
$function$;

CREATE OR REPLACE FUNCTION rollup_counted(lead uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
    SELECT NOT EXISTS (SELECT 1 FROM rollup_rebuilds r WHERE r.finished_at IS NULL AND lead > r.counted_through);
$function$;

CREATE OR REPLACE FUNCTION rollup_count_leads(ids uuid[])
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
    INSERT INTO velocity_pairs SELECT * FROM velocity_pairs_of(ids);
    PERFORM rollup_add_lead(rollup_leads_now(ids), 1, true, true, true, true, true);
    PERFORM rollup_add_follow_ups(ARRAY(SELECT l FROM leads l WHERE l.id = ANY (ids)), 1);
END;
$function$;


-- Take the leads `ids` out of every rollup, the board and the velocity pairs: the exact
-- opposite of `rollup_leads_in`.
CREATE OR REPLACE FUNCTION rollup_leads_out(ids uuid[])
 RETURNS void
 LANGUAGE plpgsql
AS $function$
DECLARE
    counted uuid[] := ARRAY(SELECT i FROM unnest(ids) i WHERE rollup_counted(i));
BEGIN
    PERFORM rollup_add_board(ARRAY(SELECT l FROM leads l WHERE l.id = ANY (ids)), -1);
    PERFORM rollup_add_follow_ups(ARRAY(SELECT l FROM leads l WHERE l.id = ANY (counted)), -1);
    PERFORM rollup_add_lead(rollup_leads_now(counted), -1, true, true, true, true, true);
    DELETE FROM velocity_pairs WHERE lead_id = ANY (ids);
END;
$function$;

-- Count the leads `ids` into every rollup, the board and the velocity pairs, from their rows
-- as they are now (a recount counts the rest with `rollup_count_leads` alike).
CREATE OR REPLACE FUNCTION rollup_leads_in(ids uuid[])
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM rollup_add_board(ARRAY(SELECT l FROM leads l WHERE l.id = ANY (ids)), 1);
    PERFORM rollup_count_leads(ARRAY(SELECT i FROM unnest(ids) i WHERE rollup_counted(i)));
END;
$function$;

CREATE OR REPLACE FUNCTION rollup_rebuild_start(zone text, reason text)
 RETURNS bigint
 LANGUAGE plpgsql
AS $function$
DECLARE
    started bigint;
BEGIN
    -- A compaction under way (a recount's last one can take minutes) ends first, while
    -- writes go on; then writes and compaction wait until this transaction ends, soon.
    PERFORM pg_advisory_xact_lock(hashtext('leadline.rollup_compact'));
    LOCK TABLE leads, lead_tags, calls, touches, stage_events, stage_reaches IN SHARE MODE;
    PERFORM rollup_define_keys(zone);
    -- A recount under way is overtaken: the new one counts everything again.
    UPDATE rollup_rebuilds SET finished_at = now() WHERE finished_at IS NULL;
    TRUNCATE rollup_cohort, rollup_cohort_delta, rollup_reaches, rollup_reaches_delta,
             rollup_lost, rollup_lost_delta, rollup_calls, rollup_calls_delta,
             rollup_calls_hours, rollup_calls_hours_delta,
             rollup_advanced, rollup_advanced_delta, rollup_velocity_cohort, rollup_velocity_cohort_delta,
             rollup_velocity_activity, rollup_velocity_activity_delta, velocity_pairs, velocity_tag_pairs,
             rollup_follow_ups, rollup_follow_ups_delta, rollup_recovery_cohort, rollup_recovery_cohort_delta,
             rollup_recovery_activity, rollup_recovery_activity_delta;
    -- The board's totals hold no day, so the new zone changes none of them; they are counted
    -- again all the same, for a recount is also how rollups written around (a bulk load with
    -- the triggers off) are made whole.
    PERFORM rollup_fill_board();
    INSERT INTO rollup_rebuilds (time_zone, reason, leads_total)
    VALUES (zone, reason, (SELECT count(*) FROM leads))
    RETURNING id INTO started;
    RETURN started;
END;
$function$;

-- Count the next `batch` leads of the recount under way. Returns how many it counted: 0
-- when none was left (every lead written from then on is counted as it is written, and
-- `rollup_rebuild_finish` ends the recount), -1 when no recount is under way.
CREATE OR REPLACE FUNCTION rollup_rebuild_step(batch integer DEFAULT 5000)
 RETURNS bigint
 LANGUAGE plpgsql
AS $function$
DECLARE
    r rollup_rebuilds;
    ids uuid[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM rollup_rebuilds WHERE finished_at IS NULL) THEN
        RETURN -1;
    END IF;
    -- Every write under way ends first, and no other starts until this step has counted.
    LOCK TABLE leads, lead_tags, calls, touches, stage_events, stage_reaches IN SHARE MODE;
    -- Steps on several nodes take turns.
    SELECT * INTO r FROM rollup_rebuilds WHERE finished_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RETURN -1;
    END IF;
    ids := ARRAY(SELECT l.id FROM leads l WHERE l.id > r.counted_through ORDER BY l.id LIMIT batch);
    IF cardinality(ids) = 0 THEN
        UPDATE rollup_rebuilds SET counted_through = rollup_all_counted() WHERE id = r.id;
        RETURN 0;
    END IF;
    PERFORM rollup_count_leads(ids);
    UPDATE rollup_rebuilds
    SET counted_through = ids[cardinality(ids)], leads_counted = leads_counted + cardinality(ids)
    WHERE id = r.id;
    RETURN cardinality(ids);
END;
$function$;

-- End the recount that has counted every lead: fold its deltas, the steps' and the writes'
-- meanwhile, and mark it finished in the same transaction, so that the figures are read
-- from the raw tables until the rollups are whole and compact. Writes go on meanwhile.
-- Returns the delta rows folded; -1 when no recount has counted every lead.
CREATE OR REPLACE FUNCTION rollup_rebuild_finish()
 RETURNS bigint
 LANGUAGE plpgsql
AS $function$
DECLARE
    folded bigint;
BEGIN
    -- A compaction under way on another node ends first; then this one folds the rest.
    PERFORM pg_advisory_xact_lock(hashtext('leadline.rollup_compact'));
    IF NOT EXISTS (SELECT 1 FROM rollup_rebuilds
                   WHERE finished_at IS NULL AND counted_through = rollup_all_counted()) THEN
        RETURN -1;
    END IF;
    folded := rollup_compact();
    -- The moment the fold ends, not the transaction's start.
    UPDATE rollup_rebuilds SET finished_at = clock_timestamp()
    WHERE finished_at IS NULL AND counted_through = rollup_all_counted();
    RETURN folded;
END;
$function$;

-- The board's totals counted from the open leads, as they are while this file is applied:
-- writes and compaction wait meanwhile, and from then on the triggers above keep them.
CREATE OR REPLACE FUNCTION rollup_fill_board()
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('leadline.rollup_compact'));
    LOCK TABLE leads, lead_tags IN SHARE MODE;
    DELETE FROM rollup_board_delta;
    DELETE FROM rollup_board;
    INSERT INTO rollup_board (tag_id, source, owner_id, stage, leads, deal_value)
    SELECT x.tag_id, x.source, x.owner_id, x.stage, count(*), coalesce(sum(x.deal_value), 0)
    FROM (SELECT t.tag_id, coalesce(l.source, '') AS source,
                 coalesce(l.owner_id, '00000000-0000-0000-0000-000000000000'::uuid) AS owner_id, l.stage, l.deal_value
          FROM leads l
          CROSS JOIN LATERAL (SELECT NULL::uuid UNION ALL SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = l.id)
              t (tag_id)
          WHERE l.status = 'open') x
    GROUP BY x.tag_id, x.stage, GROUPING SETS ((x.source, x.owner_id), (x.source), (x.owner_id), ());
END;
$function$;

SELECT rollup_fill_board();

-- Recovery counted from the stage events the first time this file is applied with it (the
-- migration that added its tables made them empty); from then on the triggers above keep it.
CREATE OR REPLACE FUNCTION rollup_fill_recovery()
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('leadline.rollup_compact'));
    LOCK TABLE leads, lead_tags, stage_events IN SHARE MODE;
    IF EXISTS (SELECT 1 FROM rollup_recovery_cohort) OR EXISTS (SELECT 1 FROM rollup_recovery_cohort_delta) THEN
        RETURN;
    END IF;
    PERFORM rollup_add_recovery(rollup_leads_now(ARRAY(SELECT DISTINCT e.lead_id FROM stage_events e
                                                       WHERE e.kind = 'lost' AND rollup_counted(e.lead_id))), 1);
END;
$function$;

SELECT rollup_fill_recovery();

-- Functions of earlier definitions that the recount above replaced.
DROP FUNCTION IF EXISTS rollup_fill_follow_ups();
DROP FUNCTION IF EXISTS rollup_rebuild(integer);
