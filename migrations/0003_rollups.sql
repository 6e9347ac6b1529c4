-- Dashboard rollups: the counts and sums of SPEC section 4 per UTC day, so that a
-- dashboard costs what the number of days, channels and reps in the period cost,
-- not what the number of rows costs.
--
-- Every write adds signed delta rows to a `*_delta` table in the same transaction
-- as the change itself (triggers below), so no two writers ever wait on the same
-- counter row. A compaction (`rollup_compact()`, run by the app every few seconds)
-- folds the deltas into the rollup tables, where each delta is counted at four
-- grains: channel x owner, channel only, owner only, and neither. Readers sum the
-- rollup row of the grain they need and the pending deltas, so what they see is
-- always exactly what the raw tables say.
--
-- Keys: `tag_id` NULL is the row for all leads, a tag's id the row for the leads
-- carrying that tag. At the rollup grains NULL `source` / `owner_id` mean "all";
-- a lead with no source is counted under '' and a lead with no owner under the nil
-- uuid, so the two never meet.

-- A lead as the rollups see it: the dimensions it is counted under and, at
-- `tag_id`, one of the tag rows it contributes to.
CREATE TYPE rollup_lead AS (
    id             uuid,
    tag_id         uuid,
    source         text,
    owner_id       uuid,
    created_day    date,
    max_stage      smallint,
    -- -1 unless the lead is lost.
    lost_stage     smallint,
    -- The nil uuid unless lost with a reason.
    lost_reason_id uuid,
    -- The deal value of a won lead, else 0.
    revenue        bigint
);

CREATE FUNCTION rollup_day(t timestamptz) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (t AT TIME ZONE 'UTC')::date;

CREATE FUNCTION rollup_lead_of(l leads, tag uuid) RETURNS rollup_lead
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ROW(
        l.id, tag, coalesce(l.source, ''),
        coalesce(l.owner_id, '00000000-0000-0000-0000-000000000000'::uuid),
        rollup_day(l.created_at), l.max_stage,
        CASE WHEN l.status = 'lost' THEN l.lost_stage ELSE -1 END,
        CASE WHEN l.status = 'lost' THEN coalesce(l.lost_reason_id, '00000000-0000-0000-0000-000000000000'::uuid)
             ELSE '00000000-0000-0000-0000-000000000000'::uuid END,
        CASE WHEN l.status = 'won' THEN coalesce(l.deal_value, 0) ELSE 0 END
    )::rollup_lead;

-- ---------------------------------------------------------------------------
-- Cohort: leads by creation day, max stage reached, and where they were lost.

CREATE TABLE rollup_cohort (
    tag_id         uuid,
    source         text,
    owner_id       uuid,
    day            date NOT NULL,
    max_stage      smallint NOT NULL,
    lost_stage     smallint NOT NULL,
    lost_reason_id uuid NOT NULL,
    leads          bigint NOT NULL,
    revenue        bigint NOT NULL,
    CONSTRAINT rollup_cohort_key UNIQUE NULLS NOT DISTINCT
        (tag_id, source, owner_id, day, max_stage, lost_stage, lost_reason_id)
);
CREATE TABLE rollup_cohort_delta (LIKE rollup_cohort);
CREATE INDEX rollup_cohort_delta_day_idx ON rollup_cohort_delta (day);

-- ---------------------------------------------------------------------------
-- Activity: first reaches of each stage by the day they happened. `revenue` is the
-- deal value of reaches of `decide` by leads now won (a rep's deals and revenue).

CREATE TABLE rollup_reaches (
    tag_id   uuid,
    source   text,
    owner_id uuid,
    day      date NOT NULL,
    stage    smallint NOT NULL,
    leads    bigint NOT NULL,
    revenue  bigint NOT NULL,
    CONSTRAINT rollup_reaches_key UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, day, stage)
);
CREATE TABLE rollup_reaches_delta (LIKE rollup_reaches);
CREATE INDEX rollup_reaches_delta_day_idx ON rollup_reaches_delta (day);

-- ---------------------------------------------------------------------------
-- Activity: leads marked lost, by the day it happened, stage and reason.

CREATE TABLE rollup_lost (
    tag_id         uuid,
    source         text,
    owner_id       uuid,
    day            date NOT NULL,
    stage          smallint NOT NULL,
    lost_reason_id uuid NOT NULL,
    leads          bigint NOT NULL,
    CONSTRAINT rollup_lost_key UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, day, stage, lost_reason_id)
);
CREATE TABLE rollup_lost_delta (LIKE rollup_lost);
CREATE INDEX rollup_lost_delta_day_idx ON rollup_lost_delta (day);

-- ---------------------------------------------------------------------------
-- Calls by the day they started; the owner dimension is the rep who made them.

