-- The audit trail beyond leads: users and their roles, API tokens, the company's settings,
-- spend, lost reasons and webhooks, each written by the database with the actor the
-- transaction names, as a lead's changes are (migration 0039); and leads created by an import.

-- What happened to the row: made, changed or removed (spend and tokens are removed by marking
-- them deleted or revoked, and that counts as removing them).
ALTER TABLE audit_log ADD COLUMN action text NOT NULL DEFAULT 'changed'
    CHECK (action IN ('created', 'changed', 'deleted'));
ALTER TABLE audit_log DROP CONSTRAINT audit_log_via_check,
    ADD CONSTRAINT audit_log_via_check CHECK (via IN ('page', 'api', 'import', 'system'));
-- The admin's audit page reads newest first by what changed, or by who changed it.
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, id) WHERE actor_user_id IS NOT NULL;

-- Each changed column of the row as {"old": …, "new": …}: every column on INSERT and DELETE
-- that holds a value, those that differ on UPDATE. TG_ARGV[0] names the entity,
-- TG_ARGV[1] the columns left out (bookkeeping, or written on every request),
-- TG_ARGV[2] the secret ones: their change is recorded as {"changed": true}, never their
-- value. A row without an `id` column (the one settings row) is entity id nil.
CREATE FUNCTION audit_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was jsonb := CASE WHEN TG_OP = 'INSERT' THEN '{}'::jsonb ELSE to_jsonb(OLD) END;
    now_is jsonb := CASE WHEN TG_OP = 'DELETE' THEN '{}'::jsonb ELSE to_jsonb(NEW) END;
    left_out text[] := TG_ARGV[1]::text[];
    secret text[] := TG_ARGV[2]::text[];
    actor jsonb := audit_actor();
    action text := CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END;
    changes jsonb;
BEGIN
    SELECT jsonb_object_agg(k, CASE WHEN k = ANY (secret) THEN '{"changed": true}'::jsonb
                                    ELSE jsonb_build_object('old', coalesce(was -> k, 'null'),
                                                            'new', coalesce(now_is -> k, 'null')) END)
    INTO changes
    FROM (SELECT jsonb_object_keys(was || now_is) AS k) keys
    WHERE k <> ALL (left_out)
      AND coalesce(was -> k, 'null') IS DISTINCT FROM coalesce(now_is -> k, 'null')
      AND NOT (k = ANY (secret) AND TG_OP <> 'UPDATE');
    IF changes IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND (changes ? 'deleted_at' AND now_is ->> 'deleted_at' IS NOT NULL
                             OR changes ? 'revoked_at' AND now_is ->> 'revoked_at' IS NOT NULL) THEN
        action := 'deleted';
    END IF;
    INSERT INTO audit_log (actor_user_id, actor_token_id, via, entity, entity_id, action, changes)
    VALUES ((actor ->> 'user_id')::uuid, (actor ->> 'token_id')::uuid, coalesce(actor ->> 'via', 'system'),
            TG_ARGV[0], coalesce(now_is ->> 'id', was ->> 'id', '00000000-0000-0000-0000-000000000000')::uuid,
            action, changes);
    RETURN NULL;
END $$;

-- A user's preferences (language, zone) are theirs to change and are left out, as is the
-- password's hash: that it changed is kept, not its value.
CREATE TRIGGER audit_user_changed AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW
    EXECUTE FUNCTION audit_row_changed('user', '{id,created_at,language,time_zone}', '{password_hash}');
-- `last_used_at` is written on every request: the trigger fires only for the columns a person
-- changes. The token's hash never changes and is never recorded.
CREATE TRIGGER audit_token_created AFTER INSERT OR DELETE ON api_tokens FOR EACH ROW
    EXECUTE FUNCTION audit_row_changed('token', '{id,created_at,last_used_at,token_hash}', '{}');
CREATE TRIGGER audit_token_changed AFTER UPDATE OF user_id, name, revoked_at ON api_tokens FOR EACH ROW
    EXECUTE FUNCTION audit_row_changed('token', '{id,created_at,last_used_at,token_hash}', '{}');
CREATE TRIGGER audit_settings_changed AFTER UPDATE ON company_settings FOR EACH ROW
    EXECUTE FUNCTION audit_row_changed('settings', '{only_row,updated_at,updated_by}', '{}');
CREATE TRIGGER audit_spend_changed AFTER INSERT OR UPDATE OR DELETE ON spend FOR EACH ROW
    EXECUTE FUNCTION audit_row_changed('spend', '{id,created_at,created_by,deleted_by}', '{}');
CREATE TRIGGER audit_lost_reason_changed AFTER INSERT OR UPDATE OR DELETE ON lost_reasons FOR EACH ROW
    EXECUTE FUNCTION audit_row_changed('lost_reason', '{id}', '{}');
CREATE TRIGGER audit_webhook_changed AFTER INSERT OR UPDATE OR DELETE ON webhook_subscriptions FOR EACH ROW
    EXECUTE FUNCTION audit_row_changed('webhook', '{id,created_at,created_by,updated_at}', '{secret}');
