# The spend ledger (/spend): what the team costs, month by month, so the dashboard can
# show the cost of a call, a lead and a deal. Read by managers.

spend-title = 费用
spend-heading = 费用台账
spend-intro = 记录团队的各项费用——工资、通信费、各渠道的广告费——数据看板据此算出每次通话、每条线索和每笔成交的成本。
# What a screen reader calls the links to the previous and next month.
spend-month-nav = 月份

## Adding an expense

spend-add-title = 添加费用
spend-form-date = 日期
spend-form-amount = 金额
spend-form-category = 类别
# The advertising channel the money went to; empty for costs of the whole team.
spend-form-channel = 渠道（公共费用请留空）
spend-form-note = 备注
spend-form-submit = 添加

# Categories of spend, as menus and tables show them.
spend-category-advertising = 广告费
spend-category-salaries = 工资
spend-category-telephony = 通信费
spend-category-other = 其他

## The month's totals and entries

# $month: the month as YYYY-MM; $total: an amount with its currency.
spend-total = { $month } 合计：{ $total }
# $month: the month as YYYY-MM.
spend-empty = { $month } 暂无记录。请在上方添加工资、通信费和广告费，即可在数据看板上查看单次通话、单条线索和单笔成交的成本。
# File formats of the download links. XLSX and CSV are format names.
spend-export-xlsx = XLSX
spend-export-excel-csv = CSV（Excel适用）
spend-export-csv = CSV
spend-col-date = 日期
spend-col-amount = 金额
spend-col-category = 类别
spend-col-channel = 渠道
spend-col-note = 备注
spend-col-added-by = 添加人
# Heading of the column of buttons, read only by screen readers.
spend-col-actions = 操作
spend-delete = 删除

## Errors in the expense form, after the field's name ("date: choose the date of the expense")

spend-error-choose-date = 请选择费用日期
spend-error-enter-amount = 请输入金额
spend-error-choose-category = 请选择类别
spend-form-rep = 归属销售
spend-form-rep-none = 整个团队
spend-form-rep-hint = 若这笔支出只属于某位销售（工资、其电话线路），请选择此人：按销售筛选的仪表盘只计算他们的支出。
spend-col-rep = 销售
