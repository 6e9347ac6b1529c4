# Lead pages: the searchable list of leads (/leads), a new lead (/leads/new) and a
# lead's own page (/leads/<id>) with its details, funnel moves, timeline and edit form.
# Read by reps and managers. Stage and status names come from funnel.ftl.

## The leads list: title, search filters and downloads

leads-title = 线索
# Button to the new-lead form.
leads-new-lead = 新建线索
# What a screen reader calls the search form.
leads-search-label = 搜索线索
leads-filter-search = 搜索
# Placeholder of the search box: what it searches in.
leads-filter-search-placeholder = 姓名、电话、邮箱、公司
leads-filter-stage = 阶段
# The first option of a filter menu: no filter.
leads-filter-any = 全部
# Filter on the furthest stage a lead reached.
leads-filter-reached = 已到达
# An option of the "Reached" menu. $stage: a stage's name; the option picks leads that
# reached that stage or a later one.
leads-filter-reached-option = { $stage }及以后
leads-filter-status = 状态
leads-filter-owner = 负责人
# Owner filter: leads of any owner.
leads-filter-anyone = 所有人
# Owner filter: leads nobody owns.
leads-filter-nobody = 未分配
# The channel (source) a lead came through, e.g. "google ads".
leads-filter-channel = 渠道
leads-filter-tag = 标签
# Creation date range, read as "Created from [date] before [date]".
leads-filter-created-from = 创建日期从
leads-filter-created-before = 到（不含）
# Button that applies the filters.
leads-filter-submit = 搜索
# Link that removes every filter.
leads-filter-clear = 清除
# Followed by links to download the listed leads as files.
leads-export-label = 下载这些线索：
# File formats of the download links. XLSX and CSV are format names.
leads-export-xlsx = XLSX
leads-export-excel-csv = CSV（Excel适用）
leads-export-csv = CSV

## The leads list: when it is empty

# $link: a link reading leads-empty-show-all.
leads-empty-filtered = 没有符合条件的线索。{ $link }。
leads-empty-show-all = 显示全部线索
leads-empty-title = 暂无线索
# $hand: a link to the new-lead form reading leads-empty-by-hand.
leads-empty-first = 请{ $hand }添加第一条线索；外呼系统和网页表单也可以通过API推送线索。
# For managers. $hand: a link reading leads-empty-by-hand; $import: a link to the import
# page reading leads-empty-import.
leads-empty-first-manager = 请{ $hand }添加第一条线索，或{ $import }；外呼系统和网页表单也可以通过API推送线索。
leads-empty-by-hand = 手动
leads-empty-import = 导入CSV文件

## The leads list: the table

leads-col-name = 姓名
leads-col-company = 公司
leads-col-phone = 电话
leads-col-stage = 阶段
leads-col-status = 状态
leads-col-owner = 负责人
leads-col-channel = 渠道
leads-col-tags = 标签
leads-col-last-call = 最近通话
leads-col-created = 创建时间
# The "Last call" cell. $time: date and time of the call; $outcome: how it ended
# (a leads-outcome-* message).
leads-last-call = { $time }（{ $outcome }）
leads-next-page = 下一页

## How a call ended, and the intent a connected call showed (list and timeline)

leads-outcome-connected = 已接通
leads-outcome-no-answer = 无人接听
leads-outcome-busy = 占线
leads-outcome-voicemail = 语音信箱
leads-outcome-rejected = 拒接
leads-outcome-invalid-number = 空号
leads-outcome-out-of-service = 停机
leads-outcome-powered-off = 关机
leads-outcome-wrong-person = 非本人
# The person's intent to buy, as the rep judged it on a connected call.
leads-intent-clear = 意向明确
leads-intent-unclear = 意向不明
leads-intent-none = 无意向

## A lead's page: heading and details

