-- The pipeline board's column totals from a rollup: open leads and the sum of their deal
-- values per stage, at the four grains the other rollups keep (per channel and owner, per
-- channel, per owner, in all) and once more per tag, so that the board reads a few rows
-- whatever the team's size (counting the open leads took 144 ms at 4 clients with no
-- filter and 2 s with a common tag, at 1M leads). The rows hold no time, so a change of
-- the company's zone leaves them be. sql/rollups.sql keeps them, and fills them whenever
-- it is applied.
CREATE TABLE rollup_board (
    tag_id     uuid,
    source     text,
    owner_id   uuid,
    stage      smallint NOT NULL,
    leads      bigint NOT NULL,
    deal_value bigint NOT NULL,
    CONSTRAINT rollup_board_key UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, stage) INCLUDE (leads, deal_value)
);
CREATE TABLE rollup_board_delta (
    tag_id     uuid,
    source     text NOT NULL,
    owner_id   uuid NOT NULL,
    stage      smallint NOT NULL,
    leads      bigint NOT NULL,
    deal_value bigint NOT NULL
);

-- The totals no longer count the open leads themselves.
DROP INDEX leads_board_totals_idx;
