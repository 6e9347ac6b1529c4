# The admin's teams page: a team is a manager and the reps they lead.

teams-title = Teams
teams-intro = A team is a manager and the reps they lead. A manager who "sees only their teams" (on the users page) sees the leads, board, agenda and figures of their teams' reps, their own and unassigned leads, and nothing else.
teams-empty = No teams yet.
teams-col-name = Name
teams-col-manager = Manager
teams-col-members = Members
teams-name-of = Name of { $name }
teams-manager-of = Manager of { $name }
teams-no-manager = No manager
teams-no-members = No members yet
teams-members-hint = People join a team on the users page.
teams-delete = Delete
teams-delete-confirm = Delete the team { $name }? Its members will be in no team.
teams-add-title = Add a team
teams-add = Add team
teams-error-manager = `manager_id` is not a user
