-- Overdue follow-ups from a rollup: open leads with a follow-up time, counted by the
-- day of that time, at the four grains and with month rows beside the day rows, as
-- the other rollups are (0003, 0006). A rep's overdue follow-ups at `now` are the month
-- rows before now's month, the day rows of its days before today, the pending deltas
-- before today, and today's follow-ups before `now` read from the leads: a count that
-- follows the months, days and reps, not the due leads (counting those through
-- `leads_follow_up_due_idx` read 55,000 index entries at 1M leads, 6,100 at 100k).

CREATE TABLE rollup_follow_ups (
    tag_id   uuid,
    source   text,
    owner_id uuid,
    months   boolean NOT NULL,
    day      date NOT NULL,
    leads    bigint NOT NULL,
    CONSTRAINT rollup_follow_ups_key UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, months, day) INCLUDE (leads)
);
-- The reps table reads the per-owner rows of one channel (or all) over a range of days.
CREATE INDEX rollup_follow_ups_owners_idx ON rollup_follow_ups (tag_id, source, months, day) INCLUDE (owner_id, leads);
CREATE TABLE rollup_follow_ups_delta (
    tag_id   uuid,
    source   text,
    owner_id uuid,
    day      date NOT NULL,
    leads    bigint NOT NULL
);
CREATE INDEX rollup_follow_ups_delta_day_idx ON rollup_follow_ups_delta (day);

-- Count (`sign` 1) or uncount (-1) the open follow-ups among the lead rows `ls`, once
-- for all leads and once per tag each carries now.
CREATE FUNCTION rollup_add_follow_ups(ls leads[], sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO rollup_follow_ups_delta
    SELECT t.tag_id, coalesce(l.source, ''), coalesce(l.owner_id, '00000000-0000-0000-0000-000000000000'::uuid),
           rollup_day(l.next_contact_at), sign * count(*)
    FROM unnest(ls) l
    CROSS JOIN LATERAL (SELECT NULL::uuid UNION ALL SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = l.id) t (tag_id)
    WHERE l.status = 'open' AND l.next_contact_at IS NOT NULL
    GROUP BY 1, 2, 3, 4;
$$;

-- The same for one tag row per `(lead, tag)` pair, when tags are added or removed.
CREATE FUNCTION rollup_add_follow_up_tags(pairs lead_tags[], sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO rollup_follow_ups_delta
    SELECT p.tag_id, coalesce(l.source, ''), coalesce(l.owner_id, '00000000-0000-0000-0000-000000000000'::uuid),
           rollup_day(l.next_contact_at), sign * count(*)
    FROM unnest(pairs) p JOIN leads l ON l.id = p.lead_id
    WHERE l.status = 'open' AND l.next_contact_at IS NOT NULL
    GROUP BY 1, 2, 3, 4;
$$;

CREATE FUNCTION rollup_follow_ups_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_follow_ups(
        ARRAY(SELECT n::leads FROM new_rows n WHERE n.status = 'open' AND n.next_contact_at IS NOT NULL), 1);
    RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_follow_ups_inserted AFTER INSERT ON leads
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_follow_ups_inserted();

-- Only when an open follow-up comes, goes or moves to another day, channel or owner:
-- a call that leaves the lead without one, as most do, adds nothing.
CREATE FUNCTION rollup_follow_up_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_follow_ups(ARRAY[OLD], -1);
    PERFORM rollup_add_follow_ups(ARRAY[NEW], 1);
    RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_follow_up_changed AFTER UPDATE ON leads FOR EACH ROW
    WHEN ((OLD.status = 'open' AND OLD.next_contact_at IS NOT NULL OR NEW.status = 'open' AND NEW.next_contact_at IS NOT NULL)
          AND (OLD.status IS DISTINCT FROM NEW.status
               OR rollup_day(OLD.next_contact_at) IS DISTINCT FROM rollup_day(NEW.next_contact_at)
               OR OLD.source IS DISTINCT FROM NEW.source OR OLD.owner_id IS DISTINCT FROM NEW.owner_id))
    EXECUTE FUNCTION rollup_follow_up_changed();

-- Before the delete, while the lead's tags are still there (they go by cascade, after
-- it, when their trigger no longer finds the lead).
CREATE FUNCTION rollup_follow_up_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_follow_ups(ARRAY[OLD], -1);
    RETURN OLD;
END;
$$;
CREATE TRIGGER rollup_follow_up_deleted BEFORE DELETE ON leads FOR EACH ROW
    WHEN (OLD.status = 'open' AND OLD.next_contact_at IS NOT NULL)
    EXECUTE FUNCTION rollup_follow_up_deleted();

CREATE FUNCTION rollup_follow_up_tags_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_follow_up_tags(ARRAY(SELECT n::lead_tags FROM new_rows n), 1);
    RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_follow_up_tags_added AFTER INSERT ON lead_tags
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_follow_up_tags_added();

CREATE FUNCTION rollup_follow_up_tags_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_add_follow_up_tags(ARRAY(SELECT o::lead_tags FROM old_rows o), -1);
    RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_follow_up_tags_removed AFTER DELETE ON lead_tags
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_follow_up_tags_removed();

-- Every open follow-up counted from the leads, into an empty rollup.
CREATE FUNCTION rollup_fill_follow_ups() RETURNS void
LANGUAGE sql AS $$
    INSERT INTO rollup_follow_ups (tag_id, source, owner_id, months, day, leads)
    SELECT f.tag_id, f.source, f.owner_id, s.months, s.day, count(*)
    FROM (SELECT t.tag_id, coalesce(l.source, '') AS source,
                 coalesce(l.owner_id, '00000000-0000-0000-0000-000000000000'::uuid) AS owner_id,
                 rollup_day(l.next_contact_at) AS day
          FROM leads l
          CROSS JOIN LATERAL (SELECT NULL::uuid UNION ALL SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = l.id)
              t (tag_id)
          WHERE l.status = 'open' AND l.next_contact_at IS NOT NULL) f
    CROSS JOIN LATERAL (VALUES (false, f.day), (true, rollup_month(f.day))) s (months, day)
    GROUP BY f.tag_id, s.months, s.day, GROUPING SETS ((f.source, f.owner_id), (f.source), (f.owner_id), ());
$$;

-- Compaction and the rebuild take the follow-ups too: the earlier functions keep their
-- work under a new name, and the old names, which the app and the rebuild call, do
-- theirs and then this rollup's. (The compaction lock is per session: taking it again
-- inside the same transaction succeeds.)
ALTER FUNCTION rollup_compact() RENAME TO rollup_compact_counts;
CREATE FUNCTION rollup_compact() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    folded bigint := rollup_compact_counts();
    n bigint;
BEGIN
    IF folded < 0 THEN
        RETURN folded;
    END IF;
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
    RETURN folded + n;
END;
$$;

ALTER FUNCTION rollup_rebuild(integer) RENAME TO rollup_rebuild_counts;
CREATE FUNCTION rollup_rebuild(batch integer DEFAULT 20000) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    -- Holds writes and compaction off until the transaction ends.
    total bigint := rollup_rebuild_counts(batch);
BEGIN
    TRUNCATE rollup_follow_ups, rollup_follow_ups_delta;
    PERFORM rollup_fill_follow_ups();
    RETURN total;
END;
$$;

SELECT rollup_fill_follow_ups();
ANALYZE rollup_follow_ups;
