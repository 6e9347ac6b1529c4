-- The advances (and skips) of each lead, by lead and by time.
--
-- A period that starts or ends inside a day counts the leads that advanced in the
-- hours at its ends from the raw tables: those advances, and for each of their leads
-- whether it also advanced in the whole days between (which the rollup counts). Both
-- went through indexes over every stage event and visited the table for each event's
-- kind: at 10M calls about 2,000 leads in the ends of a 30-day period, 25-28 ms a
-- statement. These two partial indexes hold only advances and skips (four events in
-- ten), so the advances in the ends are one range of a small index, and the check per
-- lead an index-only lookup: 13-17 ms.
CREATE INDEX stage_events_advances_idx ON stage_events (lead_id, created_at)
    WHERE kind IN ('advance', 'skip');
CREATE INDEX stage_events_advanced_at_idx ON stage_events (created_at) INCLUDE (lead_id)
    WHERE kind IN ('advance', 'skip');
