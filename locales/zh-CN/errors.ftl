# What is wrong with a field of a form, an import row or an API request. The API says
# these in English; the pages in the reader's language. `$text` in error-text is what a
# library said, shown as it is.
#
# Most messages follow the field's name or label ("name: must not be empty", see
# form-field-error), so they read as the rest of a sentence whose subject is the field.
# Text between `backticks` is what the user typed, shown as it is. Codes written in
# messages (en, zh-CN, IDR, csv, http, GET /api/v1/...) are not translated.

error-text = { $text }

## Any text field

error-empty = 不能为空
# $max: the most characters the field holds.
error-too-long = 最多{ $max }个字符
error-control-characters = 不能包含控制字符
# The field held a NUL character (a zero byte, written %00 in a URL).
error-nul = 不能包含NUL字符（%00）
# The API request held text the database cannot store; "body" is the request's body.
error-unstorable-character = 包含无法存储的字符（如NUL）
# $min and $max: the lowest and highest number the field accepts.
error-out-of-range = 必须在{ $min }到{ $max }之间
error-not-uuid = 必须是UUID

## Languages, countries, currencies, time zones, file formats

# $text: the language tag the user gave.
error-unknown-language = `{ $text }` 不是Leadline支持的语言：en、id、zh-CN或ru
# $text: the country code the user gave.
error-not-country = `{ $text }` 不是国家代码（如ID、CN、RU）
# $text: the currency code the user gave.
error-not-currency = `{ $text }` 不是ISO 4217货币代码（如IDR）
# $name: the time zone name the user gave, already in double quotes.
error-not-time-zone = { $name } 不是tz时区数据库中的时区（如Asia/Jakarta）
# $text: the file format the user asked an export for.
error-unknown-file-format = `{ $text }` 不是支持的文件格式：csv、excel_csv或xlsx

## Leads: e-mail, phone, owner, deal value

# $text: what the user typed as an e-mail address.
error-not-email = `{ $text }` 不是有效的邮箱地址
error-phone-too-long = 超出电话号码的长度
# $text: what the user typed as a phone number.
error-not-phone = `{ $text }` 不是电话号码
# $text: a number that has the form of a phone number but cannot be one.
error-invalid-phone = `{ $text }` 不是有效的电话号码
error-no-such-lead = 线索不存在
error-referrer-is-the-lead = 线索不能推荐自己
error-no-such-user = 用户不存在
task-error-assignee-cannot-see = 该负责人是看不到这条线索的销售（线索属于其他销售）
task-error-reps-assign-themselves = 销售只能给自己分配任务
touch-error-reps-log-their-own = 销售只能记录自己的触达
error-owner-deactivated = 该用户已停用
# "decide" is the funnel stage at which a lead counts as won.
error-entry-needs-deal-value = 从“成交”或之后阶段进入的线索视为已成交，必须填写成交金额
error-won-keeps-deal-value = 已成交的线索必须保留成交金额
error-regress-needs-reason = 回退线索阶段需要填写原因
error-won-needs-deal-value = 成交必须填写成交金额
# $max: the most tags a lead may carry.
error-too-many-tags = 最多{ $max }个标签
error-lost-reason-exists = 该原因已存在
# $reason: the lost reason the request named.
error-unknown-lost-reason = `{ $reason }` 不在流失原因列表中（GET /api/v1/lost-reasons）

## Money and dates

error-negative = 不能为负数
# $max: the largest amount, in minor units (cents, say).
error-amount-too-large = 不能超过{ $max }（以最小货币单位计）
error-future = 不能是将来的时间
# $year: the first year accepted (2000).
error-year-too-early = 必须在{ $year }年或之后
# $year: the first year no longer accepted (2200).
error-year-too-late = 必须早于{ $year }年
error-date-out-of-range = 超出Leadline支持的日期范围
# A report's period: "from" must come before "to" (`to` is the other field's name).
error-from-after-to = 必须早于 `to`
# $max: the most days a report's period may span.
error-period-too-long = 时间段最长为{ $max }天

## Working week and holidays (company settings)

error-no-working-day = 请至少选择一个工作日
# $max: the most holidays the calendar holds.
error-too-many-holidays = 最多{ $max }个节假日
# $date: the holiday's date, as YYYY-MM-DD.
error-holiday-twice = { $date } 重复出现

