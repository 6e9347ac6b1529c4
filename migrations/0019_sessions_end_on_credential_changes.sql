-- A user's browser sessions end when their password, role or activity changes, whatever
-- changes it (the API, the admin page, a command): a session made before a password
-- change, or before a deactivation, must not work after it.
CREATE FUNCTION users_end_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM sessions WHERE user_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER users_end_sessions
    AFTER UPDATE OF password_hash, role, active ON users
    FOR EACH ROW
    WHEN (OLD.password_hash IS DISTINCT FROM NEW.password_hash
          OR OLD.role IS DISTINCT FROM NEW.role
          OR OLD.active IS DISTINCT FROM NEW.active)
    EXECUTE FUNCTION users_end_sessions();