# Beside a lost lead's status. $stage: the stage's name.
leads-lost-at = 在{ $stage }阶段流失
# As leads-lost-at, with $reason: why the lead was lost (one of the company's lost reasons).
leads-lost-at-reason = 在{ $stage }阶段流失：{ $reason }
# Badge: the customer asked not to be called.
leads-badge-do-not-call = 勿扰
# Badge: the phone number does not work.
leads-badge-bad-number = 号码异常
leads-details-title = 详情
leads-detail-phone = 电话
leads-detail-email = 邮箱
leads-detail-company = 公司
leads-detail-channel = 渠道
leads-detail-owner = 负责人
leads-detail-tags = 标签
# The furthest stage the lead ever reached.
leads-detail-furthest-stage = 最远阶段
leads-detail-deal-value = 成交金额
# When the lead is to be called next.
leads-detail-next-contact = 下次联系时间
# How many calls were made to the lead.
leads-detail-calls = 通话次数

## A lead's page: moving it along the funnel, marking it lost, reopening it

leads-move-title = 变更漏斗阶段
leads-reopen-reason = 重新激活的原因？
leads-reopen-submit = 重新激活
leads-move-stage = 阶段
leads-move-reason = 原因（回退时必填）
leads-move-deal-value = 成交金额（成交时必填）
leads-move-submit = 变更阶段
leads-lost-reason = 流失原因
# The empty first option of the lost-reason menu.
leads-lost-choose = 请选择…
leads-lost-note = 备注
leads-lost-submit = 标记为流失

## A lead's page: the timeline of calls and funnel events, newest first

leads-timeline-title = 时间线
# Label of a call in the timeline, followed by its outcome.
leads-timeline-call = 通话
# Badge on a call in which the customer asked not to be called again.
leads-timeline-do-not-call = 勿扰线索
# A connected call's outcome with the intent shown. $outcome: a leads-outcome-*
# message; $intent: a leads-intent-* message.
leads-call-with-intent = { $outcome }，{ $intent }
# Kinds of funnel events: the lead entered the funnel, moved forward one stage, skipped
# stages forward, moved back, was lost, was reopened.
leads-event-create = 创建
leads-event-advance = 推进
leads-event-skip = 跳级推进
leads-event-regress = 回退
leads-event-lost = 流失
leads-event-reopen = 重新激活
# An event caused by logging a call. $kind: a leads-event-* message.
leads-event-by-call = { $kind }（由通话触发）
# A move between stages. $from and $to: stage names.
leads-event-moved = { $from } → { $to }
# An event that left the lead at one stage. $stage: the stage's name.
leads-event-at = 阶段：{ $stage }
# Part of an event's details. $value: an amount with its currency.
leads-event-deal-value = 成交金额 { $value }

## A lead's page: the edit form (and the new-lead form's fields)

leads-edit-title = 编辑
leads-form-name = 姓名
leads-form-phone = 电话
leads-form-email = 邮箱
leads-form-company = 公司
leads-form-source = 渠道（来源）
leads-form-tags = 标签（用逗号分隔）
leads-form-next-contact = 下次联系时间
leads-form-deal-value = 成交金额
leads-form-notes = 备注
leads-form-do-not-call = 勿扰（客户要求不再来电）
leads-form-owner = 负责人
# Owner menu: nobody owns the lead.
leads-form-nobody = 未分配
# An option of the owner menu. $name: the user's name; $role: a leads-role-* message.
leads-owner-option = { $name }（{ $role }）
leads-role-admin = 管理员
leads-role-manager = 主管
leads-role-rep = 销售
# Checkbox: store the phone number although another lead has the same one.
leads-form-keep-duplicate = 即使其他线索已有此号码，也保留
leads-form-save = 保存更改

## The new-lead form

leads-new-title = 新建线索
# After the error that another lead has this phone number. $link: a link to that lead,
# reading leads-new-existing-link.
leads-new-see-existing = { $link }。
leads-new-existing-link = 查看已有线索
leads-new-stage = 初始阶段
leads-new-nobody-yet = 暂不分配
# Checkbox shown after the error that another lead has this phone number.
leads-new-store-anyway = 仍然保存（尽管其他线索已有此号码）
leads-new-submit = 创建线索

