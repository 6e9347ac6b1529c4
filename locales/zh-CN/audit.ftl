## 管理员的审计日志：每一项更改、由谁做出、通过什么途径。

audit-title = 审计日志
audit-intro = 对线索、用户、API 令牌、设置、支出、流失原因和 Webhook 的每一项更改，最新的在前：由谁做出、通过什么途径，以及每个值更改前后的内容。这里的记录无法修改或删除。
audit-filter-label = 筛选审计日志
audit-filter-what = 对象
audit-filter-who = 操作人
audit-filter-via = 途径
audit-filter-from = 从
audit-filter-to = 到
audit-filter-any = 全部
audit-filter-apply = 显示
audit-empty = 没有符合这些筛选条件的更改。
audit-older = 更早的更改
audit-col-when = 时间
audit-col-who = 操作人
audit-col-via = 途径
audit-col-what = 对象
audit-col-changes = 更改内容
audit-entity-lead = 线索
audit-entity-user = 用户
audit-entity-token = API 令牌
audit-entity-settings = 公司设置
audit-entity-spend = 支出记录
audit-entity-lost-reason = 流失原因
audit-entity-webhook = Webhook
audit-entity-custom-field = 自定义字段
audit-via-page = 页面
audit-via-api = API
audit-via-import = 导入
audit-via-system = Leadline
audit-action-created = 已创建
audit-action-changed = 已更改
audit-action-deleted = 已删除
audit-action-erased = 数据已清除
audit-action-merged = 已合并重复线索
audit-who-token = { $name }（令牌“{ $token }”）
audit-field-value = { $field }：{ $value }
audit-secret-changed = { $field }：已更改
audit-value-erased = { $field }：已清除
audit-import-file = 来自文件 { $file }

audit-entity-team = 团队
# A team named in a change that has since been deleted.
audit-team-gone = 已删除的团队
