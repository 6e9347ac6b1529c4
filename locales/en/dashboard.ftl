# The managers' dashboard (/dashboard): the funnel, money, calls and reps of a period,
# each figure beside the same figure for the period before.

dashboard-title = Dashboard

## The filters above the figures.

dashboard-filters = Filters
dashboard-filter-period = Period
dashboard-filter-from = From
dashboard-filter-to = To
dashboard-filter-channel = Channel
dashboard-filter-all-channels = All channels
dashboard-filter-owner = Owner
dashboard-filter-everyone = Everyone
dashboard-filter-tag = Tag
dashboard-filter-any-tag = Any tag
# Which leads the funnel counts: those created in the period, or the stage moves made in it.
dashboard-filter-funnel = Funnel
dashboard-view-cohort = Leads created in the period
dashboard-view-activity = Stage moves in the period
dashboard-apply = Apply

# The periods to choose from.
dashboard-period-7d = Last 7 days
dashboard-period-30d = Last 30 days
dashboard-period-this-month = This month
dashboard-period-last-month = Last month
dashboard-period-this-quarter = This quarter
dashboard-period-custom = Custom range

# A period's first and last days, each as format-day writes it ("01 Nov 2026").
dashboard-period-range = { $from } – { $to }
# Under the filters: $period and $previous are periods (dashboard-period-range), $zone the
# company's time zone (e.g. Asia/Jakarta), whose days they are.
dashboard-period-note = { $period } ({ $zone }), compared with { $previous }. To use { dashboard-filter-from } and { dashboard-filter-to }, choose “{ dashboard-period-custom }”.

# Shown while the figures are recounted after the company's time zone changed ($zone, e.g.
# Asia/Jakarta); $percent is a whole number from 0 to 99.
dashboard-recount-progress = The figures are being recounted in { $zone }: { $percent }% done. Until then they are computed from the raw records: exact, only slower.
dashboard-recount-folding = The figures are being recounted in { $zone }: every lead is counted, the counts are being folded together. Until then they are computed from the raw records: exact, only slower.

# When the period holds no leads, calls or spend. Each variable is a link reading one of
# the dashboard-empty-*-link messages below.
dashboard-empty-title = Nothing in this period yet
dashboard-empty-text = Add leads ({ $new } or { $import }), log calls from the { $queue }, and record what you spend in the { $spend }: the funnel, costs and rep figures appear here as soon as there is data. Or pick another period above.
dashboard-empty-new-link = one by one
dashboard-empty-import-link = from a CSV file
dashboard-empty-queue-link = call queue
dashboard-empty-spend-link = spend ledger

## Download links under each section: "Funnel: XLSX · CSV for Excel · CSV".

# $table is one of the dashboard-download-* names below.
dashboard-download-label = { $table }:
dashboard-download-xlsx = XLSX
dashboard-download-excel-csv = CSV for Excel
dashboard-download-csv = CSV
dashboard-download-funnel = Funnel
dashboard-download-figures = Money and call figures
dashboard-download-stages = Cost per stage
dashboard-download-channels = Channels
dashboard-download-reps = Reps

## The funnel: a bar chart and a table, one row per stage.

dashboard-funnel-title = Funnel
# A bar's label for screen readers: $stage is the stage's name, $shown how many leads
# reached it as written on the page, $count the same as a number.
dashboard-bar-label = { $stage }: { $count ->
    [one] { $shown } lead
   *[other] { $shown } leads
}
# Beside a bar: $step the share of the previous stage's leads that reached this one
# ("45.0%"), $shown how many leads did not ($count the same as a number).
dashboard-bar-note = { $count ->
   *[other] { $step } of previous · { $shown } dropped
}
dashboard-funnel-caption = Per stage: leads that reached it, conversion, losses and time to reach it
dashboard-th-stage = Stage
dashboard-th-reached = Reached
dashboard-th-previous = Previous
dashboard-th-change = Change
dashboard-th-step-conversion = Step conversion
dashboard-th-overall = Overall
dashboard-th-lost-here = Lost here
dashboard-th-top-reasons = Top reasons
dashboard-th-velocity = Time from previous stage
# A reason leads were lost ($reason, written by the company) and how many ($leads).
dashboard-lost-reason = { $reason } ({ $leads })
# Time to reach a stage: the median and the 90th percentile, each a duration ("2h 04m").
dashboard-velocity = { $median } (p90 { $p90 })
# A time between stages of no time at all: the lead passed both in one step (one call, or created at the later stage).
dashboard-velocity-at-once = at once

## Money and calls: cards, each a figure over the previous period's.

dashboard-money-title = Money
dashboard-calls-title = Calls
# Under a card's figure: $value is the figure for the previous period.
dashboard-before = before: { $value }
dashboard-stage-costs-caption = Cost per lead reaching each stage
dashboard-th-cost = Cost
dashboard-channel-costs-caption = Cost per lead by channel
dashboard-th-channel = Channel
dashboard-th-spend = Spend
dashboard-th-leads = Leads
dashboard-th-cost-per-lead = Cost per lead
dashboard-channel-costs-empty = No channel spend or leads in this period.

