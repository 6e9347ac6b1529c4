-- Lead farming (SPEC section 4, Recovery): a lost reason says after how many days a lead
-- lost for it comes back into the funnel, and what to do when it does; a lead that comes
-- back reopens at the stage it was lost at with a `return` event, on its reason's day or
-- by itself (it called in, filled a web form, was imported again).

-- NULL days: a lead lost for the reason never returns by itself. The playbook is what the
-- rep reads when a lead returns; `stage_playbooks` says it for one stage in particular
-- (`{"interest": "..."}`), as seed 003's table does, the plain playbook for the others.
ALTER TABLE lost_reasons
    ADD COLUMN return_after_days integer CHECK (return_after_days BETWEEN 1 AND 3650),
    ADD COLUMN playbook text CHECK (length(playbook) <= 2000),
    ADD COLUMN stage_playbooks jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(stage_playbooks) = 'object');

-- The seeds' ways back for the reasons every installation starts with. Leads lost before
-- this migration keep no return date: they return once a manager saves their reason's.
UPDATE lost_reasons SET return_after_days = 90,
    playbook = 'Ask what has changed since the last call; offer one new reason to look again.'
WHERE id = '00000000-0000-7000-8000-000000000001';
UPDATE lost_reasons SET return_after_days = 60,
    playbook = 'Open with a smaller package or a payment plan that fits the budget they named.'
WHERE id = '00000000-0000-7000-8000-000000000002';
UPDATE lost_reasons SET return_after_days = 180,
    playbook = 'Ask how the other offer is working out; send a comparison of what they get with us.'
WHERE id = '00000000-0000-7000-8000-000000000004';
UPDATE lost_reasons SET return_after_days = 30,
    playbook = 'Remind them of the timing they gave; agree a date for the decision.'
WHERE id = '00000000-0000-7000-8000-000000000005';
INSERT INTO lost_reasons (id, label, sort_order, return_after_days, playbook)
VALUES ('00000000-0000-7000-8000-000000000008', 'Will think about it', 8, 14,
        'Send the materials promised, then call: answer the one objection that held them back.')
ON CONFLICT DO NOTHING;

-- Two functions take the lead's row, and a row type cannot change under them: they go while
-- it gains its columns, `webhook_lead` to come back below as it was, `rollup_lead_of` with
-- the rest of sql/rollups.sql, which start-up applies again once its record here is gone.
DROP FUNCTION webhook_lead(leads);
DROP FUNCTION IF EXISTS rollup_lead_of(leads, uuid);
DELETE FROM derived_definitions WHERE name = 'rollups';

-- `returns_at`: when a lost lead comes back, the start of the company's day its reason's
-- days after the loss (NULL: it does not). `returning_since`: when a lead came back, until
-- the first call after it, which takes it out of the queue's returning leads.
ALTER TABLE leads ADD COLUMN returns_at timestamptz, ADD COLUMN returning_since timestamptz;
CREATE INDEX leads_returns_idx ON leads (returns_at) WHERE status = 'lost' AND returns_at IS NOT NULL;
CREATE INDEX leads_queue_returning_idx ON leads (returning_since)
    WHERE status = 'open' AND NOT do_not_call AND NOT phone_bad AND returning_since IS NOT NULL;

CREATE FUNCTION webhook_lead(l leads) RETURNS jsonb
    LANGUAGE sql STABLE
    RETURN jsonb_build_object(
        'id', l.id, 'external_id', l.external_id, 'name', l.name, 'phone', l.phone,
        'email', l.email, 'company', l.company, 'source', l.source, 'owner_id', l.owner_id,
        'stage', webhook_stage_name(l.stage), 'max_stage', webhook_stage_name(l.max_stage),
        'status', l.status, 'deal_value', l.deal_value, 'referred_by', l.referred_by,
        'custom', l.custom, 'created_at', company_time(l.created_at)
    );

-- The start of the company's day `days` after the day of `lost_at`, for a lead lost for
-- `reason`; NULL when the reason has no way back.
CREATE FUNCTION lead_returns_at(lost_at timestamptz, reason uuid) RETURNS timestamptz
    LANGUAGE sql STABLE
