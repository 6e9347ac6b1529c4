-- The forecast: an admin's chance of reaching `decide` for a stage, which replaces the one
-- learned from the team's funnel; changes are in the audit trail as the company's settings.
CREATE TABLE forecast_overrides (
    stage       smallint PRIMARY KEY CHECK (stage BETWEEN 0 AND 4),
    probability double precision NOT NULL CHECK (probability >= 0 AND probability <= 1),
    set_by      uuid REFERENCES users (id),
    set_at      timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER audit_forecast_override_changed AFTER INSERT OR UPDATE OR DELETE ON forecast_overrides
    FOR EACH ROW EXECUTE FUNCTION audit_row_changed('settings', '{set_by,set_at}', '{}');

-- The leads closed in a window, which the chances are learned from.
CREATE INDEX leads_closed_idx ON leads ((coalesce(won_at, lost_at))) WHERE status <> 'open';
