# Shared by every page.

# A form's error: the field's label (a field-* message below, else the field's name) and
# what is wrong with it.
form-field-error = { $field }：{ $problem }

# Yes and no, as a table's column says whether a user or a subscription is active.
common-yes = 是
common-no = 否

## The bar at the top of every page after signing in.

# A link for keyboard users that jumps past the navigation.
nav-skip = 跳到正文
# The navigation's name, read out by screen readers.
nav-main = 主导航
nav-dashboard = 数据看板
nav-queue = 拨打队列
nav-agenda = 日程
nav-notices = 通知
nav-leads = 线索
nav-board = 看板
nav-spend = 费用
nav-import = 导入
nav-admin = 管理
# Tooltip of the signed-in user's name, which links to their account page.
nav-account-hint = 您的账户与时区
nav-sign-out = 退出登录
# A second sign-out button: ends the user's sessions on every device, this one included.
nav-sign-out-everywhere = 所有设备
nav-sign-out-everywhere-hint = 在所有设备上退出登录

## The error page: a title (the HTTP status's name) and a sentence saying what went wrong.

error-page-back = 返回Leadline
# Titles, one per HTTP status; error-page-status for any other.
error-page-status = 错误
error-page-status-400 = 请求错误
error-page-status-403 = 无权访问
error-page-status-404 = 页面不存在
error-page-status-408 = 请求超时
error-page-status-413 = 提交内容过大
error-page-status-500 = 服务器内部错误
error-page-status-503 = 服务暂不可用
# A signed-in user opened a page their role does not allow.
error-page-for-managers = 此页面仅限主管和管理员访问。
error-page-for-admins = 此页面仅限管理员访问。
# Something that does not exist (or is not the reader's to see). $what is what was
# looked for, in English, when it is none of those below.
error-page-not-found = 未找到{ $what }
error-page-not-found-lead = 未找到该线索
error-page-not-found-user = 未找到该用户
error-page-not-found-token = 未找到该令牌
error-page-not-found-webhook = 未找到该Webhook
error-page-not-found-delivery = 未找到该推送记录
error-page-not-found-import = 未找到该导入任务
error-page-not-found-spend-entry = 未找到该费用记录
error-page-not-found-lost-reason = 未找到该流失原因
error-page-not-found-notification = 未找到该通知
error-page-not-found-bulk-change = 未找到该批量更改
error-page-not-found-task = 未找到该任务
error-page-csrf = 表单已过期或并非来自Leadline；请返回、刷新页面后重试
error-page-cross-site = 此表单是从其他网站提交的；请打开Leadline本身，从那里提交
error-page-too-large = 提交的内容过大
error-page-timed-out = 处理时间过长，已被中止；请重试
error-page-unavailable = 数据库暂不可用；请稍后重试
error-page-internal = 系统内部出错，已记录日志
# Two people changed the same lead at the same moment.
error-page-conflict = 该线索同时被其他人修改了；请重试

# The names of the fields a form's error names, before what is wrong with it
# (form-field-error above): "Deal value: `abc` is not an amount".
field-name = 名称
field-phone = 电话
field-email = 邮箱
field-company = 公司
field-referred-by = 推荐人
field-source = 渠道
field-channel = 渠道
field-owner-id = 负责人
field-stage = 阶段
field-to = 阶段
field-move-to = 推进到阶段
field-reason = 原因
field-deal-value = 成交金额
field-do-not-call = 请勿致电
field-notes = 备注
field-note = 备注
field-next-contact = 下次联系
field-happened-at = 时间
field-kind = 方式
field-next-contact-at = 下次联系
field-tags = 标签
field-tag = 标签
field-talk = 通话时长
field-ring = 振铃时长
field-outcome = 通话结果
field-intent = 意向
field-direction = 方向
field-started-at = 通话开始时间
field-lost-reason = 流失原因
field-lost-note = 流失备注
field-title = 标题
field-due-at = 截止时间
field-assignee-id = 负责人
field-phone-bad = 号码无效
field-active = 启用
field-user-id = 用户
field-revoked-at = 已撤销
field-key = 键名
field-choices = 选项
field-spent-on = 日期
field-deleted-at = 已删除
field-label = 名称
field-return-after-days = 多少天后回流
field-playbook = 应对方案
field-sort-order = 顺序
field-secret = 签名密钥
field-password-hash = 密码
field-entity = 对象
field-via = 途径
field-since = 从
field-until = 到
field-confirm = 确认
field-other = 其他线索
field-rep-id = 销售
field-chances = 概率
field-window-days = 时间窗口
field-months = 月数
field-tag-group = 标签组
field-user = 用户
field-date = 日期
field-amount = 金额
field-category = 类别
field-time-zone = 时区
field-language = 语言
field-default-country = 默认国家/地区
field-holidays = 节假日
field-working-days = 工作日
field-role = 角色
field-password = 密码
field-current-password = 当前密码
field-new-password = 新密码
field-repeat-password = 再次输入的新密码
field-url = URL
field-events = 事件
field-file = 文件
field-bad-fields = 如果某个字段有误
field-from = 开始日期
field-created-from = 创建起始日期
field-created-to = 创建截止日期
field-period = 期间
field-status = 状态
field-reached = 到达阶段
field-target = 修改
field-action = 操作
field-to-owner = 新负责人
field-tag-name = 标签
field-ids = 线索
field-filters = 筛选条件
field-page = 页面
field-query = 筛选条件
field-shared = 共享

error-page-not-found-team = 找不到团队
field-team-id = 团队
field-team = 团队
field-manager-id = 经理
field-limited-to-teams = 只看自己的团队
field-expires-at = 过期时间
field-allowed-origins = 网站来源
