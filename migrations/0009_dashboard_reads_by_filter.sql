-- Dashboard reads that pass fewer rows.
--
-- The histogram rollups carry their counts in their key index, so that summing a
-- period's histogram reads the index alone: the rows of one grain lie scattered over
-- the table (a two-year histogram at 10M calls visited 2,900 pages for 5,400 rows).
ALTER TABLE rollup_velocity_cohort DROP CONSTRAINT rollup_velocity_cohort_key,
    ADD CONSTRAINT rollup_velocity_cohort_key UNIQUE NULLS NOT DISTINCT
        (tag_id, source, owner_id, months, day, stage, bucket) INCLUDE (pairs);
ALTER TABLE rollup_velocity_activity DROP CONSTRAINT rollup_velocity_activity_key,
    ADD CONSTRAINT rollup_velocity_activity_key UNIQUE NULLS NOT DISTINCT
        (tag_id, source, owner_id, months, day, stage, bucket) INCLUDE (pairs);

-- A rep's and a channel's durations of a bucket in order: a filtered reader over a
-- long period walks to its rank through that rep's or channel's durations only, not
-- through everyone's (`velocity_pairs_rank_idx`), which grew with the whole team.
CREATE INDEX velocity_pairs_owner_rank_idx ON velocity_pairs (stage, bucket, owner_id, seconds)
    INCLUDE (created_day, reached_day, source, lead_id);
CREATE INDEX velocity_pairs_source_rank_idx ON velocity_pairs (stage, bucket, source, seconds)
    INCLUDE (created_day, reached_day, owner_id, lead_id);

-- The reps table's leads advanced: advances with an earlier one count when the period
-- starts after the earlier one and on or before this one. Over a long period the GiST
-- index over that span finds the few spans across its start; over a short one the
-- advances of the period's days are fewer, and this index holds them by day for the
-- per-rep rows (one channel's over 30 days at 10M calls: 4.4 ms through the GiST
-- index, which passes every rep's and channel's spans, 0.4 ms through this one).
CREATE INDEX rollup_advanced_owners_later_idx ON rollup_advanced (tag_id, source, day)
    INCLUDE (owner_id, prev_day, leads) WHERE prev_day IS NOT NULL AND owner_id IS NOT NULL;
