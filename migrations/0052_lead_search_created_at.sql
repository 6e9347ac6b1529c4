-- The search text beside its lead's `created_at`, so that a search lists the newest
-- matches first from `lead_search` alone; and the text in lower case.
--
-- The list of a search is its matches, newest first, 50 at a time. With the date only on
-- `leads`, PostgreSQL chose between two plans on an estimate it cannot make for
-- `ILIKE '%…%'`: all the matches from the trigram index, each looked up in `leads` for its
-- date before the sort (25,000 look-ups for a common surname at 1M leads), or every lead
-- newest first, each probed in `lead_search` (251,000 probes for part of a number whose
-- matches are old). With the date here, the list walks a few thousand of the newest
-- search rows, and only when they hold too few matches sorts all the matches by the date
-- in this table (`storage::leads::list`); `leads` is read for the 50 rows shown.
--
-- The text is kept in lower case, and searched with `LIKE` on the term in lower case: the
-- trigrams are the same (pg_trgm folds case), and `ILIKE` folded each row's text again for
-- every row it tried, four times the cost of `LIKE` on the rows a search walks.
--
-- The table is built again rather than updated in place: an `UPDATE` of every row would
-- leave each one's old version behind and write every trigram of the text again.
CREATE OR REPLACE FUNCTION lead_search_text(name text, phone text, email text, company text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN lower(coalesce(name, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(email, '') || ' ' || coalesce(company, ''));

CREATE TABLE lead_search_dated (
    lead_id    uuid NOT NULL,
    text       text NOT NULL,
    created_at timestamptz NOT NULL
);

INSERT INTO lead_search_dated (lead_id, text, created_at)
SELECT s.lead_id, lower(s.text), l.created_at FROM lead_search s JOIN leads l ON l.id = s.lead_id;

DROP TABLE lead_search;
ALTER TABLE lead_search_dated RENAME TO lead_search;
ALTER TABLE lead_search ADD CONSTRAINT lead_search_pkey PRIMARY KEY (lead_id);
CREATE INDEX lead_search_text_idx ON lead_search USING gin (text gin_trgm_ops);
-- The walk, newest first (backwards), as `leads_created_idx` orders the leads.
CREATE INDEX lead_search_created_idx ON lead_search (created_at, lead_id);

CREATE OR REPLACE FUNCTION lead_search_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lead_search (lead_id, text, created_at)
    SELECT n.id, lead_search_text(n.name, n.phone, n.email, n.company), n.created_at FROM new_rows n;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION lead_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lead_search SET text = lead_search_text(NEW.name, NEW.phone, NEW.email, NEW.company),
                           created_at = NEW.created_at
    WHERE lead_id = NEW.id;
    RETURN NULL;
END;
$$;

DROP TRIGGER lead_search_changed ON leads;
CREATE TRIGGER lead_search_changed AFTER UPDATE ON leads FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.phone IS DISTINCT FROM NEW.phone
          OR OLD.email IS DISTINCT FROM NEW.email OR OLD.company IS DISTINCT FROM NEW.company
          OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION lead_search_changed();

ANALYZE lead_search;
