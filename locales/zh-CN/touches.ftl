# 触达：电话以外与线索的联系，在线索页面记录，并显示在其时间线上。

touch-title = 记录聊天、短信或会面
touch-kind-legend = 方式
touch-kind-whatsapp = WhatsApp
touch-kind-wechat = 微信
touch-kind-telegram = Telegram
touch-kind-sms = 短信
touch-kind-email = 电子邮件
touch-kind-meeting = 会面
touch-direction-legend = 由谁发起
touch-direction-outbound = 我方
touch-direction-inbound = 对方
touch-notes = 备注
touch-happened-at = 时间（留空为现在）
touch-next-contact = 下次联系
touch-save = 记录
touch-logged = 已记录。
touch-from-us = { $kind }，我方发起
touch-from-them = { $kind }，对方发起
touch-error-kind = 请选择方式：聊天、短信、电子邮件或会面
touch-error-direction = 请选择由谁发起
