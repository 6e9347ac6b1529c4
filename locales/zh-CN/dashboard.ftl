# The managers' dashboard (/dashboard): the funnel, money, calls and reps of a period,
# each figure beside the same figure for the period before.

dashboard-title = 数据看板

## The filters above the figures.

dashboard-filters = 筛选
dashboard-filter-period = 时间段
dashboard-filter-from = 开始日期
dashboard-filter-to = 结束日期
dashboard-filter-channel = 渠道
dashboard-filter-all-channels = 全部渠道
dashboard-filter-owner = 负责人
dashboard-filter-everyone = 所有人
dashboard-filter-tag = 标签
dashboard-filter-any-tag = 任意标签
# Which leads the funnel counts: those created in the period, or the stage moves made in it.
dashboard-filter-funnel = 漏斗口径
dashboard-view-cohort = 本期新建的线索
dashboard-view-activity = 本期的阶段变动
dashboard-apply = 应用

# The periods to choose from.
dashboard-period-7d = 最近7天
dashboard-period-30d = 最近30天
dashboard-period-this-month = 本月
dashboard-period-last-month = 上月
dashboard-period-this-quarter = 本季度
dashboard-period-custom = 自定义

# A period's first and last days, each as format-day writes it ("01 Nov 2026").
dashboard-period-range = { $from } 至 { $to }
# Under the filters: $period and $previous are periods (dashboard-period-range), $zone the
# company's time zone (e.g. Asia/Jakarta), whose days they are.
dashboard-period-note = { $period }（{ $zone }），对比 { $previous }。如需使用{ dashboard-filter-from }和{ dashboard-filter-to }，请选择“{ dashboard-period-custom }”。

# Shown while the figures are recounted after the company's time zone changed ($zone, e.g.
# Asia/Jakarta); $percent is a whole number from 0 to 99.
dashboard-recount-progress = 正在按 { $zone } 时区重新统计数据：已完成{ $percent }%。完成前，数据直接从原始记录计算：结果准确，只是较慢。
dashboard-recount-folding = 正在按 { $zone } 时区重新统计数据：所有线索已计数，正在汇总合并。完成前，数据直接从原始记录计算：结果准确，只是较慢。

# When the period holds no leads, calls or spend. Each variable is a link reading one of
# the dashboard-empty-*-link messages below.
dashboard-empty-title = 该时间段内暂无数据
dashboard-empty-text = 添加线索（{ $new }或{ $import }），在{ $queue }中记录通话，并在{ $spend }中登记各项费用：有了数据后，漏斗、成本和销售人员数据会立即显示在这里。也可以在上方选择其他时间段。
dashboard-empty-new-link = 逐条添加
dashboard-empty-import-link = 从CSV文件导入
dashboard-empty-queue-link = 拨打队列
dashboard-empty-spend-link = 费用台账

## Download links under each section: "Funnel: XLSX · CSV for Excel · CSV".

# $table is one of the dashboard-download-* names below.
dashboard-download-label = { $table }：
dashboard-download-xlsx = XLSX
dashboard-download-excel-csv = CSV（Excel适用）
dashboard-download-csv = CSV
dashboard-download-funnel = 销售漏斗
dashboard-download-figures = 费用与通话数据
dashboard-download-stages = 各阶段成本
dashboard-download-channels = 渠道
dashboard-download-reps = 销售人员

## The funnel: a bar chart and a table, one row per stage.

dashboard-funnel-title = 销售漏斗
# A bar's label for screen readers: $stage is the stage's name, $shown how many leads
# reached it as written on the page, $count the same as a number.
dashboard-bar-label = { $stage }：{ $count ->
   *[other] { $shown }条线索
}
# Beside a bar: $step the share of the previous stage's leads that reached this one
# ("45.0%"), $shown how many leads did not ($count the same as a number).
dashboard-bar-note = { $count ->
   *[other] 占上一阶段{ $step } · 流失{ $shown }条
}
dashboard-funnel-caption = 各阶段：到达的线索数、转化率、流失数及到达用时
dashboard-th-stage = 阶段
dashboard-th-reached = 到达数
dashboard-th-previous = 上期
dashboard-th-change = 变化
dashboard-th-step-conversion = 阶段转化率
dashboard-th-overall = 总转化率
dashboard-th-lost-here = 本阶段流失
dashboard-th-top-reasons = 主要流失原因
dashboard-th-velocity = 距上一阶段用时
# A reason leads were lost ($reason, written by the company) and how many ($leads).
dashboard-lost-reason = { $reason }（{ $leads }）
# Time to reach a stage: the median and the 90th percentile, each a duration ("2h 04m").
dashboard-velocity = { $median }（p90 { $p90 }）
# A time between stages of no time at all: the lead passed both in one step (one call, or created at the later stage).
dashboard-velocity-at-once = 即时

## Money and calls: cards, each a figure over the previous period's.

dashboard-money-title = 费用与收入
dashboard-calls-title = 通话
# Under a card's figure: $value is the figure for the previous period.
dashboard-before = 上期：{ $value }
dashboard-stage-costs-caption = 到达各阶段的单条线索成本
dashboard-th-cost = 成本
dashboard-channel-costs-caption = 各渠道单条线索成本
dashboard-th-channel = 渠道
dashboard-th-spend = 费用
dashboard-th-leads = 线索数
dashboard-th-cost-per-lead = 单条线索成本
dashboard-channel-costs-empty = 该时间段内没有渠道费用或线索。

