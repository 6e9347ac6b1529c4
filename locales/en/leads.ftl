# Lead pages: the searchable list of leads (/leads), a new lead (/leads/new) and a
# lead's own page (/leads/<id>) with its details, funnel moves, timeline and edit form.
# Read by reps and managers. Stage and status names come from funnel.ftl.

## The leads list: title, search filters and downloads

leads-title = Leads
# Button to the new-lead form.
leads-new-lead = New lead
# What a screen reader calls the search form.
leads-search-label = Search leads
leads-filter-search = Search
# Placeholder of the search box: what it searches in.
leads-filter-search-placeholder = name, phone, e-mail, company
leads-filter-stage = Stage
# The first option of a filter menu: no filter.
leads-filter-any = Any
# Filter on the furthest stage a lead reached.
leads-filter-reached = Reached
# An option of the "Reached" menu. $stage: a stage's name; the option picks leads that
# reached that stage or a later one.
leads-filter-reached-option = { $stage } or later
leads-filter-status = Status
leads-filter-owner = Owner
# Owner filter: leads of any owner.
leads-filter-anyone = Anyone
# Owner filter: leads nobody owns.
leads-filter-nobody = Nobody
# The channel (source) a lead came through, e.g. "google ads".
leads-filter-channel = Channel
leads-filter-tag = Tag
# Creation date range, read as "Created from [date] before [date]".
leads-filter-created-from = Created from
leads-filter-created-before = before
# Button that applies the filters.
leads-filter-submit = Search
# Link that removes every filter.
leads-filter-clear = Clear
# Followed by links to download the listed leads as files.
leads-export-label = Download these leads:
# File formats of the download links. XLSX and CSV are format names.
leads-export-xlsx = XLSX
leads-export-excel-csv = CSV for Excel
leads-export-csv = CSV

## The leads list: when it is empty

# $link: a link reading leads-empty-show-all.
leads-empty-filtered = No leads match. { $link }.
leads-empty-show-all = Show all leads
leads-empty-title = No leads yet
# $hand: a link to the new-lead form reading leads-empty-by-hand.
leads-empty-first = Add your first lead { $hand }; dialers and web forms can send them through the API.
# For managers. $hand: a link reading leads-empty-by-hand; $import: a link to the import
# page reading leads-empty-import.
leads-empty-first-manager = Add your first lead { $hand } or { $import }; dialers and web forms can send them through the API.
leads-empty-by-hand = by hand
leads-empty-import = import a CSV file

## The leads list: the table

leads-col-name = Name
leads-col-company = Company
leads-col-phone = Phone
leads-col-stage = Stage
leads-col-status = Status
leads-col-owner = Owner
leads-col-channel = Channel
leads-col-tags = Tags
leads-col-last-call = Last call
leads-col-created = Created
# The "Last call" cell. $time: date and time of the call; $outcome: how it ended
# (a leads-outcome-* message).
leads-last-call = { $time } ({ $outcome })
leads-next-page = Next page

## How a call ended, and the intent a connected call showed (list and timeline)

leads-outcome-connected = connected
leads-outcome-no-answer = no answer
leads-outcome-busy = busy
leads-outcome-voicemail = voicemail
leads-outcome-rejected = rejected
leads-outcome-invalid-number = invalid number
leads-outcome-out-of-service = out of service
leads-outcome-powered-off = powered off
leads-outcome-wrong-person = wrong person
# The person's intent to buy, as the rep judged it on a connected call.
leads-intent-clear = clear
leads-intent-unclear = unclear
leads-intent-none = none

## A lead's page: heading and details

# Beside a lost lead's status. $stage: the stage's name.
leads-lost-at = lost at { $stage }
# As leads-lost-at, with $reason: why the lead was lost (one of the company's lost reasons).
leads-lost-at-reason = lost at { $stage }: { $reason }
# Badge: the customer asked not to be called.
leads-badge-do-not-call = do not call
# Badge: the phone number does not work.
leads-badge-bad-number = bad number
leads-details-title = Details
leads-detail-phone = Phone
leads-detail-email = E-mail
leads-detail-company = Company
leads-detail-channel = Channel
leads-detail-owner = Owner
leads-detail-tags = Tags
# The furthest stage the lead ever reached.
leads-detail-furthest-stage = Furthest stage
leads-detail-deal-value = Deal value
# When the lead is to be called next.
leads-detail-next-contact = Next contact
# How many calls were made to the lead.
leads-detail-calls = Calls

## A lead's page: moving it along the funnel, marking it lost, reopening it

leads-move-title = Move along the funnel
leads-reopen-reason = Why reopen?
leads-reopen-submit = Reopen
leads-move-stage = Stage
leads-move-reason = Reason (needed to move back)
leads-move-deal-value = Deal value (needed to win)
leads-move-submit = Move
leads-lost-reason = Lost because
# The empty first option of the lost-reason menu.
leads-lost-choose = Choose…
leads-lost-note = Note
leads-lost-submit = Mark lost

## A lead's page: the timeline of calls and funnel events, newest first

