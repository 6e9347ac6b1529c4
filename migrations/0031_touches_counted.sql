-- Touches counted on the dashboard beside calls: the calls rollup (days, months and hours,
-- and their deltas) gets a count per kind of touch, by the day or hour a touch happened
-- and the user who was in touch, as a call is counted by its rep. A touch adds no dial
-- and nothing else a call figure sums. `sql/rollups.sql` keeps them from here on.
ALTER TABLE rollup_calls
    ADD COLUMN touches_chat bigint NOT NULL DEFAULT 0,
    ADD COLUMN touches_sms bigint NOT NULL DEFAULT 0,
    ADD COLUMN touches_email bigint NOT NULL DEFAULT 0,
    ADD COLUMN touches_meeting bigint NOT NULL DEFAULT 0;
ALTER TABLE rollup_calls_delta
    ADD COLUMN touches_chat bigint NOT NULL DEFAULT 0,
    ADD COLUMN touches_sms bigint NOT NULL DEFAULT 0,
    ADD COLUMN touches_email bigint NOT NULL DEFAULT 0,
    ADD COLUMN touches_meeting bigint NOT NULL DEFAULT 0;
ALTER TABLE rollup_calls_hours
    ADD COLUMN touches_chat bigint NOT NULL DEFAULT 0,
    ADD COLUMN touches_sms bigint NOT NULL DEFAULT 0,
    ADD COLUMN touches_email bigint NOT NULL DEFAULT 0,
    ADD COLUMN touches_meeting bigint NOT NULL DEFAULT 0;
ALTER TABLE rollup_calls_hours_delta
    ADD COLUMN touches_chat bigint NOT NULL DEFAULT 0,
    ADD COLUMN touches_sms bigint NOT NULL DEFAULT 0,
    ADD COLUMN touches_email bigint NOT NULL DEFAULT 0,
    ADD COLUMN touches_meeting bigint NOT NULL DEFAULT 0;

-- Touches logged before this migration become deltas, which compaction folds in; those
-- of leads a recount under way has not reached yet are counted when it does.
WITH counted AS (
    SELECT x.tag_id, x.source, t.user_id AS owner_id, rollup_hour(t.happened_at) AS hour,
           count(*) FILTER (WHERE t.kind IN ('whatsapp', 'wechat', 'telegram')) AS chat,
           count(*) FILTER (WHERE t.kind = 'sms') AS sms,
           count(*) FILTER (WHERE t.kind = 'email') AS email,
           count(*) FILTER (WHERE t.kind = 'meeting') AS meeting
    FROM touches t
    JOIN leads l ON l.id = t.lead_id
    CROSS JOIN LATERAL (SELECT NULL::uuid UNION ALL SELECT lt.tag_id FROM lead_tags lt WHERE lt.lead_id = l.id)
        g (tag_id)
    CROSS JOIN LATERAL rollup_lead_of(l, g.tag_id) x
    WHERE NOT EXISTS (SELECT 1 FROM rollup_rebuilds r WHERE r.finished_at IS NULL AND l.id > r.counted_through)
    GROUP BY 1, 2, 3, 4),
by_hour AS (
    INSERT INTO rollup_calls_hours_delta (tag_id, source, owner_id, hour, dials, connected, intent_clear,
                                          intent_unclear, intent_none, talk_seconds, unanswered_ring_seconds,
                                          unanswered_without_ring, do_not_call, touches_chat, touches_sms,
                                          touches_email, touches_meeting)
    SELECT tag_id, source, owner_id, hour, 0, 0, 0, 0, 0, 0, 0, 0, 0, chat, sms, email, meeting FROM counted)
INSERT INTO rollup_calls_delta (tag_id, source, owner_id, day, dials, connected, intent_clear, intent_unclear,
                                intent_none, talk_seconds, unanswered_ring_seconds, unanswered_without_ring,
                                do_not_call, touches_chat, touches_sms, touches_email, touches_meeting)
SELECT tag_id, source, owner_id, rollup_day(hour), 0, 0, 0, 0, 0, 0, 0, 0, 0,
       sum(chat), sum(sms), sum(email), sum(meeting)
FROM counted
GROUP BY 1, 2, 3, 4;
