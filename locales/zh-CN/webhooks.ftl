# The webhooks page (admins): the URLs Leadline sends events to, and the log of what it
# sent. Event names (lead.created, call.logged, ...) are codes, not translated.

webhooks-title = Webhook
# $header is the name of the HTTP header that carries the signature, as code.
webhooks-intro = Leadline会将每个事件以JSON格式POST到下列URL，并用订阅的密钥在 { $header } 请求头中签名；接收方未返回2xx时，会以逐渐加长的间隔重试，持续约11小时。
# After subscribing a URL: $url is it, $secret the secret its deliveries are signed
# with, shown in a box to copy.
webhooks-created = 已订阅 { $url }。其签名密钥为 { $secret }——请立即复制，之后不会再显示。
webhooks-empty = 暂无订阅。

## Table columns.

webhooks-col-url = URL
webhooks-col-events = 事件
webhooks-col-active = 已启用
webhooks-col-created = 创建时间
webhooks-col-event = 事件
# Where a delivery went (a URL).
webhooks-col-to = 目标地址
webhooks-col-status = 状态
webhooks-col-attempts = 尝试次数
# The HTTP status code the receiver answered.
webhooks-col-response = 响应
webhooks-col-error = 错误
webhooks-col-last-attempt = 最近尝试
webhooks-col-next-attempt = 下次尝试
# A column of buttons; not shown, read out by screen readers.
webhooks-col-actions = 操作

## A subscription's buttons.

webhooks-deactivate = 停用
webhooks-reactivate = 重新启用
webhooks-delete = 删除

## The form.

webhooks-subscribe-title = 订阅URL
webhooks-url = URL
webhooks-events = 事件
webhooks-subscribe = 订阅

## The delivery log.

webhooks-deliveries = 推送记录
# The log narrowed to one subscription; $all is a link reading webhooks-show-all.
webhooks-deliveries-one = 单个订阅的推送记录 { $all }
webhooks-show-all = （显示全部）
webhooks-deliveries-empty = 暂无推送记录。
# A delivery's state, in a badge.
webhooks-status-pending = 待推送
webhooks-status-delivered = 已送达
webhooks-status-failed = 失败
# Sends a delivery still waiting for its next attempt now.
webhooks-retry-now = 立即重试
# Sends a delivered or failed delivery again.
webhooks-redeliver = 重新推送