leads-timeline-title = Timeline
# Label of a call in the timeline, followed by its outcome.
leads-timeline-call = Call
# Badge on a call in which the customer asked not to be called again.
leads-timeline-do-not-call = do-not-call lead
# A connected call's outcome with the intent shown. $outcome: a leads-outcome-*
# message; $intent: a leads-intent-* message.
leads-call-with-intent = { $outcome }, intent { $intent }
# Kinds of funnel events: the lead entered the funnel, moved forward one stage, skipped
# stages forward, moved back, was lost, was reopened.
leads-event-create = create
leads-event-advance = advance
leads-event-skip = skip
leads-event-regress = regress
leads-event-lost = lost
leads-event-reopen = reopen
# An event caused by logging a call. $kind: a leads-event-* message.
leads-event-by-call = { $kind } (by a call)
# A move between stages. $from and $to: stage names.
leads-event-moved = { $from } → { $to }
# An event that left the lead at one stage. $stage: the stage's name.
leads-event-at = at { $stage }
# Part of an event's details. $value: an amount with its currency.
leads-event-deal-value = deal value { $value }

## A lead's page: the edit form (and the new-lead form's fields)

leads-edit-title = Edit
leads-form-name = Name
leads-form-phone = Phone
leads-form-email = E-mail
leads-form-company = Company
leads-form-source = Channel (source)
leads-form-tags = Tags, comma-separated
leads-form-next-contact = Next contact
leads-form-deal-value = Deal value
leads-form-notes = Notes
leads-form-do-not-call = Do not call (the customer asked us not to)
leads-form-owner = Owner
# Owner menu: nobody owns the lead.
leads-form-nobody = Nobody
# An option of the owner menu. $name: the user's name; $role: a leads-role-* message.
leads-owner-option = { $name } ({ $role })
leads-role-admin = admin
leads-role-manager = manager
leads-role-rep = rep
# Checkbox: store the phone number although another lead has the same one.
leads-form-keep-duplicate = Keep the number even if another lead has it
leads-form-save = Save changes

## The new-lead form

leads-new-title = New lead
# After the error that another lead has this phone number. $link: a link to that lead,
# reading leads-new-existing-link.
leads-new-see-existing = { $link }.
leads-new-existing-link = See the existing lead
leads-new-stage = Enters at stage
leads-new-nobody-yet = Nobody yet
# Checkbox shown after the error that another lead has this phone number.
leads-new-store-anyway = Store anyway, although another lead has this number
leads-new-submit = Create lead

## Errors on the lead pages

# After a field's name or label ("owner_id: is not a user").
leads-error-not-a-user = is not a user
leads-error-not-a-stage = is not a stage
leads-error-choose-stage = choose a stage
leads-error-lost-reason-missing = Choose why the lead was lost.
# A bad filter in the leads list's address. $field: the parameter's name (a code).
leads-error-bad-date = `{ $field }` must be a date (YYYY-MM-DD)
leads-error-bad-stage = `{ $field }` is not a stage
leads-error-bad-status = `status` is not a status
leads-error-bad-owner = `owner_id` is not a user
# $id: the other lead's id. "store anyway" names the checkbox leads-new-store-anyway.
leads-error-duplicate-phone = another lead ({ $id }) has this phone number; tick "store anyway" to store it anyway
# The other lead belongs to another rep, so it is not named.
leads-error-duplicate-phone-hidden = another rep's lead has this phone number; tick "store anyway" to store it anyway
# Funnel moves that are not allowed. $stage: a stage's name; "decide" is the stage at
# which a lead counts as won.
leads-error-already-at = the lead is already at stage { $stage }
leads-error-lead-is-lost = the lead is lost; reopen it before moving it
leads-error-regress-needs-reason = moving a lead backwards needs a reason
leads-error-won-needs-deal-value = a won deal needs a deal value
leads-error-already-lost = the lead is already lost
leads-error-won-cannot-be-lost = a won lead cannot be marked lost; move it back below decide first
leads-error-not-lost = only a lost lead can be reopened

## A lead's tasks, on its page.

leads-tasks-title = Tasks
# $when is the due date and time.
leads-task-due = due { $when }
leads-task-title = New task
leads-task-due-at = Due
leads-task-assignee = For
leads-task-me = Me
leads-task-add = Add task
leads-task-added = Task added.
# On the timeline; $name is who is to do it, or who did it.
leads-timeline-task-added = Task for { $name }
leads-timeline-task-done = Task done by { $name }

# The referrer of a lead, on its page and its forms; a change saved on the page.
leads-detail-referred-by = Referred by
leads-detail-referred = Referred
leads-timeline-recording = recording
leads-event-referred = referred { $name }
leads-event-referred-hidden = referred another rep's lead
leads-form-referred-by = Referred by
leads-form-referred-by-hint = their phone or page link
leads-form-referrer-hidden = another rep's lead
leads-error-referrer-not-found = no lead you can see has this number
leads-saved-details = Saved.
leads-saved-moved = Moved to { $stage }.
leads-saved-lost = Marked lost.
leads-saved-reopened = Reopened.

