-- An import run from the command line has no user to tell when it ends: only an import
-- someone started from the pages announces its end (migration 0029).
CREATE OR REPLACE FUNCTION imports_announce_finished() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.created_by IS NOT NULL AND NEW.status IN ('done', 'failed')
       AND OLD.status IS DISTINCT FROM NEW.status THEN
        INSERT INTO notifications (user_id, kind, import_id) VALUES (NEW.created_by, 'import_finished', NEW.id);
    END IF;
    RETURN NULL;
END
$$;
