-- Dashboard reads of one channel's reps and of every channel's cohort that no longer
-- grow with the rows under them.
--
-- The reps table's leads advanced, over a long period, count the advances whose span
-- since the lead's previous advance crosses the period's start. Without a filter the
-- GiST index of migration 0006 finds those spans per owner; for one channel the
-- planner walked that channel's advances by day instead (34,000 index entries for
-- none wanted over two years at 10M calls, 10 ms). This index holds the per-owner spans
-- by channel and span, so a channel's crossing spans are one search (0.02 ms).
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE INDEX rollup_advanced_channel_span_idx ON rollup_advanced
    USING gist (source, daterange(prev_day, day, '(]'))
    WHERE prev_day IS NOT NULL AND tag_id IS NULL AND owner_id IS NOT NULL;

-- Cost per lead reads the cohort per channel: the rows with a channel, for all owners
-- or one. Their index now carries what the read sums, so that it reads the index
-- alone instead of a table page per few rows (30 days at 10M calls: 3,900 rows from
-- 570 pages in 4.0 ms, now 2.3 ms); rows without a channel never need it.
DROP INDEX rollup_cohort_channels_idx;
CREATE INDEX rollup_cohort_channels_idx ON rollup_cohort (tag_id, owner_id, months, day)
    INCLUDE (source, max_stage, leads, revenue) WHERE source IS NOT NULL;
