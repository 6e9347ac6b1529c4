# Shared by every page.

# A form's error: the field's label (a field-* message below, else the field's name) and
# what is wrong with it.
form-field-error = { $field }: { $problem }

# Yes and no, as a table's column says whether a user or a subscription is active.
common-yes = yes
common-no = no

## The bar at the top of every page after signing in.

# A link for keyboard users that jumps past the navigation.
nav-skip = Skip to content
# The navigation's name, read out by screen readers.
nav-main = Main
nav-dashboard = Dashboard
nav-queue = Call queue
nav-agenda = Agenda
nav-notices = Notifications
nav-leads = Leads
nav-board = Pipeline
nav-spend = Spend
nav-import = Import
nav-admin = Admin
# Tooltip of the signed-in user's name, which links to their account page.
nav-account-hint = Your account and clock
nav-sign-out = Sign out
# A second sign-out button: ends the user's sessions on every device, this one included.
nav-sign-out-everywhere = Everywhere
nav-sign-out-everywhere-hint = Sign out on every device

## The error page: a title (the HTTP status's name) and a sentence saying what went wrong.

error-page-back = Back to Leadline
# Titles, one per HTTP status; error-page-status for any other.
error-page-status = Error
error-page-status-400 = Bad Request
error-page-status-403 = Forbidden
error-page-status-404 = Not Found
error-page-status-408 = Request Timeout
error-page-status-413 = Payload Too Large
error-page-status-500 = Internal Server Error
error-page-status-503 = Service Unavailable
# A signed-in user opened a page their role does not allow.
error-page-for-managers = This page is for managers and admins.
error-page-for-admins = This page is for admins.
# Something that does not exist (or is not the reader's to see). $what is what was
# looked for, in English, when it is none of those below.
error-page-not-found = { $what } not found
error-page-not-found-lead = lead not found
error-page-not-found-user = user not found
error-page-not-found-token = token not found
error-page-not-found-webhook = webhook not found
error-page-not-found-delivery = delivery not found
error-page-not-found-import = import not found
error-page-not-found-spend-entry = spend entry not found
error-page-not-found-lost-reason = lost reason not found
error-page-not-found-notification = notification not found
error-page-not-found-bulk-change = bulk change not found
error-page-not-found-task = task not found
error-page-csrf = the form has expired or did not come from Leadline; go back, reload and try again
error-page-cross-site = this form was sent from another site; open Leadline itself and send it from there
error-page-too-large = what was sent is too large
error-page-timed-out = that took too long and was stopped; try again
error-page-unavailable = the database is unavailable; try again in a moment
error-page-internal = something went wrong on our side; it has been logged
# Two people changed the same lead at the same moment.
error-page-conflict = the lead was changed by someone else at the same moment; try again

# The names of the fields a form's error names, before what is wrong with it
# (form-field-error above): "Deal value: `abc` is not an amount".
field-name = Name
field-phone = Phone
field-email = E-mail
field-company = Company
field-referred-by = Referred by
field-source = Channel
field-channel = Channel
field-owner-id = Owner
field-stage = Stage
field-to = Stage
field-move-to = Move to stage
field-reason = Reason
field-deal-value = Deal value
field-do-not-call = Do not call
field-notes = Notes
field-note = Note
field-next-contact = Next contact
field-happened-at = When
field-kind = How
field-next-contact-at = Next contact
field-tags = Tags
field-tag = Tag
field-talk = Talk time
field-ring = Ring time
field-outcome = Outcome
field-intent = Intent
field-direction = Direction
field-started-at = Call started
field-lost-reason = Lost reason
field-lost-note = Lost note
field-title = Title
field-due-at = Due
field-assignee-id = Assignee
field-phone-bad = Bad number
field-active = Active
field-user-id = User
field-revoked-at = Revoked
field-key = Key
field-choices = Choices
field-spent-on = Date
field-deleted-at = Deleted
field-label = Label
field-return-after-days = Comes back after (days)
field-playbook = Playbook
field-sort-order = Order
field-secret = Signing secret
field-password-hash = Password
field-entity = What
field-via = Through
field-since = From
field-until = To
field-confirm = Confirmation
field-other = Another lead
field-rep-id = Rep
field-chances = Chances
field-window-days = Window
field-months = Months
field-tag-group = Tag group
field-user = User
field-date = Date
field-amount = Amount
field-category = Category
field-time-zone = Time zone
field-language = Language
field-default-country = Default country
field-holidays = Holidays
field-working-days = Working days
field-role = Role
field-password = Password
field-current-password = Current password
field-new-password = New password
field-repeat-password = New password again
field-url = URL
field-events = Events
field-file = File
field-bad-fields = If a field is bad
field-from = From
field-created-from = Created from
field-created-to = Created to
field-period = Period
field-status = Status
field-reached = Reached
field-target = Change
field-action = How
field-to-owner = New owner
field-tag-name = Tag
field-ids = Leads
field-filters = Filters
field-page = Page
field-query = Filters
field-shared = Shared

error-page-not-found-team = team not found
field-team-id = Team
field-team = Team
field-manager-id = Manager
field-limited-to-teams = Sees only their teams
field-expires-at = Expires
field-allowed-origins = Web origins