AS $$
    SELECT ((lost_at AT TIME ZONE z.zone)::date + r.return_after_days)::timestamp AT TIME ZONE z.zone
    FROM lost_reasons r
    CROSS JOIN (SELECT coalesce((SELECT s.time_zone FROM company_settings s LIMIT 1), 'UTC') AS zone) z
    WHERE r.id = reason AND r.return_after_days IS NOT NULL
$$;

-- Every way a lead is lost (one at a time, in bulk, in a merge) dates its return here.
CREATE FUNCTION lead_return_date() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status <> 'lost' THEN
        NEW.returns_at := NULL;
    ELSIF OLD.status <> 'lost' OR OLD.lost_reason_id IS DISTINCT FROM NEW.lost_reason_id
          OR OLD.lost_at IS DISTINCT FROM NEW.lost_at THEN
        NEW.returns_at := lead_returns_at(NEW.lost_at, NEW.lost_reason_id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER lead_return_date BEFORE UPDATE ON leads FOR EACH ROW
    WHEN (OLD.status = 'lost' OR NEW.status = 'lost')
    EXECUTE FUNCTION lead_return_date();

-- The `return` event, and what brought back a lead that came back by itself.
ALTER TABLE stage_events DROP CONSTRAINT stage_events_kind_check,
    ADD CONSTRAINT stage_events_kind_check
        CHECK (kind IN ('create', 'advance', 'skip', 'regress', 'lost', 'reopen', 'return')),
    ADD COLUMN came_back_by text CHECK (came_back_by IN ('call', 'form', 'import')),
    ADD CONSTRAINT stage_events_came_back_returns CHECK (came_back_by IS NULL OR kind = 'return');

-- Recovery at each stage, per lead (SPEC section 4, Recovery): `lost` counts a lead lost
-- at the stage, `returned` one that came back after, `recovered` one that then moved past
-- the stage, `won` one of those that reached `decide`, `revenue` its deal value if won.
-- Kept by the cohort's day (the day the lead came in) and by the day of its first loss at
-- the stage (the activity view), at the grains of every day rollup.
CREATE TABLE rollup_recovery_cohort (
    tag_id    uuid,
    source    text,
    owner_id  uuid,
    months    boolean NOT NULL DEFAULT false,
    day       date NOT NULL,
    stage     smallint NOT NULL,
    lost      bigint NOT NULL,
    returned  bigint NOT NULL,
    recovered bigint NOT NULL,
    won       bigint NOT NULL,
    revenue   bigint NOT NULL,
    CONSTRAINT rollup_recovery_cohort_key UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, months, day, stage)
);
CREATE INDEX rollup_recovery_cohort_channels_idx ON rollup_recovery_cohort (tag_id, owner_id, months, day);
CREATE INDEX rollup_recovery_cohort_owners_idx ON rollup_recovery_cohort (tag_id, source, months, day);
CREATE TABLE rollup_recovery_cohort_delta (
    tag_id    uuid,
    source    text,
    owner_id  uuid,
    day       date NOT NULL,
    stage     smallint NOT NULL,
    lost      bigint NOT NULL,
    returned  bigint NOT NULL,
    recovered bigint NOT NULL,
    won       bigint NOT NULL,
    revenue   bigint NOT NULL
);
CREATE INDEX rollup_recovery_cohort_delta_day_idx ON rollup_recovery_cohort_delta (day);

CREATE TABLE rollup_recovery_activity (LIKE rollup_recovery_cohort INCLUDING DEFAULTS);
ALTER TABLE rollup_recovery_activity ADD CONSTRAINT rollup_recovery_activity_key
    UNIQUE NULLS NOT DISTINCT (tag_id, source, owner_id, months, day, stage);
CREATE INDEX rollup_recovery_activity_channels_idx ON rollup_recovery_activity (tag_id, owner_id, months, day);
CREATE INDEX rollup_recovery_activity_owners_idx ON rollup_recovery_activity (tag_id, source, months, day);
CREATE TABLE rollup_recovery_activity_delta (LIKE rollup_recovery_cohort_delta);
CREATE INDEX rollup_recovery_activity_delta_day_idx ON rollup_recovery_activity_delta (day);
