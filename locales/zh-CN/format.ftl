# How figures read on every page (dashboard cards and tables, the call queue, a lead's calls).

# A figure that cannot be computed for lack of records (e.g. a rate with no calls): not zero.
format-no-data = 暂无数据
# The change of a figure that was zero in the previous period and is not now (instead of "+12.5%").
format-change-new = 新增

# Durations, short. The numbers are given already written ($minutes and $seconds with two
# digits after a larger unit: "2h 04m"); translate the unit letters and keep them short.
format-duration-hours-minutes = { $hours }小时{ $minutes }分
format-duration-minutes-seconds = { $minutes }分{ $seconds }秒
format-duration-seconds = { $seconds }秒

# A calendar day, as "01 Nov 2026": $day has two digits, $month is one of the short month
# names below, $year has four digits. Reorder to the language's habit.
format-day = { $year }年{ $month }{ $day }日
# The months' short names, as a day reads them (format-day).
format-month-1 = 1月
format-month-2 = 2月
format-month-3 = 3月
format-month-4 = 4月
format-month-5 = 5月
format-month-6 = 6月
format-month-7 = 7月
format-month-8 = 8月
format-month-9 = 9月
format-month-10 = 10月
format-month-11 = 11月
format-month-12 = 12月
