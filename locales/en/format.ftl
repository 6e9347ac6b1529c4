# How figures read on every page (dashboard cards and tables, the call queue, a lead's calls).

# A figure that cannot be computed for lack of records (e.g. a rate with no calls): not zero.
format-no-data = no data
# The change of a figure that was zero in the previous period and is not now (instead of "+12.5%").
format-change-new = new

# Durations, short. The numbers are given already written ($minutes and $seconds with two
# digits after a larger unit: "2h 04m"); translate the unit letters and keep them short.
format-duration-hours-minutes = { $hours }h { $minutes }m
format-duration-minutes-seconds = { $minutes }m { $seconds }s
format-duration-seconds = { $seconds }s

# A calendar day, as "01 Nov 2026": $day has two digits, $month is one of the short month
# names below, $year has four digits. Reorder to the language's habit.
format-day = { $day } { $month } { $year }
# The months' short names, as a day reads them (format-day).
format-month-1 = Jan
format-month-2 = Feb
format-month-3 = Mar
format-month-4 = Apr
format-month-5 = May
format-month-6 = Jun
format-month-7 = Jul
format-month-8 = Aug
format-month-9 = Sep
format-month-10 = Oct
format-month-11 = Nov
format-month-12 = Dec
