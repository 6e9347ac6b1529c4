-- Saved views: a named set of filters of the leads list or the dashboard, kept by the
-- user who saved it, and shown to the whole team when shared.
CREATE TABLE saved_views (
    id         uuid PRIMARY KEY,
    owner_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    page       text NOT NULL CHECK (page IN ('leads', 'dashboard')),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- The page's query string (`stage=need&tag=vip`), without a page cursor.
    query      text NOT NULL CHECK (length(query) <= 2000),
    shared     boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT saved_views_name_key UNIQUE (owner_id, page, name)
);
CREATE INDEX saved_views_shared_idx ON saved_views (page, name) WHERE shared;
