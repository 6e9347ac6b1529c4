-- The reps table's leads advanced for one tag, over a long period.
--
-- Over a long period the reps table counts the advances whose span since the lead's
-- previous advance crosses the period's start. Without a filter the GiST index of
-- migration 0006 finds those spans per owner, and for one channel that of 0012; for one
-- tag the planner walked the tag's advances by day (`rollup_advanced_owners_later_idx`):
-- 62,676 index entries for none wanted, the tag carried by a sixth of the leads, over
-- two years at 10M calls (14.7 ms of the statement's 17.6). This index holds the
-- per-owner spans by tag and span, so a tag's crossing spans are one search (0.02 ms).
CREATE INDEX rollup_advanced_tag_span_idx ON rollup_advanced
    USING gist (tag_id, daterange(prev_day, day, '(]'))
    WHERE prev_day IS NOT NULL AND tag_id IS NOT NULL AND source IS NULL AND owner_id IS NOT NULL;
