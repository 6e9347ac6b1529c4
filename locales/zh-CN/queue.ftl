# The call queue: the telemarketer's screen. It shows the next lead to call and a
# one-screen form to log the call ("save and next"). Reps use it all day, mostly with
# the keyboard.

queue-title = 拨打队列
# Shown after a call was logged, above the next lead.
queue-saved = 通话已保存。下一条线索如下。

## The lead card

# Why the queue gives this lead now (shown before queue-yours-until).
queue-reason-claimed = 您正在处理这条线索
queue-reason-follow-up = 跟进已到期
queue-reason-new = 新线索，从未拨打
queue-reason-retry = 重拨：上次未接通
# The lead is kept for this rep until then. $time: a clock time (14:30).
queue-yours-until = 为您保留至 { $time }
queue-badge-do-not-call = 勿扰
queue-badge-bad-number = 号码异常
# Followed by what the rep aims for at the lead's stage.
queue-goal = 目标：
queue-last-calls = 最近通话
queue-never-called = 从未拨打。
queue-open-lead = 打开线索详情

# A past call in the list of last calls: how it ended, then the lead's intent.
# $outcome: one of the outcomes below; $intent: one of the queue-past-intent-* below.
queue-past-call-with-intent = { $outcome }，{ $intent }
queue-past-intent-clear = 意向明确
queue-past-intent-unclear = 意向不明
queue-past-intent-none = 无意向

## The log-call form

queue-log-title = 记录通话
queue-outcome-legend = 通话结果
# A hint after the legend: the keyboard keys that choose. $keys: the keys ("1–9", "c, u, n"),
# not translated.
queue-keys = （快捷键 { $keys }）
# How the call ended.
queue-outcome-connected = 已接通
queue-outcome-no-answer = 无人接听
queue-outcome-busy = 占线
queue-outcome-voicemail = 语音信箱
queue-outcome-rejected = 挂断/拒接
queue-outcome-invalid-number = 空号
queue-outcome-out-of-service = 停机
queue-outcome-powered-off = 关机
queue-outcome-wrong-person = 非本人
# What the person intends to do, asked only when the call connected.
queue-intent-legend = 意向（仅接通时填写）
queue-intent-clear = 意向明确
queue-intent-unclear = 意向不明
queue-intent-none = 无意向
# Durations typed as minutes:seconds or seconds; the examples are the fields' placeholders.
queue-talk-time = 通话时长
queue-talk-time-example = 1:30
queue-ring-time = 振铃时长
queue-ring-time-example = 0:25
queue-next-contact = 下次联系时间
queue-notes = 备注
queue-move-to = 变更阶段
# The menu's first choice: do not move the lead.
queue-move-to-none = （保持不变）
# $stage: the name of the stage at which a lead is won (stage-decide).
queue-deal-value = 成交金额（{ $stage }时填写）
queue-save-next = 保存并拨打下一条
# Puts the lead aside for two hours.
queue-call-later = 稍后再拨（2小时后）

## Nobody left to call

queue-empty-title = 暂无待拨线索
queue-empty-none-waiting = 目前没有到期的跟进、新线索或待重拨的线索。
# For a manager. $hand and $import are links, reading queue-empty-by-hand and
# queue-empty-import.
queue-empty-manager = 请{ $hand }添加线索，或{ $import }。
queue-empty-by-hand = 手动
queue-empty-import = 导入CSV文件
# For a rep. $leads is a link to the rep's leads, reading queue-empty-leads.
queue-empty-rep = 请向主管申请更多线索，或查看您的{ $leads }。
queue-empty-leads = 线索

## Errors in the form. Those about a field follow the field's name ("talk: ...", see
## errors.ftl). Text between `backticks` is what the rep typed.

queue-error-choose-outcome = 请选择通话结果
queue-error-not-intent = 不是有效的意向
queue-error-not-stage = 不是有效的阶段
# $text: what was typed as a duration.
queue-error-not-duration = `{ $text }` 不是有效的时长：请填写秒数（90）或“分:秒”（1:30）
# $text: what was typed as a date and time.
queue-error-not-date-time = `{ $text }` 不是有效的日期和时间
# $text: what was typed as an amount of money; $example: an amount as this language writes it.
queue-error-not-amount = `{ $text }` 不是有效的金额（例如 { $example }）
queue-error-no-lead = 表单中未指定线索
# The same form was sent twice (a double click, a browser's retry) with different values.
queue-error-sent-before = 此表单之前已用不同的内容提交过，通话已按首次提交的内容记录。本次未做任何更改。

## The log-call form as the queue and a lead's page share it.

call-log-title = 记录通话
call-direction-legend = 方向
call-direction-outbound = 呼出（我们打给客户）
call-direction-inbound = 呼入（客户打来）
# A lead's page only: when the call started, for a call logged after the fact.
call-started-at = 通话开始时间
call-started-at-hint = 刚结束的通话无需填写开始时间。
call-lost-reason = 流失原因
call-lost-none = 未流失
call-lost-note = 流失备注
call-flags-legend = 本次通话后
call-flag-do-not-call = 勿扰（客户要求不再来电）
call-flag-bad-number = 号码无效
call-save = 记录通话
call-logged = 通话已记录。
call-error-not-direction = 既不是呼出也不是呼入
call-error-lost-and-moved = 一次通话只能推进线索或标记流失，不能同时进行
# The box in every page's header: a number to log a call to or from.
call-dial-label = 按号码记录呼出或呼入的通话
call-dial-placeholder = 输入号码…
# Above the new lead form, when no lead has the number typed.
call-dial-new-lead = 还没有线索使用这个号码：先添加线索，再记录通话。