# The figures of the cards (also the first column of the "figures" download).
dashboard-measure-spend = Spend
dashboard-measure-revenue = Revenue (won deals)
dashboard-measure-cost-per-call = Cost per call
dashboard-measure-cost-per-lead = Cost per lead
# CAC: customer acquisition cost.
dashboard-measure-cost-per-deal = Cost per deal (CAC)
# Return on investment.
dashboard-measure-roi = ROI
dashboard-measure-dials = Dials
dashboard-measure-connected = Connected
dashboard-measure-connect-rate = Connect rate
# Share of connected calls where the lead's intent to buy was clear, unclear, or absent.
dashboard-measure-clear-intent = Clear intent
dashboard-measure-unclear-intent = Unclear intent
dashboard-measure-no-intent = No intent
dashboard-measure-mean-talk = Mean talk per connected call
dashboard-measure-unanswered-time = Time lost to unanswered calls
dashboard-measure-do-not-call-calls = Calls to do-not-call leads
dashboard-measure-touches = Touches besides calls
dashboard-measure-touches-chat = Chats (WhatsApp, WeChat, Telegram)
dashboard-measure-touches-sms = Text messages
dashboard-measure-touches-email = E-mails
dashboard-measure-touches-meeting = Meetings

## The reps' table.

dashboard-reps-title = Reps
dashboard-reps-caption = Each figure over the one for the previous period. Norms: 100–120 dials a working day (flagged under 80); effectiveness (clear-intent calls per dial) usually 5–15%
dashboard-th-rep = Rep
dashboard-th-dials = Dials
dashboard-th-per-day = Per working day
dashboard-th-connect-rate = Connect rate
dashboard-th-effectiveness = Effectiveness
dashboard-th-talk = Talk time
dashboard-th-advanced = Leads advanced
dashboard-th-deals = Deals
dashboard-th-revenue = Revenue
dashboard-th-overdue = Overdue follow-ups
dashboard-th-needs-a-look = Needs a look
dashboard-reps-empty = No reps yet: add them under Admin.
# Badges in "Needs a look": what a rep's figures ask of their manager.
dashboard-flag-below-norm = below dial norm
dashboard-flag-low-effectiveness = low effectiveness
dashboard-flag-high-effectiveness = check intent logging

## The downloads' header row, read by a manager in a spreadsheet (lowercase, as column
## titles). The figures under them are plain numbers: money in major units, rates as
## fractions, times in seconds, hence "(s)".

dashboard-column-stage = stage
dashboard-column-reached = reached
dashboard-column-previous = previous
dashboard-column-change = change
dashboard-column-step-conversion = step conversion
dashboard-column-overall-conversion = overall conversion
dashboard-column-lost-here = lost here
dashboard-column-top-reasons = top reasons
dashboard-column-velocity-median = time from previous stage, median (s)
dashboard-column-velocity-p90 = time from previous stage, p90 (s)
dashboard-column-figure = figure
dashboard-column-value = value
dashboard-column-cost = cost
dashboard-column-channel = channel
dashboard-column-spend = spend
dashboard-column-leads = leads
dashboard-column-cost-per-lead = cost per lead
dashboard-column-rep = rep
dashboard-column-dials = dials
dashboard-column-dials-per-day = dials per working day
dashboard-column-connect-rate = connect rate
dashboard-column-effectiveness = effectiveness
dashboard-column-talk-seconds = talk time (s)
dashboard-column-leads-advanced = leads advanced
dashboard-column-deals = deals
dashboard-column-revenue = revenue
dashboard-column-overdue = overdue follow-ups
dashboard-column-needs-a-look = needs a look
# The same figure for the previous period, and its change: $column is one of the column
# titles above (e.g. "dials").
dashboard-column-before = { $column } before
dashboard-column-change-of = { $column } change

## Errors in the dashboard's address (its filters), shown on an error page. Words between
## `backticks` are the address's own names: keep them as they are.

# $field is `from` or `to`.
dashboard-error-date = `{ $field }` must be a date (YYYY-MM-DD)
dashboard-error-range-backwards = the range's start must not be after its end
dashboard-error-range-too-long = the range may be at most three years
# $period is what the address asked for.
dashboard-error-period = `{ $period }` is not a period
dashboard-error-owner = `owner_id` is not a user
# $table is what the address asked for.
dashboard-error-table = `table` must be funnel, figures, stages, channels or reps, not `{ $table }`
# Under the funnel in the activity view, where conversion columns are left out.
dashboard-activity-note = These are stage moves in the period, whenever the leads came in; most reached the stage before in an earlier period, so conversion between stages is shown only for leads created in the period.
dashboard-not-applicable = not applicable
dashboard-forecast-link = Forecast →
dashboard-tags-link = By tag →
dashboard-filter-tag-group = Tag group
dashboard-filter-any-tag-group = Any group
dashboard-cost-not-applicable-tag-filter = Cost figures are not applicable with a tag or tag group filter: spend is recorded per channel and per rep, never per tag, so dividing it by some tags’ leads would mislead. See the breakdown by tag for the channel spend their leads carry.

dashboard-filter-team = Team
dashboard-filter-all-teams = All teams
dashboard-error-not-yours = Those figures are not yours to see: you see your teams' reps only.
