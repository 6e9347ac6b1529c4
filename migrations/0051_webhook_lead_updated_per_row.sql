-- `lead.updated` from a row trigger that fires only when a field the webhook reports
-- changed. The statement trigger of migration 0046 kept every updated lead's old and new
-- row in transition tables, for every update of every lead (a logged call's among them),
-- to find most of them unchanged in what it reports; the rows it compared cost about a fifth
-- of a call's lead update. The row trigger's WHEN is the same comparison, made before any
-- row is kept, on the columns `webhook_lead_changes` reports (0049).
CREATE FUNCTION webhook_lead_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changes jsonb;
BEGIN
    IF cardinality(webhook_wanted(ARRAY['lead.updated'])) = 0 THEN
        RETURN NULL;
    END IF;
    changes := webhook_lead_changes(to_jsonb(OLD), to_jsonb(NEW));
    IF changes = '{}' THEN
        RETURN NULL;
    END IF;
    PERFORM webhook_enqueue('lead.updated', ARRAY[
        jsonb_build_object('lead', webhook_lead(NEW), 'changes', changes, 'at', company_time(now()))]);
    RETURN NULL;
END;
$$;

CREATE TRIGGER webhook_lead_updated AFTER UPDATE ON leads FOR EACH ROW
    WHEN (OLD.external_id IS DISTINCT FROM NEW.external_id OR OLD.name IS DISTINCT FROM NEW.name
          OR OLD.phone IS DISTINCT FROM NEW.phone OR OLD.email IS DISTINCT FROM NEW.email
          OR OLD.company IS DISTINCT FROM NEW.company OR OLD.source IS DISTINCT FROM NEW.source
          OR OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.deal_value IS DISTINCT FROM NEW.deal_value
          OR OLD.referred_by IS DISTINCT FROM NEW.referred_by OR OLD.do_not_call IS DISTINCT FROM NEW.do_not_call
          OR OLD.phone_bad IS DISTINCT FROM NEW.phone_bad
          OR OLD.next_contact_at IS DISTINCT FROM NEW.next_contact_at
          OR OLD.notes IS DISTINCT FROM NEW.notes OR OLD.custom IS DISTINCT FROM NEW.custom
          OR OLD.erased_at IS DISTINCT FROM NEW.erased_at)
    EXECUTE FUNCTION webhook_lead_updated();

DROP TRIGGER webhook_leads_updated ON leads;
DROP FUNCTION webhook_leads_updated();
