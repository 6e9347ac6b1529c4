# What is wrong with a field of a form, an import row or an API request. The API says
# these in English; the pages in the reader's language. `$text` in error-text is what a
# library said, shown as it is.
#
# Most messages follow the field's name or label ("name: must not be empty", see
# form-field-error), so they read as the rest of a sentence whose subject is the field.
# Text between `backticks` is what the user typed, shown as it is. Codes written in
# messages (en, zh-CN, IDR, csv, http, GET /api/v1/...) are not translated.

error-text = { $text }

## Any text field

error-empty = must not be empty
# $max: the most characters the field holds.
error-too-long = { $max ->
    [one] must be at most { $max } character
   *[other] must be at most { $max } characters
}
error-control-characters = must not contain control characters
# The field held a NUL character (a zero byte, written %00 in a URL).
error-nul = must not contain a NUL character (%00)
# The API request held text the database cannot store; "body" is the request's body.
error-unstorable-character = holds a character that cannot be stored (such as NUL)
# $min and $max: the lowest and highest number the field accepts.
error-out-of-range = must be between { $min } and { $max }
error-not-uuid = must be a UUID

## Languages, countries, currencies, time zones, file formats

# $text: the language tag the user gave.
error-unknown-language = `{ $text }` is not a language Leadline speaks: en, id, zh-CN or ru
# $text: the country code the user gave.
error-not-country = `{ $text }` is not a country code such as ID, CN or RU
# $text: the currency code the user gave.
error-not-currency = `{ $text }` is not an ISO 4217 currency code such as IDR
# $name: the time zone name the user gave, already in double quotes.
error-not-time-zone = { $name } is not a time zone of the tz database (such as Asia/Jakarta)
# $text: the file format the user asked an export for.
error-unknown-file-format = `{ $text }` is not a file format: csv, excel_csv or xlsx

## Leads: e-mail, phone, owner, deal value

# $text: what the user typed as an e-mail address.
error-not-email = `{ $text }` is not an e-mail address
error-phone-too-long = is too long for a phone number
# $text: what the user typed as a phone number.
error-not-phone = `{ $text }` is not a phone number
# $text: a number that has the form of a phone number but cannot be one.
error-invalid-phone = `{ $text }` is not a valid phone number
error-no-such-lead = no such lead
error-referrer-is-the-lead = a lead cannot refer itself
error-no-such-user = no such user
task-error-assignee-cannot-see = the assignee is a rep who cannot see this lead (another rep owns it)
task-error-reps-assign-themselves = a rep gives tasks to themselves alone
touch-error-reps-log-their-own = a rep logs their own touches alone
error-owner-deactivated = that user is deactivated
# "decide" is the funnel stage at which a lead counts as won.
error-entry-needs-deal-value = a lead entering at decide or later is won and needs a deal value
error-won-keeps-deal-value = a won lead keeps a deal value
error-regress-needs-reason = moving a lead backwards needs a reason
error-won-needs-deal-value = a won deal needs a deal value
# $max: the most tags a lead may carry.
error-too-many-tags = { $max ->
    [one] at most { $max } tag
   *[other] at most { $max } tags
}
error-lost-reason-exists = this reason exists already
# $reason: the lost reason the request named.
error-unknown-lost-reason = `{ $reason }` is not one of the lost reasons (GET /api/v1/lost-reasons)

## Money and dates

error-negative = must not be negative
# $max: the largest amount, in minor units (cents, say).
error-amount-too-large = must be at most { $max } (minor units)
error-future = must not be in the future
# $year: the first year accepted (2000).
error-year-too-early = must be in the year { $year } or later
# $year: the first year no longer accepted (2200).
error-year-too-late = must be before the year { $year }
error-date-out-of-range = is out of the range of dates Leadline keeps
# A report's period: "from" must come before "to" (`to` is the other field's name).
error-from-after-to = must be before `to`
# $max: the most days a report's period may span.
error-period-too-long = { $max ->
    [one] the period may be at most { $max } day
   *[other] the period may be at most { $max } days
}

## Working week and holidays (company settings)

error-no-working-day = choose at least one working day
# $max: the most holidays the calendar holds.
error-too-many-holidays = { $max ->
    [one] at most { $max } holiday
   *[other] at most { $max } holidays
}
# $date: the holiday's date, as YYYY-MM-DD.
error-holiday-twice = { $date } is listed twice

