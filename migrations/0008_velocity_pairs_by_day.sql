-- Velocity percentiles over short periods read only the period's durations.
--
-- The reader finds the duration at a rank within one histogram bucket. Through
-- `velocity_pairs_rank_idx` (stage, bucket, seconds) it walks the bucket's durations
-- in order and skips those outside the period: for 30 days of two years that is
-- nearly the whole bucket for few durations counted. These indexes hold each bucket's
-- durations by day, so a short period's are one range, sorted on the spot (a few
-- hundred at 10M calls). Periods up to 180 days read these; longer ones, most of
-- whose bucket is in the period, still walk the rank index.
CREATE INDEX velocity_pairs_created_idx ON velocity_pairs (stage, bucket, created_day)
    INCLUDE (seconds, source, owner_id, lead_id);
CREATE INDEX velocity_pairs_reached_idx ON velocity_pairs (stage, bucket, reached_day)
    INCLUDE (seconds, source, owner_id, lead_id);
