-- The pipeline board: open leads in columns by stage, newest first, each column paged,
-- with its count and deal-value total; and saved views of the board.
CREATE INDEX leads_board_idx ON leads (stage, created_at DESC, id DESC) WHERE status = 'open';
-- A column of one rep's leads, and the columns' totals read from the index alone.
CREATE INDEX leads_board_owner_idx ON leads (owner_id, stage, created_at DESC, id DESC) WHERE status = 'open';
CREATE INDEX leads_board_totals_idx ON leads (stage, owner_id, source) INCLUDE (deal_value) WHERE status = 'open';

ALTER TABLE saved_views
    DROP CONSTRAINT saved_views_page_check,
    ADD CONSTRAINT saved_views_page_check CHECK (page IN ('leads', 'dashboard', 'board'));