## Calls

error-intent-needs-connected = 只有已接通的通话才能填写意向
error-not-http-url = 必须是http(s) URL
# $min and $max: how many calls one batch may hold.
error-batch-size = 每批必须包含{ $min }到{ $max }次通话

## The API's paging and Idempotency-Key header

error-bad-cursor = 不是本API返回的游标
# $min and $max: the shortest and longest key, in characters.
error-idempotency-key = 必须是{ $min }–{ $max }个可见ASCII字符
# The Idempotency-Key was sent before with another request body.
error-idempotency-key-reused = 已被另一个不同的请求使用过

## Users and passwords

error-email-taken = 已有用户使用此邮箱
# $min: the fewest characters a password may have.
error-password-too-short = 至少需要{ $min }个字符
# $max: the most bytes a password may have (a letter may take several bytes).
error-password-too-long = 最多{ $max }个字节（一个汉字占多个字节）

## Webhooks

# $name: the event type the request named, in double quotes; $known: the event types
# there are, separated by commas.
error-unknown-event-type = 未知的事件类型 { $name }；可用类型：{ $known }
error-not-one-of = `{ $text }` 不在可选值中：{ $known }
error-not-date = `{ $text }` 不是日期（YYYY-MM-DD）
error-no-event-type = 请至少选择一个事件类型
# $reason: why the URL parser refused it (in English, from a library).
error-not-url = 不是有效的URL（{ $reason }）
error-url-scheme = 必须是http或https URL
error-url-host = 必须包含主机名
error-url-credentials = 不能包含用户名或密码；推送请求会另行签名
error-url-fragment = 不能包含#片段
error-too-many-items = 最多 { $max } 个
error-merge-nothing = 请至少指定一个要合并到此线索的线索
error-merge-twice = 同一线索出现了两次，或包含了合并目标本身
error-merge-no-such-lead = 没有可合并的线索 { $id }
error-forecast-stage = `{ $stage }` 不是未结线索可能所处的阶段：new、connect、interest、need 或 evaluate
error-forecast-chance = { $stage } 的概率必须是 0 到 1 之间的数字，或 null
error-not-number = 必须是整数
error-lead-erased = 此人的数据已应其要求清除，不能再录入到此线索

## Teams.
error-team-unknown = 没有这个团队
error-team-manager-unknown = 没有这个用户可以带领团队
error-team-manager-rep = 团队由经理或管理员带领，不能是销售
error-team-name-taken = 已有其他团队使用这个名称
error-owner-outside-teams = 该用户不在您的团队中：您只能把线索分配给您团队的销售
error-rep-outside-teams = 该用户不在您的团队中：您只能为自己和团队的销售记录通话和联系
error-tags-replace-or-change = 请给出完整的标签列表，或要添加和移除的标签，不能两者同时给出
error-lead-changed = 在您读取之后，该线索已被修改；请重新读取后再修改
error-external-id-differs = 必须与地址中的 external_id 相同，或不填
error-capture-no-contact = 请填写电话号码或电子邮箱，以便我们联系您
error-custom-unknown = 没有使用此键名的自定义字段（GET /api/v1/custom-fields 可列出全部）
error-custom-inactive = 此自定义字段已停用
error-custom-not-number = `{ $text }` 不是数字
error-custom-not-date = `{ $text }` 不是日期（2026-12-31 或 31.12.2026）
error-custom-not-text = 必须是文本
error-custom-key = `{ $text }` 不是有效键名：1 到 40 个小写字母、数字或 _，以字母开头
error-custom-key-taken = 已有其他自定义字段使用此键名
error-custom-choices-empty = 列表至少需要一个选项
error-custom-no-choices = 只有列表单选类型的字段才有选项
error-lead-batch-size = 每批必须包含{ $min }到{ $max }条线索
error-not-in-future = 必须是将来的时间
error-unknown-scope = { $name } 不是权限范围；可用范围：{ $known }
error-no-scope = 请至少给出一个权限范围，或不填以获得用户角色允许的全部权限
error-not-an-origin = { $text } 不是网站来源，例如 https://www.example.co.id