CREATE TABLE rollup_calls (
    tag_id                  uuid,
    source                  text,
    owner_id                uuid,
    day                     date NOT NULL,
    dials                   bigint NOT NULL,
    connected               bigint NOT NULL,
    intent_clear            bigint NOT NULL,
    intent_unclear          bigint NOT NULL,
    intent_none             bigint NOT NULL,
    talk_seconds            bigint NOT NULL,
    unanswered_ring_seconds bigint NOT NULL,
    unanswered_without_ring bigint NOT NULL,
    do_not_call             bigint NOT NULL,
    CONSTRAINT rollup_calls_key UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, day)
);
CREATE TABLE rollup_calls_delta (LIKE rollup_calls);
CREATE INDEX rollup_calls_delta_day_idx ON rollup_calls_delta (day);

-- ---------------------------------------------------------------------------
-- Deltas. Each function counts `ls` (a lead with one of its tag rows, repeated for
-- each) with sign +1 or -1.

CREATE FUNCTION rollup_add_cohort(ls rollup_lead[], sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO rollup_cohort_delta
    SELECT l.tag_id, l.source, l.owner_id, l.created_day, l.max_stage, l.lost_stage, l.lost_reason_id,
           sign * count(*), sign * sum(l.revenue)
    FROM unnest(ls) l
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
$$;

-- Reaches `rs` of the leads in `ls`.
CREATE FUNCTION rollup_add_reaches(rs stage_reaches[], ls rollup_lead[], sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO rollup_reaches_delta
    SELECT l.tag_id, l.source, l.owner_id, rollup_day(r.reached_at), r.stage,
           sign * count(*), sign * coalesce(sum(l.revenue) FILTER (WHERE r.stage = 5), 0)
    FROM unnest(rs) r JOIN unnest(ls) l ON l.id = r.lead_id
    GROUP BY 1, 2, 3, 4, 5;
$$;

-- Lost events among `es` of the leads in `ls`.
CREATE FUNCTION rollup_add_lost(es stage_events[], ls rollup_lead[], sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO rollup_lost_delta
    SELECT l.tag_id, l.source, l.owner_id, rollup_day(e.created_at), e.to_stage,
           coalesce(e.lost_reason_id, '00000000-0000-0000-0000-000000000000'::uuid), sign * count(*)
    FROM unnest(es) e JOIN unnest(ls) l ON l.id = e.lead_id
    WHERE e.kind = 'lost'
    GROUP BY 1, 2, 3, 4, 5, 6;
$$;

-- Calls `cs` to the leads in `ls`, counted under the lead's channel and tags and the calling rep.
CREATE FUNCTION rollup_add_calls(cs calls[], ls rollup_lead[], sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO rollup_calls_delta
    SELECT l.tag_id, l.source, c.rep_id, rollup_day(c.started_at),
           sign * count(*),
           sign * count(*) FILTER (WHERE c.outcome = 'connected'),
           sign * count(*) FILTER (WHERE c.intent = 'clear'),
           sign * count(*) FILTER (WHERE c.intent = 'unclear'),
           sign * count(*) FILTER (WHERE c.intent = 'none'),
           sign * coalesce(sum(c.talk_seconds) FILTER (WHERE c.outcome = 'connected'), 0),
           sign * coalesce(sum(c.ring_seconds) FILTER (WHERE c.outcome <> 'connected'), 0),
           sign * count(*) FILTER (WHERE c.outcome <> 'connected' AND c.ring_seconds IS NULL),
           sign * count(*) FILTER (WHERE c.do_not_call)
    FROM unnest(cs) c JOIN unnest(ls) l ON l.id = c.lead_id
    GROUP BY 1, 2, 3, 4;
$$;

-- The leads `ids` as they are now, once for all leads and once per tag they carry.
CREATE FUNCTION rollup_leads_now(ids uuid[]) RETURNS rollup_lead[]
LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(rollup_lead_of(l, t.tag_id)), '{}')
    FROM leads l
    CROSS JOIN LATERAL (SELECT NULL::uuid UNION ALL SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = l.id) t (tag_id)
    WHERE l.id = ANY (ids);
$$;

-- Count or uncount everything the leads `ls` contribute: the cohort and, when asked,
-- their reaches, lost events and calls as they are now.
CREATE FUNCTION rollup_add_lead(ls rollup_lead[], sign integer, with_cohort boolean, with_reaches boolean,
                                with_lost_and_calls boolean) RETURNS void
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
    IF with_lost_and_calls THEN
        PERFORM rollup_add_lost(ARRAY(SELECT e FROM stage_events e WHERE e.lead_id = ANY (ids) AND e.kind = 'lost'),
                                ls, sign);
        PERFORM rollup_add_calls(ARRAY(SELECT c FROM calls c WHERE c.lead_id = ANY (ids)), ls, sign);
    END IF;
END;
$$;

-- ---------------------------------------------------------------------------
-- Triggers: each change adds its delta in the transaction that makes it.

CREATE FUNCTION rollup_leads_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_cohort(rollup_leads_now(ARRAY(SELECT n.id FROM new_rows n)), 1);
    RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_leads_inserted AFTER INSERT ON leads
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_leads_inserted();

-- A lead's own figures changed: move its cohort row, and its reaches, lost events
-- and calls where the dimensions they are counted under changed.
CREATE FUNCTION rollup_lead_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tags uuid[] := ARRAY(SELECT NULL::uuid UNION ALL SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = NEW.id);
    moved boolean := OLD.source IS DISTINCT FROM NEW.source OR OLD.owner_id IS DISTINCT FROM NEW.owner_id;
    revalued boolean := moved OR OLD.status IS DISTINCT FROM NEW.status OR OLD.deal_value IS DISTINCT FROM NEW.deal_value;
BEGIN
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(OLD, t) FROM unnest(tags) t), -1, true, revalued, moved);
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(NEW, t) FROM unnest(tags) t), 1, true, revalued, moved);
    RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_lead_changed AFTER UPDATE ON leads FOR EACH ROW
    WHEN (OLD.source IS DISTINCT FROM NEW.source OR OLD.owner_id IS DISTINCT FROM NEW.owner_id
          OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.max_stage IS DISTINCT FROM NEW.max_stage
          OR OLD.status IS DISTINCT FROM NEW.status OR OLD.lost_stage IS DISTINCT FROM NEW.lost_stage
          OR OLD.lost_reason_id IS DISTINCT FROM NEW.lost_reason_id OR OLD.deal_value IS DISTINCT FROM NEW.deal_value)
    EXECUTE FUNCTION rollup_lead_changed();

