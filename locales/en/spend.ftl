# The spend ledger (/spend): what the team costs, month by month, so the dashboard can
# show the cost of a call, a lead and a deal. Read by managers.

spend-title = Spend
spend-heading = Spend ledger
spend-intro = Everything the team costs — salaries, telephony, advertising per channel — so the dashboard can say what each call, lead and deal costs.
# What a screen reader calls the links to the previous and next month.
spend-month-nav = Month

## Adding an expense

spend-add-title = Add an expense
spend-form-date = Date
spend-form-amount = Amount
spend-form-category = Category
# The advertising channel the money went to; empty for costs of the whole team.
spend-form-channel = Channel (leave empty for overheads)
spend-form-note = Note
spend-form-submit = Add

# Categories of spend, as menus and tables show them.
spend-category-advertising = advertising
spend-category-salaries = salaries
spend-category-telephony = telephony
spend-category-other = other

## The month's totals and entries

# $month: the month as YYYY-MM; $total: an amount with its currency.
spend-total = { $month } in total: { $total }
# $month: the month as YYYY-MM.
spend-empty = Nothing recorded for { $month }. Add salaries, telephony and advertising above to see cost per call, lead and deal on the dashboard.
# File formats of the download links. XLSX and CSV are format names.
spend-export-xlsx = XLSX
spend-export-excel-csv = CSV for Excel
spend-export-csv = CSV
spend-col-date = Date
spend-col-amount = Amount
spend-col-category = Category
spend-col-channel = Channel
spend-col-note = Note
spend-col-added-by = Added by
# Heading of the column of buttons, read only by screen readers.
spend-col-actions = Actions
spend-delete = Delete

## Errors in the expense form, after the field's name ("date: choose the date of the expense")

spend-error-choose-date = choose the date of the expense
spend-error-enter-amount = enter the amount
spend-error-choose-category = choose a category
spend-form-rep = For a rep
spend-form-rep-none = The whole team
spend-form-rep-hint = Name the rep when it was theirs alone (a salary, their phone line): the dashboard filtered to reps divides only their spend.
spend-col-rep = Rep
