# 通知：页眉中的未读数、页面角落的实时提醒和通知页面。

notices-unread = { $count ->
    [0] 没有未读通知
   *[other] { $shown } 条未读通知
}

notices-title = 通知
notices-intro = 有线索分配给您、您的回访或任务到期、您发起的导入结束时，这里会通知您。打开一条即可前往，并标记为已读。
notices-empty = 暂无通知。
notices-read-all = 全部标为已读
notices-dismiss = 关闭
notices-new = 新

notice-lead-assigned = { $actor } 将线索 { $lead } 分配给了您
notice-lead-assigned-anonymous = 线索 { $lead } 已分配给您
# Many leads given to the user at once (a bulk reassign): $count of them, $shown as written.
notice-leads-assigned = { $actor } 给您分配了 { $shown } 条线索
notice-leads-assigned-anonymous = 已有 { $shown } 条线索分配给您
notice-follow-up-due = 回访时间到：致电 { $lead }（{ $time }）
notice-task-due = 任务到期：{ $task }（{ $lead }）
notice-import-done = { $file } 导入完成：已导入 { $imported } 条线索
notice-import-failed = { $file } 导入未完成即停止；打开查看原因
