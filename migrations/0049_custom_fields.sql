-- Custom fields: what a company records about a lead beyond Leadline's own fields (a
-- campaign's UTM tags, a budget, a city, the product asked about). An admin defines each
-- field; a lead keeps its values in `leads.custom`, one member per field's key: text and
-- one-of-a-list as strings, numbers as JSON numbers, dates as `YYYY-MM-DD`. A field is
-- never deleted, only deactivated, so that the values leads hold keep their meaning.
CREATE TABLE custom_fields (
    id         uuid PRIMARY KEY,
    key        text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    label      text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    kind       text NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice')),
    -- The values a `choice` field offers, in the order offered.
    choices    text[] NOT NULL DEFAULT '{}' CHECK (kind = 'choice' OR cardinality(choices) = 0),
    -- Where it is shown among the others: ascending, then by label.
    position   integer NOT NULL DEFAULT 0,
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER audit_custom_field_changed AFTER INSERT OR UPDATE OR DELETE ON custom_fields FOR EACH ROW
    EXECUTE FUNCTION audit_row_changed('custom_field', '{id,created_at}', '{}');

-- Two functions take the lead's row, and a row type cannot change under them: they go while
-- it gains its column. `webhook_lead` comes back below with the custom fields in it;
-- `rollup_lead_of` with the rest of sql/rollups.sql, which start-up applies again after the
-- migrations once its record here is gone.
DROP FUNCTION webhook_lead(leads);
DROP FUNCTION IF EXISTS rollup_lead_of(leads, uuid);
DELETE FROM derived_definitions WHERE name = 'rollups';
ALTER TABLE leads ADD COLUMN custom jsonb NOT NULL DEFAULT '{}';
-- The lead list's `custom.<key>=` filters are containment (`custom @> '{"key": value}'`).
CREATE INDEX leads_custom_idx ON leads USING gin (custom jsonb_path_ops);

-- A lead's history records each custom field that changed as `custom.<key>`.
CREATE OR REPLACE FUNCTION audit_lead_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was jsonb := to_jsonb(OLD);
    now_is jsonb := to_jsonb(NEW);
    actor jsonb := audit_actor();
    changes jsonb;
BEGIN
    SELECT jsonb_object_agg(c.name, jsonb_build_object('old', c.old_value, 'new', c.new_value))
    INTO changes
    FROM (
        SELECT k AS name, was -> k AS old_value, now_is -> k AS new_value
        FROM unnest(ARRAY['name', 'phone', 'phone_bad', 'email', 'company', 'source', 'owner_id',
                          'deal_value', 'do_not_call', 'next_contact_at', 'notes', 'referred_by']) k
        WHERE was -> k IS DISTINCT FROM now_is -> k
        UNION ALL
        SELECT 'custom.' || f.k, OLD.custom -> f.k, NEW.custom -> f.k
        FROM (SELECT DISTINCT jsonb_object_keys(OLD.custom || NEW.custom) AS k) f
        WHERE OLD.custom -> f.k IS DISTINCT FROM NEW.custom -> f.k
    ) c;
    IF changes IS NOT NULL THEN
        INSERT INTO audit_log (actor_user_id, actor_token_id, via, entity, entity_id, lead_id, changes)
        VALUES ((actor ->> 'user_id')::uuid, (actor ->> 'token_id')::uuid, coalesce(actor ->> 'via', 'system'),
                'lead', NEW.id, NEW.id, changes);
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER audit_lead_changed ON leads;
CREATE TRIGGER audit_lead_changed AFTER UPDATE ON leads FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.phone IS DISTINCT FROM NEW.phone
          OR OLD.phone_bad IS DISTINCT FROM NEW.phone_bad OR OLD.email IS DISTINCT FROM NEW.email
          OR OLD.company IS DISTINCT FROM NEW.company OR OLD.source IS DISTINCT FROM NEW.source
          OR OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.deal_value IS DISTINCT FROM NEW.deal_value
          OR OLD.do_not_call IS DISTINCT FROM NEW.do_not_call
          OR OLD.next_contact_at IS DISTINCT FROM NEW.next_contact_at
          OR OLD.notes IS DISTINCT FROM NEW.notes OR OLD.referred_by IS DISTINCT FROM NEW.referred_by
          OR OLD.custom IS DISTINCT FROM NEW.custom)
    EXECUTE FUNCTION audit_lead_changed();

-- Webhooks carry a lead's custom fields, and `lead.updated` them when they change (the
-- whole object, as it now is).
CREATE FUNCTION webhook_lead(l leads) RETURNS jsonb
    LANGUAGE sql STABLE
    RETURN jsonb_build_object(
        'id', l.id, 'external_id', l.external_id, 'name', l.name, 'phone', l.phone,
        'email', l.email, 'company', l.company, 'source', l.source, 'owner_id', l.owner_id,
        'stage', webhook_stage_name(l.stage), 'max_stage', webhook_stage_name(l.max_stage),
        'status', l.status, 'deal_value', l.deal_value, 'referred_by', l.referred_by,
        'custom', l.custom, 'created_at', company_time(l.created_at)
    );

CREATE OR REPLACE FUNCTION webhook_lead_changes(before jsonb, after jsonb) RETURNS jsonb
    LANGUAGE sql STABLE
AS $$
    SELECT coalesce(jsonb_object_agg(
               f.name,
               CASE WHEN f.name IN ('next_contact_at', 'erased_at')
                    THEN to_jsonb(company_time((after ->> f.name)::timestamptz))
                    ELSE after -> f.name END), '{}')
    FROM unnest(ARRAY['external_id', 'name', 'phone', 'email', 'company', 'source', 'owner_id',
                      'deal_value', 'referred_by', 'do_not_call', 'phone_bad', 'next_contact_at',
                      'notes', 'custom', 'erased_at']) AS f(name)
    WHERE (after -> f.name) IS DISTINCT FROM (before -> f.name)
$$;
