-- Velocity percentiles of one rep or one channel over a short period.
--
-- A short period reads each bucket's durations by day (migration 0008) and sorts the
-- few in the period; with a rep or channel filter it passed every rep's and channel's
-- durations of those days and kept that one's: 400 entries per probe for 8 kept over
-- 30 days at 10M calls, 40 at 1M. These indexes hold a bucket's durations per rep and
-- per channel by day, so that the filtered read is one range of what it keeps (a probe
-- 0.09 ms -> 0.005 ms warm). Long periods still walk the rank indexes (0009).
CREATE INDEX velocity_pairs_owner_created_idx ON velocity_pairs (stage, bucket, owner_id, created_day) INCLUDE (seconds);
CREATE INDEX velocity_pairs_owner_reached_idx ON velocity_pairs (stage, bucket, owner_id, reached_day) INCLUDE (seconds);
CREATE INDEX velocity_pairs_source_created_idx ON velocity_pairs (stage, bucket, source, created_day) INCLUDE (seconds);
CREATE INDEX velocity_pairs_source_reached_idx ON velocity_pairs (stage, bucket, source, reached_day) INCLUDE (seconds);