-- A deleted lead takes everything it counted with it (its tags go by cascade, after it).
CREATE FUNCTION rollup_lead_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_lead(rollup_leads_now(ARRAY[OLD.id]), -1, true, true, true);
    RETURN OLD;
END;
$$;
CREATE TRIGGER rollup_lead_deleted BEFORE DELETE ON leads FOR EACH ROW EXECUTE FUNCTION rollup_lead_deleted();

CREATE FUNCTION rollup_tags_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(l, n.tag_id) FROM new_rows n JOIN leads l ON l.id = n.lead_id),
                            1, true, true, true);
    RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_tags_added AFTER INSERT ON lead_tags
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_tags_added();

CREATE FUNCTION rollup_tags_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_lead(ARRAY(SELECT rollup_lead_of(l, o.tag_id) FROM old_rows o JOIN leads l ON l.id = o.lead_id),
                            -1, true, true, true);
    RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_tags_removed AFTER DELETE ON lead_tags
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_tags_removed();

CREATE FUNCTION rollup_reaches_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_reaches(ARRAY(SELECT n::stage_reaches FROM new_rows n),
                               rollup_leads_now(ARRAY(SELECT DISTINCT n.lead_id FROM new_rows n)), 1);
    RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_reaches_inserted AFTER INSERT ON stage_reaches
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_reaches_inserted();

-- First reaches are never rewritten; should one be, the rollups follow.
CREATE FUNCTION rollup_reaches_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM rollup_add_reaches(ARRAY[OLD], rollup_leads_now(ARRAY[OLD.lead_id]), -1);
    END IF;
    IF TG_OP = 'UPDATE' THEN
        PERFORM rollup_add_reaches(ARRAY[NEW], rollup_leads_now(ARRAY[NEW.lead_id]), 1);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_reaches_changed AFTER UPDATE OR DELETE ON stage_reaches
    FOR EACH ROW EXECUTE FUNCTION rollup_reaches_changed();

CREATE FUNCTION rollup_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.kind = 'lost') THEN
        RETURN NULL;
    END IF;
    PERFORM rollup_add_lost(ARRAY(SELECT n::stage_events FROM new_rows n WHERE n.kind = 'lost'),
                            rollup_leads_now(ARRAY(SELECT DISTINCT n.lead_id FROM new_rows n WHERE n.kind = 'lost')), 1);
    RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_events_inserted AFTER INSERT ON stage_events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_events_inserted();

CREATE FUNCTION rollup_calls_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_calls(ARRAY(SELECT n::calls FROM new_rows n),
                             rollup_leads_now(ARRAY(SELECT DISTINCT n.lead_id FROM new_rows n)), 1);
    RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_calls_inserted AFTER INSERT ON calls
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_calls_inserted();

