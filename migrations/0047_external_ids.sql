-- Other systems' own ids for their leads (a dialer's, a web form's, the CRM a team came
-- from): unique where given, so that `PUT /api/v1/leads/by-external-id/{external_id}` and
-- `POST /api/v1/leads/batch` create a lead once and update it after.

ALTER TABLE leads ADD COLUMN external_id text
    CHECK (length(external_id) BETWEEN 1 AND 200);
CREATE UNIQUE INDEX leads_external_id_key ON leads (external_id) WHERE external_id IS NOT NULL;

-- Webhook payloads carry it, and `lead.updated` says when it changes.
CREATE OR REPLACE FUNCTION webhook_lead(l leads) RETURNS jsonb
    LANGUAGE sql STABLE
    RETURN jsonb_build_object(
        'id', l.id, 'external_id', l.external_id, 'name', l.name, 'phone', l.phone,
        'email', l.email, 'company', l.company, 'source', l.source, 'owner_id', l.owner_id,
        'stage', webhook_stage_name(l.stage), 'max_stage', webhook_stage_name(l.max_stage),
        'status', l.status, 'deal_value', l.deal_value, 'referred_by', l.referred_by,
        'created_at', company_time(l.created_at)
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
                      'notes', 'erased_at']) AS f(name)
    WHERE (after -> f.name) IS DISTINCT FROM (before -> f.name)
$$;
