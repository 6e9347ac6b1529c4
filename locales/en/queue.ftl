# The call queue: the telemarketer's screen. It shows the next lead to call and a
# one-screen form to log the call ("save and next"). Reps use it all day, mostly with
# the keyboard.

queue-title = Call queue
# Shown after a call was logged, above the next lead.
queue-saved = Call saved. Here is your next lead.

## The lead card

# Why the queue gives this lead now (shown before queue-yours-until).
queue-reason-claimed = You were working on this lead
queue-reason-follow-up = Follow-up due
queue-reason-new = New lead, never called
queue-reason-retry = Retry: last call not answered
# The lead is kept for this rep until then. $time: a clock time (14:30).
queue-yours-until = yours until { $time }
queue-badge-do-not-call = do not call
queue-badge-bad-number = bad number
# Followed by what the rep aims for at the lead's stage.
queue-goal = Goal:
queue-last-calls = Last calls
queue-never-called = Never called.
queue-open-lead = Open the lead's page

# A past call in the list of last calls: how it ended, then the lead's intent.
# $outcome: one of the outcomes below; $intent: one of the queue-past-intent-* below.
queue-past-call-with-intent = { $outcome }, { $intent }
queue-past-intent-clear = clear intent
queue-past-intent-unclear = unclear
queue-past-intent-none = no intent

## The log-call form

queue-log-title = Log the call
queue-outcome-legend = Outcome
# A hint after the legend: the keyboard keys that choose. $keys: the keys ("1–9", "c, u, n"),
# not translated.
queue-keys = (keys { $keys })
# How the call ended.
queue-outcome-connected = Connected
queue-outcome-no-answer = No answer
queue-outcome-busy = Busy
queue-outcome-voicemail = Voicemail
queue-outcome-rejected = Hung up / refused
queue-outcome-invalid-number = Invalid number
queue-outcome-out-of-service = Out of service
queue-outcome-powered-off = Phone off
queue-outcome-wrong-person = Wrong person
# What the person intends to do, asked only when the call connected.
queue-intent-legend = Intent, if connected
queue-intent-clear = Clear intent
queue-intent-unclear = Unclear
queue-intent-none = No intent
# Durations typed as minutes:seconds or seconds; the examples are the fields' placeholders.
queue-talk-time = Talk time
queue-talk-time-example = 1:30
queue-ring-time = Ring time
queue-ring-time-example = 0:25
queue-next-contact = Next contact
queue-notes = Notes
queue-move-to = Move to stage
# The menu's first choice: do not move the lead.
queue-move-to-none = (leave as it is)
# $stage: the name of the stage at which a lead is won (stage-decide).
queue-deal-value = Deal value (for { $stage })
queue-save-next = Save and next
# Puts the lead aside for two hours.
queue-call-later = Call later (in 2 hours)

## Nobody left to call

queue-empty-title = Nobody to call right now
queue-empty-none-waiting = There are no due follow-ups, no new leads and no retries waiting for you.
# For a manager. $hand and $import are links, reading queue-empty-by-hand and
# queue-empty-import.
queue-empty-manager = Add leads { $hand } or { $import }.
queue-empty-by-hand = by hand
queue-empty-import = import a CSV file
# For a rep. $leads is a link to the rep's leads, reading queue-empty-leads.
queue-empty-rep = Ask your manager for more leads, or check your { $leads }.
queue-empty-leads = leads

## Errors in the form. Those about a field follow the field's name ("talk: ...", see
## errors.ftl). Text between `backticks` is what the rep typed.

queue-error-choose-outcome = choose how the call ended
queue-error-not-intent = is not an intent
queue-error-not-stage = is not a stage
# $text: what was typed as a duration.
queue-error-not-duration = `{ $text }` is not a duration: write seconds (90) or minutes:seconds (1:30)
# $text: what was typed as a date and time.
queue-error-not-date-time = `{ $text }` is not a date and time
# $text: what was typed as an amount of money; $example: an amount as this language writes it.
queue-error-not-amount = `{ $text }` is not an amount (e.g. { $example })
queue-error-no-lead = the form names no lead
# The same form was sent twice (a double click, a browser's retry) with different values.
queue-error-sent-before = This form was sent before with other values, and the call was logged as first sent. Nothing was changed now.

## The log-call form as the queue and a lead's page share it.

call-log-title = Log a call
call-direction-legend = Direction
call-direction-outbound = Outbound (we called)
call-direction-inbound = Inbound (they called)
# A lead's page only: when the call started, for a call logged after the fact.
call-started-at = Call started
call-started-at-hint = Leave the start empty for a call that just ended.
call-lost-reason = Lost — reason
call-lost-none = Not lost
call-lost-note = Lost — note
call-flags-legend = After this call
call-flag-do-not-call = Do not call again (they asked)
call-flag-bad-number = Bad number
call-save = Log call
call-logged = Call logged.
call-error-not-direction = is neither outbound nor inbound
call-error-lost-and-moved = a lead is either moved on or lost by one call, not both
# The box in every page's header: a number to log a call to or from.
call-dial-label = Log a call to or from a number
call-dial-placeholder = Call a number…
# Above the new lead form, when no lead has the number typed.
call-dial-new-lead = No lead has this number yet: add it, then log the call.