-- Calls are not edited; should one be, the rollups follow.
CREATE FUNCTION rollup_calls_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_calls(ARRAY[OLD], rollup_leads_now(ARRAY[OLD.lead_id]), -1);
    IF TG_OP = 'UPDATE' THEN
        PERFORM rollup_add_calls(ARRAY[NEW], rollup_leads_now(ARRAY[NEW.lead_id]), 1);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_calls_changed AFTER UPDATE OR DELETE ON calls
    FOR EACH ROW EXECUTE FUNCTION rollup_calls_changed();

-- ---------------------------------------------------------------------------
-- Compaction: fold the pending deltas into the rollups at the four grains. Runs in
-- one transaction; concurrent writers keep adding deltas, which the next run takes.
-- Returns the number of delta rows folded, or -1 when another compaction is running.
-- (The lock is per session, so a rebuild, which holds it, may compact in its own run.)

CREATE FUNCTION rollup_compact() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    folded bigint := 0;
    n bigint;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('leadline.rollup_compact')) THEN
        RETURN -1;
    END IF;

    WITH moved AS (DELETE FROM rollup_cohort_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    folded_rows AS (
        INSERT INTO rollup_cohort AS r
        SELECT tag_id, source, owner_id, day, max_stage, lost_stage, lost_reason_id, sum(leads), sum(revenue)
        FROM moved
        GROUP BY tag_id, day, max_stage, lost_stage, lost_reason_id, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_cohort_key
            DO UPDATE SET leads = r.leads + excluded.leads, revenue = r.revenue + excluded.revenue)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;

    WITH moved AS (DELETE FROM rollup_reaches_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    folded_rows AS (
        INSERT INTO rollup_reaches AS r
        SELECT tag_id, source, owner_id, day, stage, sum(leads), sum(revenue)
        FROM moved
        GROUP BY tag_id, day, stage, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_reaches_key
            DO UPDATE SET leads = r.leads + excluded.leads, revenue = r.revenue + excluded.revenue)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;

    WITH moved AS (DELETE FROM rollup_lost_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    folded_rows AS (
        INSERT INTO rollup_lost AS r
        SELECT tag_id, source, owner_id, day, stage, lost_reason_id, sum(leads)
        FROM moved
        GROUP BY tag_id, day, stage, lost_reason_id, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
        ON CONFLICT ON CONSTRAINT rollup_lost_key DO UPDATE SET leads = r.leads + excluded.leads)
    SELECT counted.n INTO n FROM counted;
    folded := folded + n;

    WITH moved AS (DELETE FROM rollup_calls_delta RETURNING *),
    counted AS (SELECT count(*) AS n FROM moved),
    folded_rows AS (
        INSERT INTO rollup_calls AS r
        SELECT tag_id, source, owner_id, day, sum(dials), sum(connected), sum(intent_clear), sum(intent_unclear),
               sum(intent_none), sum(talk_seconds), sum(unanswered_ring_seconds), sum(unanswered_without_ring),
               sum(do_not_call)
        FROM moved
        GROUP BY tag_id, day, GROUPING SETS ((source, owner_id), (source), (owner_id), ())
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

    RETURN folded;
END;
$$;

-- ---------------------------------------------------------------------------
-- Rebuild from the raw tables (`leadline rollups rebuild`): writes are held off
-- while it runs, so the result is exact. Leads are taken in batches by id.

CREATE FUNCTION rollup_rebuild(batch integer DEFAULT 20000) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    after uuid := '00000000-0000-0000-0000-000000000000';
    ids uuid[];
    total bigint := 0;
BEGIN
    LOCK TABLE leads, lead_tags, calls, stage_events, stage_reaches IN SHARE MODE;
    PERFORM pg_advisory_xact_lock(hashtext('leadline.rollup_compact'));
    TRUNCATE rollup_cohort, rollup_cohort_delta, rollup_reaches, rollup_reaches_delta,
             rollup_lost, rollup_lost_delta, rollup_calls, rollup_calls_delta;
    LOOP
        ids := ARRAY(SELECT l.id FROM leads l WHERE l.id > after ORDER BY l.id LIMIT batch);
        EXIT WHEN cardinality(ids) = 0;
        PERFORM rollup_add_lead(rollup_leads_now(ids), 1, true, true, true);
        after := ids[cardinality(ids)];
        total := total + cardinality(ids);
    END LOOP;
    PERFORM rollup_compact();
    -- Writes are still held off, so the delta tables are empty: truncating them drops
    -- the dead rows the rebuild left, which readers would otherwise scan past.
    TRUNCATE rollup_cohort_delta, rollup_reaches_delta, rollup_lost_delta, rollup_calls_delta;
    RETURN total;
END;
$$;
