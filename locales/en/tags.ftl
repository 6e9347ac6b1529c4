## The tag breakdown.

tags-title = By tag
tags-back = ← Dashboard
tags-intro = The funnel and cost of each tag’s leads created { $period }, beside { $previous }, with the dashboard’s filters. A lead with two tags of one group counts once in the group.
tags-channel-spend-hint = Channel spend: each channel’s spend in the period shared equally among the leads it brought in; a tag’s leads carry their shares. Spend with no channel (salaries, telephony) is not shared out, so it is in no tag’s cost.
tags-groups-title = By tag group
tags-tags-title = By tag
tags-th-group = Group
tags-th-tag = Tag
tags-th-leads = Leads
tags-th-connect = Connect
tags-th-interest = Interest
tags-th-need = Need
tags-th-evaluate = Evaluate
tags-th-won = Won
tags-th-conversion = To decide
tags-th-conversion-before = Before
tags-th-revenue = Revenue
tags-th-channel-spend = Channel spend
tags-th-cost-per-lead = Per lead
tags-th-cost-per-deal = Per deal
tags-no-group = No group
tags-empty = No tagged leads in this period.
