# The settings page: the company's clock, working week, holidays, phone numbers'
# country and language. Only admins see it.

settings-title = Settings
settings-saved = Settings saved.

## A notice while the dashboard's figures are counted again after a change of time zone.
## $zone is the new zone (an IANA name such as Asia/Jakarta).

# The last step of a recount.
settings-recount-folding = The dashboard is being recounted in { $zone }: every lead is counted, and the counts are being folded together (with millions of calls, some minutes). Meanwhile its figures are computed from the raw records: exact, only slower. This page looks again every few seconds.
# The recount under way: $percent done, $counted of $total leads.
settings-recount-progress = { $total ->
    [one] The dashboard is being recounted in { $zone }: { $percent }% ({ $counted } of { $total } lead). Meanwhile its figures are computed from the raw records: exact, only slower. This page looks again every few seconds.
   *[other] The dashboard is being recounted in { $zone }: { $percent }% ({ $counted } of { $total } leads). Meanwhile its figures are computed from the raw records: exact, only slower. This page looks again every few seconds.
}
# The progress bar's text, where a browser shows no bar.
settings-recount-percent = { $percent }%

## The form.

settings-time-zone = Time zone
settings-time-zone-hint = Days, 'today', periods, working days and overdue follow-ups begin at this zone's midnight.
settings-country = Default country for phone numbers
settings-country-hint = A number written without a country code, such as 0812-3456-7890, is read in this country's numbering plan. An import can name its file's own.
settings-language = Language
# Each language in the menu is listed by its own name.
settings-language-hint = The pages speak it to users who have not chosen a language and whose browser asks for none Leadline speaks.
settings-working-days = Working days
settings-working-days-hint = Dials per working day and the norm flags count these weekdays, less the holidays below.
settings-day-monday = Monday
settings-day-tuesday = Tuesday
settings-day-wednesday = Wednesday
settings-day-thursday = Thursday
settings-day-friday = Friday
settings-day-saturday = Saturday
settings-day-sunday = Sunday
settings-holidays = Holidays, one a line: the date, then its name
# An example line for the holidays' box: a date (always YYYY-MM-DD) and a holiday's name.
settings-holidays-example = 2026-12-25 Natal
settings-save = Save settings
# $time is when the settings were last saved (a date and time).
settings-updated = Last changed { $time }.
# What is wrong with a line of the holidays' box: $line is its number, $date what was
# written where the date should be.
settings-holiday-not-a-date = line { $line }: `{ $date }` is not a date (YYYY-MM-DD)