## Calls

error-intent-needs-connected = only a connected call has an intent
error-not-http-url = must be an http(s) URL
# $min and $max: how many calls one batch may hold.
error-batch-size = { $max ->
    [one] must hold { $min } to { $max } call
   *[other] must hold { $min } to { $max } calls
}

## The API's paging and Idempotency-Key header

error-bad-cursor = is not a cursor this API returned
# $min and $max: the shortest and longest key, in characters.
error-idempotency-key = must be { $min }-{ $max } visible ASCII characters
# The Idempotency-Key was sent before with another request body.
error-idempotency-key-reused = was already used with a different request

## Users and passwords

error-email-taken = a user with this e-mail already exists
# $min: the fewest characters a password may have.
error-password-too-short = { $min ->
    [one] must be at least { $min } character
   *[other] must be at least { $min } characters
}
# $max: the most bytes a password may have (a letter may take several bytes).
error-password-too-long = { $max ->
    [one] must be at most { $max } byte
   *[other] must be at most { $max } bytes
}

## Webhooks

# $name: the event type the request named, in double quotes; $known: the event types
# there are, separated by commas.
error-unknown-event-type = unknown event type { $name }; known: { $known }
error-not-one-of = `{ $text }` is not one of: { $known }
error-not-date = `{ $text }` is not a date (YYYY-MM-DD)
error-no-event-type = choose at least one event type
# $reason: why the URL parser refused it (in English, from a library).
error-not-url = is not a URL ({ $reason })
error-url-scheme = must be an http or https URL
error-url-host = must name a host
error-url-credentials = must not carry a user name or password; deliveries are signed instead
error-url-fragment = must not have a #fragment
error-too-many-items = at most { $max }
error-merge-nothing = name at least one lead to merge into this one
error-merge-twice = names a lead twice, or the lead merged into
error-merge-no-such-lead = no lead { $id } to merge
error-forecast-stage = `{ $stage }` is not a stage an open lead can be at: new, connect, interest, need or evaluate
error-forecast-chance = the chance for { $stage } must be a number from 0 to 1, or null
error-not-number = must be a whole number
error-lead-erased = this person’s data was erased at their request; it is not entered on this lead again

## Teams.
error-team-unknown = there is no such team
error-team-manager-unknown = there is no such user to lead the team
error-team-manager-rep = a team is led by a manager or an admin, not a rep
error-team-name-taken = another team has this name
error-owner-outside-teams = that user is not in your teams: you can give leads only to your teams' reps
error-rep-outside-teams = that user is not in your teams: you log calls and touches only for yourself and your teams' reps
# A change of a lead's tags gave the whole list and also tags to add or remove.
error-tags-replace-or-change = give either the whole list of tags, or tags to add and remove, not both
# The lead changed since the client read it (its If-Match no longer matches).
error-lead-changed = the lead has changed since you read it; read it again and redo your change
# The body of PUT /leads/by-external-id/{external_id} names another external_id than its address.
error-external-id-differs = must be the external_id in the address, or left out
error-capture-no-contact = give a phone number or an e-mail, so that we can reach you
error-custom-unknown = no custom field has this key (GET /api/v1/custom-fields lists them)
error-custom-inactive = this custom field is no longer in use
error-custom-not-number = `{ $text }` is not a number
error-custom-not-date = `{ $text }` is not a date (2026-12-31 or 31.12.2026)
error-custom-not-text = must be text
error-custom-key = `{ $text }` is not a key: 1 to 40 lowercase letters, digits or _, starting with a letter
error-custom-key-taken = another custom field has this key
error-custom-choices-empty = a list needs at least one choice
error-custom-no-choices = only a field that is one of a list has choices
# $min and $max: how many leads one batch may hold.
error-lead-batch-size = { $max ->
    [one] must hold { $min } to { $max } lead
   *[other] must hold { $min } to { $max } leads
}
# A token's expiry that has passed already.
error-not-in-future = must be in the future
# $name: a scope that does not exist; $known: those that do.
error-unknown-scope = { $name } is not a scope; scopes are { $known }
error-no-scope = give at least one scope, or none at all for everything the user's role allows
# $text: what was given for a web origin.
error-not-an-origin = { $text } is not a web origin such as https://www.example.co.id
