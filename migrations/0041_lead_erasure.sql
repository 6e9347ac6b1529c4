-- Erasing a person on their request (Indonesia's personal data protection law, China's PIPL,
-- the GDPR): the lead stays as an anonymous husk, so that every figure it counts in stays as
-- it was, and who erased it and when is kept.
ALTER TABLE leads ADD COLUMN erased_at timestamptz, ADD COLUMN erased_by uuid REFERENCES users (id);

ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check,
    ADD CONSTRAINT audit_log_action_check CHECK (action IN ('created', 'changed', 'deleted', 'erased'));

-- The one change the audit trail allows: while a transaction erases a lead (it names the lead
-- in `leadline.erasing`), that lead's entries may have their values replaced, and nothing else
-- of them.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.lead_id IS NOT NULL
       AND OLD.lead_id::text = current_setting('leadline.erasing', true)
       AND (NEW.id, NEW.at, NEW.actor_user_id, NEW.actor_token_id, NEW.via, NEW.entity, NEW.entity_id,
            NEW.lead_id, NEW.action)
           IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.actor_user_id, OLD.actor_token_id, OLD.via, OLD.entity,
                                 OLD.entity_id, OLD.lead_id, OLD.action) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;

-- And the one change stage events allow: the lead being erased loses the words written on
-- its moves (a reason, a lost note), and nothing else.
CREATE OR REPLACE FUNCTION stage_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.lead_id::text = current_setting('leadline.erasing', true)
       AND NEW.reason IS NULL
       AND (NEW.id, NEW.lead_id, NEW.from_stage, NEW.to_stage, NEW.kind, NEW.lost_reason_id, NEW.deal_value,
            NEW.actor_user_id, NEW.actor_token_id, NEW.actor_call_id, NEW.created_at)
           IS NOT DISTINCT FROM (OLD.id, OLD.lead_id, OLD.from_stage, OLD.to_stage, OLD.kind, OLD.lost_reason_id,
                                 OLD.deal_value, OLD.actor_user_id, OLD.actor_token_id, OLD.actor_call_id,
                                 OLD.created_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'stage events are append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