## Errors on the lead pages

# After a field's name or label ("owner_id: is not a user").
leads-error-not-a-user = 不是有效用户
leads-error-not-a-stage = 不是有效的阶段
leads-error-choose-stage = 请选择阶段
leads-error-lost-reason-missing = 请选择线索流失的原因。
# A bad filter in the leads list's address. $field: the parameter's name (a code).
leads-error-bad-date = `{ $field }` 必须是日期（YYYY-MM-DD）
leads-error-bad-stage = `{ $field }` 不是有效的阶段
leads-error-bad-status = `status` 不是有效的状态
leads-error-bad-owner = `owner_id` 不是有效用户
# $id: the other lead's id. "store anyway" names the checkbox leads-new-store-anyway.
leads-error-duplicate-phone = 其他线索（{ $id }）已使用此电话号码；如仍要保存，请勾选“仍然保存”
# The other lead belongs to another rep, so it is not named.
leads-error-duplicate-phone-hidden = 其他销售的线索已使用此电话号码；如仍要保存，请勾选“仍然保存”
# Funnel moves that are not allowed. $stage: a stage's name; "decide" is the stage at
# which a lead counts as won.
leads-error-already-at = 该线索已处于{ $stage }阶段
leads-error-lead-is-lost = 该线索已流失；请先重新激活，再变更阶段
leads-error-regress-needs-reason = 回退线索阶段需要填写原因
leads-error-won-needs-deal-value = 成交必须填写成交金额
leads-error-already-lost = 该线索已是流失状态
leads-error-won-cannot-be-lost = 已成交的线索不能标记为流失；请先将其回退到“成交”之前的阶段
leads-error-not-lost = 只有已流失的线索才能重新激活

## A lead's tasks, on its page.

leads-tasks-title = 任务
# $when is the due date and time.
leads-task-due = 截止 { $when }
leads-task-title = 新任务
leads-task-due-at = 截止时间
leads-task-assignee = 负责人
leads-task-me = 我
leads-task-add = 添加任务
leads-task-added = 任务已添加。
# On the timeline; $name is who is to do it, or who did it.
leads-timeline-task-added = 给{ $name }的任务
leads-timeline-task-done = { $name }完成了任务

# The referrer of a lead, on its page and its forms; a change saved on the page.
leads-detail-referred-by = 推荐人
leads-detail-referred = 推荐的线索
leads-timeline-recording = 录音
leads-event-referred = 推荐了 { $name }
leads-event-referred-hidden = 推荐了其他销售的线索
leads-form-referred-by = 推荐人
leads-form-referred-by-hint = 对方的电话或页面链接
leads-form-referrer-hidden = 其他销售的线索
leads-error-referrer-not-found = 您可见的线索中没有这个号码
leads-saved-details = 已保存。
leads-saved-moved = 已移至{ $stage }。
leads-saved-lost = 已标记为流失。
leads-saved-reopened = 已重新打开。

