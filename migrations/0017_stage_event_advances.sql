-- The advances (and skips) of each lead, by lead and by time.
--
-- A period that starts or ends inside a day counts the leads that advanced in the
-- hours at its ends from the raw tables: those advances, and for each of their leads
-- whether it also advanced in the whole days between (which the rollup counts). Both
-- went through indexes over every stage event and visited the table for each event's
-- kind: at 10M calls about 2,000 leads in the ends of a 30-day period, 33-39 ms. These
-- two partial indexes hold only advances and skips, with what those reads need, so
-- each is an index-only range.
CREATE INDEX stage_events_advances_idx ON stage_events (lead_id, created_at)
    WHERE kind IN ('advance', 'skip');
CREATE INDEX stage_events_advanced_at_idx ON stage_events (created_at) INCLUDE (lead_id)
    WHERE kind IN ('advance', 'skip');
