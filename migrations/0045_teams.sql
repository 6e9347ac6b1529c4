-- Teams: a manager and the reps they lead. A rep belongs to at most one team; a manager
-- may lead several. A manager limited to their teams sees the leads of their teams'
-- reps (and their own and unassigned ones, as a rep does) and the figures of those reps.

CREATE TABLE teams (
    id         uuid PRIMARY KEY,
    name       text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    manager_id uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX teams_name_key ON teams (lower(name));
CREATE INDEX teams_manager_idx ON teams (manager_id) WHERE manager_id IS NOT NULL;

ALTER TABLE users
    ADD COLUMN team_id uuid REFERENCES teams (id) ON DELETE SET NULL,
    ADD COLUMN limited_to_teams boolean NOT NULL DEFAULT false;
CREATE INDEX users_team_idx ON users (team_id) WHERE team_id IS NOT NULL;

-- The owners whose leads `viewer` may see besides unassigned ones: the viewer, and when
-- the viewer is a manager limited to their teams, the members of the teams they lead.
-- A lead query of a limited scope reads it as `owner_id IN (SELECT * FROM visible_owners($n))`,
-- which the planner inlines as a subquery and hashes once.
CREATE FUNCTION visible_owners(viewer uuid) RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
    SELECT viewer
    UNION
    SELECT r.id FROM users m JOIN teams t ON t.manager_id = m.id JOIN users r ON r.team_id = t.id
    WHERE m.id = viewer AND m.role = 'manager' AND m.limited_to_teams
$$;

CREATE TRIGGER audit_team_changed AFTER INSERT OR UPDATE OR DELETE ON teams FOR EACH ROW
    EXECUTE FUNCTION audit_row_changed('team', '{id,created_at}', '{}');
