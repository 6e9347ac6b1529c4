# The agenda page: a user's follow-ups and tasks by when they fall due.

agenda-title = Agenda
# $name is the user whose agenda a manager opened.
agenda-title-of = { $name }'s agenda
agenda-whose = Whose
agenda-show = Show
agenda-keys = Keys: n calls the next, x marks the next task done.
agenda-empty = Nothing due: no follow-ups or open tasks in the coming week.
agenda-overdue = Overdue
agenda-today = Today
agenda-upcoming = Next seven days
agenda-undated = Tasks with no due time
agenda-col-when = When
agenda-col-what = What
agenda-col-lead = Lead
agenda-col-phone = Phone
agenda-col-actions = Actions
agenda-kind-follow-up = Follow-up call
agenda-kind-task = Task
agenda-call = Call
agenda-done = Done
agenda-task-done = Task done.
agenda-error-user = That is not a user.
agenda-error-not-yours = A rep sees their own agenda alone.
# When the agenda is another user's whose days are in another zone; $zone names it.
agenda-days-zone = Overdue, today and the next days are counted as in { $zone }; the times are on your clock.

agenda-team = Team
agenda-title-of-team = Agenda of the team { $name }
agenda-col-who = Whose
