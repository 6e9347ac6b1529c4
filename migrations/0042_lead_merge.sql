-- Merging duplicates: the surviving lead takes the others' calls, touches, tasks, tags, stage
-- events and history, and the merge is recorded.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check,
    ADD CONSTRAINT audit_log_action_check
        CHECK (action IN ('created', 'changed', 'deleted', 'erased', 'merged'));

-- The audit trail's changes beside an erasure's (migration 0041): while a transaction merges
-- leads (it names the survivor in `leadline.merging` and the others in `leadline.merged`),
-- the others' entries move to the survivor, and nothing else of them changes.
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
    IF TG_OP = 'UPDATE' AND OLD.lead_id::text = ANY (string_to_array(current_setting('leadline.merged', true), ','))
       AND NEW.lead_id::text = current_setting('leadline.merging', true)
       AND (NEW.id, NEW.at, NEW.actor_user_id, NEW.actor_token_id, NEW.via, NEW.entity, NEW.entity_id,
            NEW.action, NEW.changes)
           IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.actor_user_id, OLD.actor_token_id, OLD.via, OLD.entity,
                                 OLD.entity_id, OLD.action, OLD.changes) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;

-- And the stage events': the merged leads' events move to the survivor, unchanged otherwise.
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
    IF TG_OP = 'UPDATE' AND OLD.lead_id::text = ANY (string_to_array(current_setting('leadline.merged', true), ','))
       AND NEW.lead_id::text = current_setting('leadline.merging', true)
       AND (NEW.id, NEW.from_stage, NEW.to_stage, NEW.kind, NEW.reason, NEW.lost_reason_id, NEW.deal_value,
            NEW.actor_user_id, NEW.actor_token_id, NEW.actor_call_id, NEW.created_at)
           IS NOT DISTINCT FROM (OLD.id, OLD.from_stage, OLD.to_stage, OLD.kind, OLD.reason, OLD.lost_reason_id,
                                 OLD.deal_value, OLD.actor_user_id, OLD.actor_token_id, OLD.actor_call_id,
                                 OLD.created_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'stage events are append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
