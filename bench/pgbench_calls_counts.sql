-- The calls figures for a period by GROUP BY over the raw tables (raw::call_counts).
SELECT count(*), count(*) FILTER (WHERE c.outcome = 'connected'), count(*) FILTER (WHERE c.intent = 'clear'),
       count(*) FILTER (WHERE c.intent = 'unclear'), count(*) FILTER (WHERE c.intent = 'none'),
       coalesce(sum(c.talk_seconds) FILTER (WHERE c.outcome = 'connected'), 0)::int8,
       coalesce(sum(c.ring_seconds) FILTER (WHERE c.outcome <> 'connected'), 0)::int8,
       count(*) FILTER (WHERE c.outcome <> 'connected' AND c.ring_seconds IS NULL),
       count(*) FILTER (WHERE c.do_not_call)
FROM calls c JOIN leads l ON l.id = c.lead_id
WHERE c.started_at >= :from::timestamptz AND c.started_at < :to::timestamptz;
