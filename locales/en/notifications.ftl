# Notifications: the header's count, the live notice in the page's corner, and the
# notifications page. A notification tells a user that a lead was assigned to them, that
# a follow-up call or a task of theirs fell due, or that an import they started ended.

# The header's count in words (read out by screen readers; the link's tooltip).
# $count: the number, for plural forms; $shown: the same, formatted.
notices-unread = { $count ->
    [0] No unread notifications
    [one] { $shown } unread notification
   *[other] { $shown } unread notifications
}

notices-title = Notifications
notices-intro = A lead assigned to you, a follow-up or task of yours falling due, an import you started ending. Open one to go to it; it is then read.
notices-empty = No notifications yet.
notices-read-all = Mark all read
# The button that hides the live notice in the page's corner.
notices-dismiss = Close
# Beside an unread notification's time.
notices-new = new

# What a notification says. $lead: the lead's name; $actor: who assigned it.
notice-lead-assigned = { $actor } assigned { $lead } to you
# When it is not known who assigned the lead (an integration did).
notice-lead-assigned-anonymous = { $lead } was assigned to you
# Many leads given to the user at once (a bulk reassign): $count of them, $shown as written.
notice-leads-assigned = { $actor } gave you { $count ->
    [one] { $shown } lead
   *[other] { $shown } leads
}
notice-leads-assigned-anonymous = { $count ->
    [one] { $shown } lead was
   *[other] { $shown } leads were
} given to you
# $time: when the follow-up call was due, as a date and time.
notice-follow-up-due = Follow-up due: call { $lead } ({ $time })
# $task: the task's title.
notice-task-due = Task due: { $task } ({ $lead })
# $file: the imported file's name; $imported: the leads imported, formatted; $count:
# the same as a number, for plural forms.
notice-import-done = { $count ->
    [one] Import of { $file } finished: { $imported } lead imported
   *[other] Import of { $file } finished: { $imported } leads imported
}
notice-import-failed = Import of { $file } stopped before the end; open it to see why
