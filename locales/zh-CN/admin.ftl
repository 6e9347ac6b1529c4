# The admin pages: users, API tokens (and the links between the admin pages, which the
# settings and webhooks pages show too). Only admins see them.

## The links from one admin page to the others.

admin-nav-users = 用户
admin-nav-tokens = API令牌
admin-nav-webhooks = Webhook
admin-nav-custom-fields = 自定义字段
admin-nav-settings = 设置
admin-nav-audit = 审计日志

## The roles a user can have, as menus and tables name them.

admin-role-admin = 管理员
admin-role-manager = 主管
admin-role-rep = 销售

## Table columns.

admin-col-name = 姓名
admin-col-email = 邮箱
admin-col-role = 角色
admin-col-active = 已启用
admin-col-user = 用户
admin-col-created = 创建时间
admin-col-last-used = 最近使用
admin-col-revoked = 已撤销
# A column of buttons; not shown, read out by screen readers.
admin-col-actions = 操作

## The users page.

admin-users-title = 用户
# After adding a user. $email is theirs; $password the password generated for them,
# shown in a box to copy.
admin-users-created = 已添加 { $email }。其密码为 { $password }——请立即复制，之后不会再显示。
# The name of a user's role menu, read out by screen readers; $name is the user's name.
admin-users-role-of = { $name }的角色
# Saves a change of role.
admin-users-change = 修改
admin-users-deactivate = 停用
admin-users-reactivate = 重新启用
admin-users-sign-out = 退出所有设备
# The same button as read out by screen readers; $name is the user's name.
admin-users-sign-out-label = 让{ $name }退出所有设备的登录
admin-users-add-title = 添加用户
admin-users-email = 邮箱
admin-users-name = 姓名
admin-users-role = 角色
admin-users-add = 添加用户
# What is wrong with the role field of the form.
admin-users-choose-role = 请选择角色
admin-users-not-yourself = 您不能降低自己的角色或停用自己；请联系其他管理员。

## The API tokens page.

admin-tokens-title = API令牌
# $header is the HTTP header that carries a token, as code.
admin-tokens-intro = 外呼系统、网页表单和BI工具通过 { $header } 调用API，以令牌所属用户的身份操作。
# After creating a token; $token is its secret, shown in a box to copy.
admin-tokens-created = 新令牌：{ $token }——请立即复制，之后不会再显示。
admin-tokens-form-title = 适用于您网站的联系表单
admin-tokens-form-hint = 将此表单粘贴到该密钥所列网站的页面中，样式可随意调整。把 redirect 设为访客提交后返回的页面（表单所在页面或感谢页面），其地址会带上 leadline=received。
admin-tokens-form-send = 提交
admin-tokens-empty = 暂无令牌。
admin-tokens-revoke = 撤销
admin-tokens-create-title = 创建令牌
admin-tokens-name = 名称
# An example of a token's name (what will use it).
admin-tokens-name-example = 外呼系统
# The user a token acts as: a menu of users.
admin-tokens-acts-as = 所属用户
# A user in that menu: their name and role.
admin-tokens-user = { $name }（{ $role }）
admin-tokens-create = 创建令牌

## Teams on the users page.
admin-nav-teams = 团队
admin-col-team = 团队
admin-users-team-of = { $name } 的团队
admin-users-no-team = 无团队
admin-users-limited = 只看自己的团队

## The API reference at /api/docs (the reference itself is in English, as the API is).

api-docs-title = API 参考
api-docs-intro = 每个操作、其字段和响应。在 API 令牌页面创建令牌，然后点击 Authorize 即可在此试用操作。
api-docs-document = OpenAPI 文档
api-docs-back = 返回 Leadline

## A token's limits on the API tokens page (scope names such as leads:create are codes, not translated).

admin-col-scopes = 权限范围
admin-col-expires = 过期时间
admin-tokens-all-scopes = 用户角色允许的全部
admin-tokens-scopes = 权限范围
admin-tokens-scopes-hint = 勾选令牌可以做的事；不勾选：用户角色允许的全部。网页表单密钥只有 leads:create，其线索在经理分配之前不属于任何人。
admin-tokens-expires = 过期时间（可选）
admin-tokens-origins = 浏览器可以使用它的网站来源（每行一个）
admin-tokens-origins-hint = 仅用于您自己网站上的页面（如网页表单）所用的密钥：来自其他网站的请求会被拒绝。外呼系统或BI工具请留空。
