-- The change feed: what other systems need to follow Leadline's leads.
--
-- * `GET /api/v1/leads?updated_since=` pages through leads in the order they last
--   changed, by `leads_updated_at_idx`.
-- * `lead_tombstones` remembers each deleted lead (a merge removes its duplicates) for
--   `GET /api/v1/leads/deleted`: the merge writes it with the survivor's id, and the
--   delete trigger below writes it for any other delete.
-- * Two more webhooks, enqueued by triggers like the others (0005), so that every path
--   that changes a lead (the API, the pages, a call, an import, a bulk change, a merge,
--   an erasure) raises them in the same transaction:
--     `lead.updated`: the lead's own fields that changed, with their new values
--       (`do_not_call` among them, set by a call as by hand), and tags added or removed;
--       stage moves have `lead.stage_changed`, and a call's counters raise nothing.
--     `lead.deleted`: the lead is gone, and the lead it was merged into.

CREATE INDEX leads_updated_at_idx ON leads (updated_at, id);

CREATE TABLE lead_tombstones (
    id          uuid PRIMARY KEY,
    -- Whose it was, so that a rep's feed lists their own deletions alone.
    owner_id    uuid,
    merged_into uuid,
    deleted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lead_tombstones_deleted_at_idx ON lead_tombstones (deleted_at, id);

ALTER TABLE webhook_subscriptions DROP CONSTRAINT webhook_subscriptions_events_check;
ALTER TABLE webhook_subscriptions ADD CONSTRAINT webhook_subscriptions_events_check CHECK (
    cardinality(events) > 0
    AND events <@ ARRAY['lead.created', 'lead.updated', 'lead.stage_changed', 'lead.lost',
                        'lead.deleted', 'call.logged']
);

-- Enqueue one `kind` event for each of `payloads` (each an event's `data`) to every active
-- subscription that wants it, and wake the delivery workers on commit.
CREATE FUNCTION webhook_enqueue(kind text, payloads jsonb[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    enqueued bigint;
BEGIN
    WITH events AS MATERIALIZED (
        SELECT gen_random_uuid() AS event_id, p.data FROM unnest(payloads) AS p(data)
    )
    INSERT INTO webhook_deliveries (event_id, event_type, payload, subscription_id)
    SELECT ev.event_id, kind,
           jsonb_build_object('id', ev.event_id, 'type', kind, 'created_at', company_time(now()), 'data', ev.data),
           s.id
    FROM events ev JOIN webhook_subscriptions s ON s.active AND kind = ANY (s.events);
    GET DIAGNOSTICS enqueued = ROW_COUNT;
    IF enqueued > 0 THEN
        PERFORM pg_notify('leadline_webhooks', '');
    END IF;
END;
$$;

-- The lead's own fields that differ between the rows `before` and `after` (as `to_jsonb`
-- gives them), with their new values as `lead.updated` gives them: times on the
-- company's clock. A call's counters, the stage and the status are not among them.
CREATE FUNCTION webhook_lead_changes(before jsonb, after jsonb) RETURNS jsonb
    LANGUAGE sql STABLE
AS $$
    SELECT coalesce(jsonb_object_agg(
               f.name,
               CASE WHEN f.name IN ('next_contact_at', 'erased_at')
                    THEN to_jsonb(company_time((after ->> f.name)::timestamptz))
                    ELSE after -> f.name END), '{}')
    FROM unnest(ARRAY['name', 'phone', 'email', 'company', 'source', 'owner_id', 'deal_value',
                      'referred_by', 'do_not_call', 'phone_bad', 'next_contact_at', 'notes',
                      'erased_at']) AS f(name)
    WHERE (after -> f.name) IS DISTINCT FROM (before -> f.name)
$$;

CREATE FUNCTION webhook_leads_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(webhook_wanted(ARRAY['lead.updated'])) = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM webhook_enqueue('lead.updated', ARRAY(
        SELECT jsonb_build_object('lead', webhook_lead(l), 'changes', c.changes, 'at', company_time(now()))
        FROM (SELECT n.id, webhook_lead_changes(to_jsonb(o), to_jsonb(n)) AS changes
              FROM new_rows n JOIN old_rows o ON o.id = n.id) c
        JOIN leads l ON l.id = c.id
        WHERE c.changes <> '{}'));
    RETURN NULL;
END;
$$;

CREATE TRIGGER webhook_leads_updated AFTER UPDATE ON leads
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_leads_updated();

-- Tags added (INSERT) or removed (DELETE), as `lead.updated` with `tags_added` or
-- `tags_removed`; a lead deleted meanwhile (a merged duplicate) raises nothing.
CREATE FUNCTION webhook_lead_tags_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(webhook_wanted(ARRAY['lead.updated'])) = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM webhook_enqueue('lead.updated', ARRAY(
        SELECT jsonb_build_object(
                   'lead', webhook_lead(l),
                   'changes', jsonb_build_object(
                       CASE TG_OP WHEN 'INSERT' THEN 'tags_added' ELSE 'tags_removed' END, x.names),
                   'at', company_time(now()))
        FROM (SELECT c.lead_id, jsonb_agg(t.name ORDER BY t.name) AS names
              FROM changed_rows c JOIN tags t ON t.id = c.tag_id
              GROUP BY c.lead_id) x
        JOIN leads l ON l.id = x.lead_id));
    RETURN NULL;
END;
$$;

CREATE TRIGGER webhook_lead_tags_added AFTER INSERT ON lead_tags
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_lead_tags_changed();
CREATE TRIGGER webhook_lead_tags_removed AFTER DELETE ON lead_tags
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_lead_tags_changed();

CREATE FUNCTION leads_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lead_tombstones (id, owner_id)
    SELECT o.id, o.owner_id FROM old_rows o
    ON CONFLICT (id) DO NOTHING;
    IF cardinality(webhook_wanted(ARRAY['lead.deleted'])) = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM webhook_enqueue('lead.deleted', ARRAY(
        SELECT jsonb_build_object('lead_id', t.id, 'merged_into', t.merged_into,
                                  'at', company_time(t.deleted_at))
        FROM old_rows o JOIN lead_tombstones t ON t.id = o.id));
    RETURN NULL;
END;
$$;

CREATE TRIGGER leads_deleted AFTER DELETE ON leads
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION leads_deleted();
