-- The leads' search text in a table of its own.
--
-- Every logged call updates its lead's call fields, which the queue indexes hold, so
-- the update can never be heap-only and writes a new entry into every index of
-- `leads`: the trigram index among them, some thirty to sixty trigrams a lead, though
-- a call never changes the name, number, e-mail or company they come from. Here the
-- text and its trigram index are written when a lead is created and when one of those
-- four changes, and a call's update leaves them alone.

CREATE FUNCTION lead_search_text(name text, phone text, email text, company text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(name, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(email, '') || ' ' || coalesce(company, '');

-- No foreign key: its check would look up the lead for each of a million imported
-- rows. The triggers below keep one row per lead instead.
CREATE TABLE lead_search (
    lead_id uuid PRIMARY KEY,
    text    text NOT NULL
);

CREATE FUNCTION lead_search_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lead_search (lead_id, text)
    SELECT n.id, lead_search_text(n.name, n.phone, n.email, n.company) FROM new_rows n;
    RETURN NULL;
END;
$$;
CREATE TRIGGER lead_search_inserted AFTER INSERT ON leads
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_search_inserted();

CREATE FUNCTION lead_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lead_search SET text = lead_search_text(NEW.name, NEW.phone, NEW.email, NEW.company)
    WHERE lead_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER lead_search_changed AFTER UPDATE ON leads FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.phone IS DISTINCT FROM NEW.phone
          OR OLD.email IS DISTINCT FROM NEW.email OR OLD.company IS DISTINCT FROM NEW.company)
    EXECUTE FUNCTION lead_search_changed();

CREATE FUNCTION lead_search_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM lead_search s USING old_rows o WHERE s.lead_id = o.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER lead_search_deleted AFTER DELETE ON leads
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_search_deleted();

CREATE FUNCTION lead_search_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE lead_search;
    RETURN NULL;
END;
$$;
CREATE TRIGGER lead_search_truncated AFTER TRUNCATE ON leads
    FOR EACH STATEMENT EXECUTE FUNCTION lead_search_truncated();

INSERT INTO lead_search (lead_id, text)
SELECT id, lead_search_text(name, phone, email, company) FROM leads;

CREATE INDEX lead_search_text_idx ON lead_search USING gin (text gin_trgm_ops);
DROP INDEX leads_search_idx;
ANALYZE lead_search;