# Bulk changes on the leads list: the form above the table, and what it says when done.
leads-bulk-label = Change many leads at once
leads-bulk-target = Change
leads-bulk-target-selected = the leads ticked below
leads-bulk-target-matching = every lead these filters match
leads-bulk-action = How
leads-bulk-reassign = Give to an owner
leads-bulk-add-tag = Add a tag
leads-bulk-remove-tag = Remove a tag
leads-bulk-do-not-call = Do not call
leads-bulk-lost = Mark lost
leads-bulk-to-owner = New owner
leads-bulk-choose = Choose…
leads-bulk-tag = Tag
leads-bulk-apply = Apply
leads-bulk-select-all = Tick every lead on this page
leads-bulk-select = Tick { $name }
leads-bulk-done-reassign = { $count ->
    [one] { $shown } lead given to its new owner.
   *[other] { $shown } leads given to their new owner.
}
leads-bulk-done-add-tag = { $count ->
    [one] Tag added to { $shown } lead.
   *[other] Tag added to { $shown } leads.
}
leads-bulk-done-remove-tag = { $count ->
    [one] Tag removed from { $shown } lead.
   *[other] Tag removed from { $shown } leads.
}
leads-bulk-done-do-not-call = { $count ->
    [one] { $shown } lead marked do-not-call.
   *[other] { $shown } leads marked do-not-call.
}
leads-bulk-done-lost = { $count ->
    [one] { $shown } open lead marked lost.
   *[other] { $shown } open leads marked lost.
}
leads-bulk-error-ids = are not leads
leads-bulk-error-none-chosen = tick at least one lead, or choose every lead the filters match
leads-bulk-error-target = is neither the ticked leads nor every matching lead
leads-bulk-error-reassign-managers = Only a manager or an admin gives leads to another owner.
leads-bulk-error-choose-owner = choose the new owner
leads-bulk-error-action = choose what to change
leads-bulk-confirm-matching = Change every lead these filters match?
leads-bulk-working-title = Changing leads
leads-bulk-working = { $count ->
    [one] Changing { $shown } lead…
   *[other] Changing { $shown } leads…
}
leads-bulk-working-note = It is one change: every lead or none. This page looks again every two seconds and shows the list when it is done; you may leave it meanwhile.
leads-bulk-failed = The change could not be made, and no lead was changed. Try again, or choose fewer leads.
leads-bulk-back = Back to the leads
leads-history-changed = { $name } changed
leads-history-changed-api = { $name } changed through the API
leads-history-imported = { $name } imported it
leads-history-erased = { $name } erased the person’s data
leads-history-merged = { $name } merged duplicates into this lead
leads-saved-merged = The duplicates are merged into this lead.
leads-merge-title = Merge duplicates into this lead
leads-merge-intro = The same person entered twice: their calls, touches, tasks, tags, stage moves and history move here, each once, and the duplicates are removed. This lead keeps its stage, status, owner and deal, and takes their number, e-mail, company, channel and notes where it has none.
leads-merge-same-phone = Leads with the same number
leads-merge-other = Another lead: its number or its page’s link
leads-merge-other-example = +62 812-3456-7890
leads-merge-confirm = I understand that the duplicates are removed
leads-merge-submit = Merge into this lead
leads-merge-are-you-sure = Merge the chosen leads into this one and remove them?
leads-merge-error-confirm = tick the box to confirm that the duplicates are removed
leads-merge-error-not-found = no lead you can see has this number or link
leads-history-merged-line = Merged: { $calls ->
        [one] one call
       *[other] { $calls } calls
    }, { $touches ->
        [one] one touch
       *[other] { $touches } touches
    }, { $tasks ->
        [one] one task
       *[other] { $tasks } tasks
    }, { $events ->
        [one] one stage event
       *[other] { $events } stage events
    }
leads-erased-notice = This person’s data was erased on { $when } at their request. The lead stays, without it, so that every figure stays as it was.
leads-saved-erased = The person’s data is erased.
leads-erase-title = Erase this person
leads-erase-intro = When the customer asks for their data to be deleted: their name, number, e-mail, company and notes, the notes on their calls, touches and tasks, the recordings’ links, their values in the history, and their row in an imported file are erased for good. Their stage, calls and deal stay, anonymous, so every figure stays as it was.
leads-erase-confirm = I understand that this cannot be undone
leads-erase-submit = Erase the person’s data
leads-erase-are-you-sure = Erase this person’s data for good?
leads-erase-error-confirm = tick the box to confirm that this cannot be undone
leads-history-system = Leadline
leads-history-field = { $field }: { $old } → { $new }
leads-history-tags-added = Tags added: { $tags }
leads-history-tags-removed = Tags removed: { $tags }
leads-history-none = none
leads-history-yes = yes
leads-history-no = no
leads-history-another-lead = another lead

leads-filter-team = Team
leads-filter-all-teams = All teams
leads-error-bad-team = `team_id` is not a team
