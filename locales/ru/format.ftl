# How figures read on every page (dashboard cards and tables, the call queue, a lead's calls).

# A figure that cannot be computed for lack of records (e.g. a rate with no calls): not zero.
format-no-data = нет данных
# The change of a figure that was zero in the previous period and is not now (instead of "+12.5%").
format-change-new = новое

# Durations, short. The numbers are given already written ($minutes and $seconds with two
# digits after a larger unit: "2h 04m"); translate the unit letters and keep them short.
format-duration-hours-minutes = { $hours } ч { $minutes } мин
format-duration-minutes-seconds = { $minutes } мин { $seconds } с
format-duration-seconds = { $seconds } с

# A calendar day, as "01 Nov 2026": $day has two digits, $month is one of the short month
# names below, $year has four digits. Reorder to the language's habit.
format-day = { $day } { $month } { $year }
# The months' short names, as a day reads them (format-day).
format-month-1 = янв.
format-month-2 = февр.
format-month-3 = мар.
format-month-4 = апр.
format-month-5 = мая
format-month-6 = июн.
format-month-7 = июл.
format-month-8 = авг.
format-month-9 = сент.
format-month-10 = окт.
format-month-11 = нояб.
format-month-12 = дек.
