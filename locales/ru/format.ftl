# How figures read on every page (dashboard cards and tables, the call queue, a lead's calls).

# A figure that cannot be computed for lack of records (e.g. a rate with no calls): not zero.
format-no-data = нет данных
# The change of a figure that was zero in the previous period and is not now (instead of "+12.5%").
format-change-new = новое

# The change of a rate (a conversion, ROI) against the previous period, in percentage points: "+3.4 pp".
format-change-points = { $sign }{ $points } п. п.
