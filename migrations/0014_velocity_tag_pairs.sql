-- A tag's velocity durations, so that a tag-filtered velocity reads that tag's only.
--
-- The velocity reader walks a bucket's durations to the rank it wants. Durations are
-- indexed per rep and per channel (migrations 0009 and 0013) but were not per tag: a
-- tag filter walked everyone's and looked each lead up in `lead_tags`. One tag carried
-- by a sixth of the leads, over two years at 10M calls: 48,000 lookups, 7.7 ms a
-- probe, 96 ms a funnel. This table holds each duration once per tag of its lead, with
-- the same rank and by-day indexes, led by the tag.
--
-- It follows `velocity_pairs` and `lead_tags`: a row goes with either of its two
-- parents (the foreign keys cascade), and the triggers below add the rows a new pair
-- or a new tag brings, and carry a pair's rewritten dimensions over. A lead's writes
-- hold its row locked (`leads::lock_positions`, `update`), so a pair and a tag of the
-- same lead are never added by two transactions that cannot see each other.
CREATE TABLE velocity_tag_pairs (
    tag_id      uuid NOT NULL,
    lead_id     uuid NOT NULL,
    stage       smallint NOT NULL,
    source      text NOT NULL,
    owner_id    uuid NOT NULL,
    created_day date NOT NULL,
    reached_day date NOT NULL,
    bucket      smallint NOT NULL,
    seconds     double precision NOT NULL,
    PRIMARY KEY (lead_id, tag_id, stage),
    FOREIGN KEY (lead_id, tag_id) REFERENCES lead_tags ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY (lead_id, stage) REFERENCES velocity_pairs ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE FUNCTION velocity_pairs_tagged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO velocity_tag_pairs
    SELECT lt.tag_id, n.lead_id, n.stage, n.source, n.owner_id, n.created_day, n.reached_day, n.bucket, n.seconds
    FROM new_rows n JOIN lead_tags lt ON lt.lead_id = n.lead_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER velocity_pairs_tagged AFTER INSERT ON velocity_pairs
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION velocity_pairs_tagged();

-- A lead moved to another owner or channel, or redated: its pairs' copies follow.
CREATE FUNCTION velocity_pairs_retagged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE velocity_tag_pairs t
    SET source = n.source, owner_id = n.owner_id, created_day = n.created_day, reached_day = n.reached_day,
        bucket = n.bucket, seconds = n.seconds
    FROM new_rows n
    WHERE t.lead_id = n.lead_id AND t.stage = n.stage;
    RETURN NULL;
END;
$$;
CREATE TRIGGER velocity_pairs_retagged AFTER UPDATE ON velocity_pairs
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION velocity_pairs_retagged();

CREATE FUNCTION velocity_tags_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO velocity_tag_pairs
    SELECT n.tag_id, p.lead_id, p.stage, p.source, p.owner_id, p.created_day, p.reached_day, p.bucket, p.seconds
    FROM new_rows n JOIN velocity_pairs p ON p.lead_id = n.lead_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER velocity_tags_added AFTER INSERT ON lead_tags
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION velocity_tags_added();

-- The rebuild empties `velocity_pairs`, and with it this table (migration 0006's
-- rebuild, as 0011 renamed it, with this table beside `velocity_pairs`).
CREATE OR REPLACE FUNCTION rollup_rebuild_counts(batch integer DEFAULT 20000) RETURNS bigint LANGUAGE plpgsql AS $$
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
             rollup_velocity_activity, rollup_velocity_activity_delta, velocity_pairs, velocity_tag_pairs;
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

-- What is already there, then the indexes over it.
INSERT INTO velocity_tag_pairs
SELECT lt.tag_id, p.lead_id, p.stage, p.source, p.owner_id, p.created_day, p.reached_day, p.bucket, p.seconds
FROM velocity_pairs p JOIN lead_tags lt ON lt.lead_id = p.lead_id;

-- A tag's durations of a bucket in order, for long periods (as 0006's rank index is
-- for everyone's), and by day, for short ones (as 0008's are).
CREATE INDEX velocity_tag_pairs_rank_idx ON velocity_tag_pairs (tag_id, stage, bucket, seconds)
    INCLUDE (created_day, reached_day, source, owner_id);
CREATE INDEX velocity_tag_pairs_created_idx ON velocity_tag_pairs (tag_id, stage, bucket, created_day)
    INCLUDE (seconds, source, owner_id);
CREATE INDEX velocity_tag_pairs_reached_idx ON velocity_tag_pairs (tag_id, stage, bucket, reached_day)
    INCLUDE (seconds, source, owner_id);
ANALYZE velocity_tag_pairs;