# Bulk changes on the leads list: the form above the table, and what it says when done.
leads-bulk-label = 批量修改线索
leads-bulk-target = 修改
leads-bulk-target-selected = 下方勾选的线索
leads-bulk-target-matching = 符合这些筛选条件的全部线索
leads-bulk-action = 操作
leads-bulk-reassign = 分配给负责人
leads-bulk-add-tag = 添加标签
leads-bulk-remove-tag = 移除标签
leads-bulk-do-not-call = 勿拨打
leads-bulk-lost = 标记为流失
leads-bulk-to-owner = 新负责人
leads-bulk-choose = 请选择…
leads-bulk-tag = 标签
leads-bulk-apply = 应用
leads-bulk-select-all = 勾选本页全部线索
leads-bulk-select = 勾选 { $name }
leads-bulk-done-reassign = 已将 { $shown } 条线索分配给新负责人。
leads-bulk-done-add-tag = 已为 { $shown } 条线索添加标签。
leads-bulk-done-remove-tag = 已从 { $shown } 条线索移除标签。
leads-bulk-done-do-not-call = 已将 { $shown } 条线索标记为勿拨打。
leads-bulk-done-lost = 已将 { $shown } 条未结线索标记为流失。
leads-bulk-error-ids = 不是线索
leads-bulk-error-none-chosen = 请至少勾选一条线索，或选择符合筛选条件的全部线索
leads-bulk-error-target = 既不是勾选的线索，也不是全部符合条件的线索
leads-bulk-error-reassign-managers = 只有经理或管理员可以把线索分配给其他负责人。
leads-bulk-error-choose-owner = 请选择新负责人
leads-bulk-error-action = 请选择要修改的内容
leads-bulk-confirm-matching = 修改符合这些筛选条件的全部线索？
leads-bulk-working-title = 正在更改线索
leads-bulk-working = 正在更改 { $shown } 条线索…
leads-bulk-working-note = 这是一次更改：要么全部线索都改，要么一条都不改。本页每两秒查看一次，完成后显示列表；期间您可以离开本页。
leads-bulk-failed = 无法完成此更改，没有任何线索被更改。请重试，或选择较少的线索。
leads-bulk-back = 返回线索列表
leads-history-changed = { $name } 修改了
leads-history-changed-api = { $name } 通过 API 修改了
leads-history-imported = { $name } 导入了此线索
leads-history-erased = { $name } 清除了此人的数据
leads-history-merged = { $name } 将重复线索合并到此线索
leads-saved-merged = 重复线索已合并到此线索。
leads-merge-title = 将重复线索合并到此线索
leads-merge-intro = 同一个人被录入了两次：其通话、接触、任务、标签、阶段变更和历史记录都会移到这里，每项只保留一次，重复线索随后删除。此线索保留自己的阶段、状态、负责人和成交金额；若自身缺少号码、电子邮件、公司、渠道或备注，则取自重复线索。
leads-merge-same-phone = 号码相同的线索
leads-merge-other = 其他线索：其号码或页面链接
leads-merge-other-example = +86 138 0013 8000
leads-merge-confirm = 我了解重复线索将被删除
leads-merge-submit = 合并到此线索
leads-merge-are-you-sure = 将所选线索合并到此线索并删除它们？
leads-merge-error-confirm = 请勾选方框，确认重复线索将被删除
leads-merge-error-not-found = 没有您可见的、具有此号码或链接的线索
leads-history-merged-line = 已合并：{ $calls } 次通话，{ $touches } 次接触，{ $tasks } 个任务，{ $events } 次阶段变更
leads-erased-notice = 此人的数据已于 { $when } 应其要求清除。线索仍保留但不含这些数据，因此所有数字保持不变。
leads-saved-erased = 此人的数据已清除。
leads-erase-title = 清除此人的数据
leads-erase-intro = 当客户要求删除其数据时：姓名、号码、电子邮件、公司和备注，通话、接触和任务中的备注，录音链接，历史记录中的值，以及导入文件中的对应行将被永久清除。其阶段、通话和成交金额以匿名方式保留，因此所有数字保持不变。
leads-erase-confirm = 我了解此操作无法撤销
leads-erase-submit = 清除此人的数据
leads-erase-are-you-sure = 永久清除此人的数据？
leads-erase-error-confirm = 请勾选方框，确认此操作无法撤销
leads-history-system = Leadline
leads-history-field = { $field }：{ $old } → { $new }
leads-history-tags-added = 添加标签：{ $tags }
leads-history-tags-removed = 移除标签：{ $tags }
leads-history-none = 无
leads-history-yes = 是
leads-history-no = 否
leads-history-another-lead = 另一条线索

leads-filter-team = 团队
leads-filter-all-teams = 所有团队
leads-error-bad-team = `team_id` 不是一个团队
