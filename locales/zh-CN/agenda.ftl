# The agenda page: a user's follow-ups and tasks by when they fall due.

agenda-title = 日程
# $name is the user whose agenda a manager opened.
agenda-title-of = { $name }的日程
agenda-whose = 查看
agenda-show = 显示
agenda-keys = 快捷键：n 拨打下一个，x 将下一个任务标为完成。
agenda-empty = 没有待办：未来一周没有跟进或未完成的任务。
agenda-overdue = 已逾期
agenda-today = 今天
agenda-upcoming = 未来七天
agenda-undated = 无截止时间的任务
agenda-col-when = 时间
agenda-col-what = 事项
agenda-col-lead = 线索
agenda-col-phone = 电话
agenda-col-actions = 操作
agenda-kind-follow-up = 跟进电话
agenda-kind-task = 任务
agenda-call = 拨打
agenda-done = 完成
agenda-task-done = 任务已完成。
agenda-error-user = 不是有效的用户。
agenda-error-not-yours = 销售只能查看自己的日程。
# When the agenda is another user's whose days are in another zone; $zone names it.
agenda-days-zone = 逾期、今天和之后的日期按{ $zone }计算；时间按您的时区显示。

agenda-team = 团队
agenda-title-of-team = 团队 { $name } 的日程
agenda-col-who = 负责人