# The figures of the cards (also the first column of the "figures" download).
dashboard-measure-spend = 费用
dashboard-measure-revenue = 收入（已成交订单）
dashboard-measure-cost-per-call = 单次通话成本
dashboard-measure-cost-per-lead = 单条线索成本
# CAC: customer acquisition cost.
dashboard-measure-cost-per-deal = 单笔成交成本（获客成本）
# Return on investment.
dashboard-measure-roi = 投资回报率（ROI）
dashboard-measure-dials = 拨打量
dashboard-measure-connected = 接通数
dashboard-measure-connect-rate = 接通率
# Share of connected calls where the lead's intent to buy was clear, unclear, or absent.
dashboard-measure-clear-intent = 意向明确
dashboard-measure-unclear-intent = 意向不明
dashboard-measure-no-intent = 无意向
dashboard-measure-mean-talk = 平均通话时长（每次接通）
dashboard-measure-unanswered-time = 未接通耗时
dashboard-measure-do-not-call-calls = 拨打勿扰线索的通话
dashboard-measure-touches = 电话以外的触达
dashboard-measure-touches-chat = 聊天（WhatsApp、微信、Telegram）
dashboard-measure-touches-sms = 短信
dashboard-measure-touches-email = 电子邮件
dashboard-measure-touches-meeting = 会面

## The reps' table.

dashboard-reps-title = 销售人员
dashboard-reps-caption = 每项数据下方为上期数据。标准：每个工作日拨打100–120次（低于80次会被标记）；有效率（意向明确的通话占拨打量的比例）通常为5–15%
dashboard-th-rep = 销售
dashboard-th-dials = 拨打量
dashboard-th-per-day = 每工作日拨打
dashboard-th-connect-rate = 接通率
dashboard-th-effectiveness = 有效率
dashboard-th-talk = 通话时长
dashboard-th-advanced = 推进线索数
dashboard-th-deals = 成交数
dashboard-th-revenue = 收入
dashboard-th-overdue = 逾期跟进
dashboard-th-needs-a-look = 需关注
dashboard-reps-empty = 暂无销售人员：请在“管理”中添加。
# Badges in "Needs a look": what a rep's figures ask of their manager.
dashboard-flag-below-norm = 拨打量未达标
dashboard-flag-low-effectiveness = 有效率偏低
dashboard-flag-high-effectiveness = 请核查意向记录

## The downloads' header row, read by a manager in a spreadsheet (lowercase, as column
## titles). The figures under them are plain numbers: money in major units, rates as
## fractions, times in seconds, hence "(s)".

dashboard-column-stage = 阶段
dashboard-column-reached = 到达数
dashboard-column-previous = 上期
dashboard-column-change = 变化
dashboard-column-step-conversion = 阶段转化率
dashboard-column-overall-conversion = 总转化率
dashboard-column-lost-here = 本阶段流失
dashboard-column-top-reasons = 主要流失原因
dashboard-column-velocity-median = 距上一阶段用时中位数（秒）
dashboard-column-velocity-p90 = 距上一阶段用时p90（秒）
dashboard-column-figure = 指标
dashboard-column-value = 数值
dashboard-column-cost = 成本
dashboard-column-channel = 渠道
dashboard-column-spend = 费用
dashboard-column-leads = 线索数
dashboard-column-cost-per-lead = 单条线索成本
dashboard-column-rep = 销售
dashboard-column-dials = 拨打量
dashboard-column-dials-per-day = 每工作日拨打量
dashboard-column-connect-rate = 接通率
dashboard-column-effectiveness = 有效率
dashboard-column-talk-seconds = 通话时长（秒）
dashboard-column-leads-advanced = 推进线索数
dashboard-column-deals = 成交数
dashboard-column-revenue = 收入
dashboard-column-overdue = 逾期跟进
dashboard-column-needs-a-look = 需关注
# The same figure for the previous period, and its change: $column is one of the column
# titles above (e.g. "dials").
dashboard-column-before = 上期{ $column }
dashboard-column-change-of = { $column }变化

## Errors in the dashboard's address (its filters), shown on an error page. Words between
## `backticks` are the address's own names: keep them as they are.

# $field is `from` or `to`.
dashboard-error-date = `{ $field }` 必须是日期（YYYY-MM-DD）
dashboard-error-range-backwards = 开始日期不能晚于结束日期
dashboard-error-range-too-long = 时间范围最长为三年
# $period is what the address asked for.
dashboard-error-period = `{ $period }` 不是有效的时间段
dashboard-error-owner = `owner_id` 不是有效用户
# $table is what the address asked for.
dashboard-error-table = `table` 必须是 funnel、figures、stages、channels 或 reps，而不是 `{ $table }`
# Under the funnel in the activity view, where conversion columns are left out.
dashboard-activity-note = 这里是本期的阶段变动，无论线索何时进入；多数线索在更早的时期到达上一阶段，因此阶段间转化率只针对本期新建的线索显示。
dashboard-not-applicable = 不适用
dashboard-forecast-link = 预测 →
dashboard-tags-link = 按标签 →
dashboard-filter-tag-group = 标签组
dashboard-filter-any-tag-group = 任意组
dashboard-cost-not-applicable-tag-filter = 按标签或标签组筛选时成本数字不适用：支出按渠道和销售记录，从不按标签记录，用标签下的线索分摊支出会产生误导。请在“按标签”页面查看这些线索承担的渠道支出。

dashboard-filter-team = 团队
dashboard-filter-all-teams = 所有团队
dashboard-error-not-yours = 您无权查看这些数据：您只能看到自己团队的销售。
