-- The audit trail, first for leads: every change to a lead's own fields and tags, with who
-- made it, when, and through what (a page, an API token, or the system when no one did),
-- each field's value before and after. Append-only, as stage events are: nothing may change
-- or remove a row once written. Stage moves and losses are stage events already.
CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_user_id  uuid,
    actor_token_id uuid,
    via            text NOT NULL CHECK (via IN ('page', 'api', 'system')),
    entity         text NOT NULL,
    entity_id      uuid NOT NULL,
    -- The lead the change is to, where it is to one: its history reads by it.
    lead_id        uuid,
    -- {"field": {"old": ..., "new": ...}}; tags as {"tags": {"added": [...], "removed": [...]}}
    -- (written by Leadline where it changes a lead's tags, not by a trigger).
    changes        jsonb NOT NULL
);
CREATE INDEX audit_log_lead_idx ON audit_log (lead_id, id) WHERE lead_id IS NOT NULL;

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Who is acting, as the transaction set it (`storage::audit::act_as`): {"user_id", "token_id",
-- "via"}; none when no one is (the system).
CREATE FUNCTION audit_actor() RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('leadline.actor', true), '')::jsonb
$$;

CREATE FUNCTION audit_lead_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was jsonb := to_jsonb(OLD);
    now_is jsonb := to_jsonb(NEW);
    actor jsonb := audit_actor();
    changes jsonb;
BEGIN
    SELECT jsonb_object_agg(k, jsonb_build_object('old', was -> k, 'new', now_is -> k)) INTO changes
    FROM unnest(ARRAY['name', 'phone', 'phone_bad', 'email', 'company', 'source', 'owner_id', 'deal_value',
                      'do_not_call', 'next_contact_at', 'notes', 'referred_by']) k
    WHERE was -> k IS DISTINCT FROM now_is -> k;
    IF changes IS NOT NULL THEN
        INSERT INTO audit_log (actor_user_id, actor_token_id, via, entity, entity_id, lead_id, changes)
        VALUES ((actor ->> 'user_id')::uuid, (actor ->> 'token_id')::uuid, coalesce(actor ->> 'via', 'system'),
                'lead', NEW.id, NEW.id, changes);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER audit_lead_changed AFTER UPDATE ON leads FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.phone IS DISTINCT FROM NEW.phone
          OR OLD.phone_bad IS DISTINCT FROM NEW.phone_bad OR OLD.email IS DISTINCT FROM NEW.email
          OR OLD.company IS DISTINCT FROM NEW.company OR OLD.source IS DISTINCT FROM NEW.source
          OR OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.deal_value IS DISTINCT FROM NEW.deal_value
          OR OLD.do_not_call IS DISTINCT FROM NEW.do_not_call
          OR OLD.next_contact_at IS DISTINCT FROM NEW.next_contact_at
          OR OLD.notes IS DISTINCT FROM NEW.notes OR OLD.referred_by IS DISTINCT FROM NEW.referred_by)
    EXECUTE FUNCTION audit_lead_changed();
