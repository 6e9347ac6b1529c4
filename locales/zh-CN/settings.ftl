# The settings page: the company's clock, working week, holidays, phone numbers'
# country and language. Only admins see it.

settings-title = 设置
settings-saved = 设置已保存。

## A notice while the dashboard's figures are counted again after a change of time zone.
## $zone is the new zone (an IANA name such as Asia/Jakarta).

# The last step of a recount.
settings-recount-folding = 正在按 { $zone } 时区重新统计数据看板：所有线索已计数，正在汇总合并（通话达数百万条时需要几分钟）。在此期间，数据直接从原始记录计算：结果准确，只是较慢。本页面每隔几秒自动刷新。
# The recount under way: $percent done, $counted of $total leads.
settings-recount-progress = 正在按 { $zone } 时区重新统计数据看板：{ $percent }%（{ $counted }/{ $total }条线索）。在此期间，数据直接从原始记录计算：结果准确，只是较慢。本页面每隔几秒自动刷新。
# The progress bar's text, where a browser shows no bar.
settings-recount-percent = { $percent }%

## The form.

settings-time-zone = 时区
settings-time-zone-hint = 日期、“今天”、统计时间段、工作日和逾期跟进都以该时区的零点为分界。
settings-country = 电话号码默认国家
settings-country-hint = 未带国家代码的号码（如021-6123-4567）按该国家的号码规则解读。导入时可为文件单独指定国家。
settings-language = 语言
# Each language in the menu is listed by its own name.
settings-language-hint = 用户未选择语言、且浏览器请求的语言Leadline都不支持时，页面使用此语言显示。
settings-working-days = 工作日
settings-working-days-hint = “每工作日拨打量”和达标标记按这些工作日计算，并扣除下方的节假日。
settings-day-monday = 星期一
settings-day-tuesday = 星期二
settings-day-wednesday = 星期三
settings-day-thursday = 星期四
settings-day-friday = 星期五
settings-day-saturday = 星期六
settings-day-sunday = 星期日
settings-holidays = 节假日，每行一个：先写日期，再写名称
# An example line for the holidays' box: a date (always YYYY-MM-DD) and a holiday's name.
settings-holidays-example = 2026-10-01 国庆节
settings-save = 保存设置
# $time is when the settings were last saved (a date and time).
settings-updated = 最近修改于 { $time }。
# What is wrong with a line of the holidays' box: $line is its number, $date what was
# written where the date should be.
settings-holiday-not-a-date = 第{ $line }行：`{ $date }` 不是日期（YYYY-MM-DD）
