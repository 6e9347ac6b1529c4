-- The company's time zone (an IANA name): every day, hour and month the figures count
-- begins at its local midnight. NULL until the first start sets it from
-- LEADLINE_TIME_ZONE (UTC unless given).
ALTER TABLE company_settings ADD COLUMN time_zone text CHECK (time_zone <> '');

-- Every recount of the rollups, and how far the one under way has got. The rollups are
-- kept in the zone of the newest row. While a row is unfinished, the leads up to
-- `counted_through` (by id) are counted in the rollups and their changes add deltas;
-- the leads after it are left to the recount, which counts them as they are when it gets
-- to them, and the figures are read from the raw tables meanwhile.
CREATE TABLE rollup_rebuilds (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time_zone text NOT NULL CHECK (time_zone <> ''),
    reason text NOT NULL CHECK (reason <> ''),
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    leads_total bigint NOT NULL CHECK (leads_total >= 0),
    leads_counted bigint NOT NULL DEFAULT 0 CHECK (leads_counted >= 0),
    counted_through uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000'
);
-- At most one recount is under way.
CREATE UNIQUE INDEX rollup_rebuilds_under_way ON rollup_rebuilds ((true)) WHERE finished_at IS NULL;

-- Each user's own clock for the times the pages show and the times typed into them; NULL
-- until the user chooses (the company's zone meanwhile, and the browser's is offered at
-- the next sign-in).
ALTER TABLE users ADD COLUMN time_zone text CHECK (time_zone <> '');
