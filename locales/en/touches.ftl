# Touches: contact with a lead other than a call, logged on the lead's page and shown on
# its timeline. "Touch" is the sales word for any contact with a lead.

touch-title = Log a chat, message or meeting
touch-kind-legend = How
touch-kind-whatsapp = WhatsApp
touch-kind-wechat = WeChat
touch-kind-telegram = Telegram
touch-kind-sms = SMS
touch-kind-email = E-mail
touch-kind-meeting = Meeting
touch-direction-legend = Who started it
touch-direction-outbound = We did
touch-direction-inbound = They did
touch-notes = Notes
# Empty means now.
touch-happened-at = When (empty for now)
touch-next-contact = Next contact
touch-save = Log it
touch-logged = Logged.
# On the timeline. $kind: the touch's kind (WhatsApp, Meeting…).
touch-from-us = { $kind }, from us
touch-from-them = { $kind }, from them
touch-error-kind = choose how: a chat, a text message, an e-mail or a meeting
touch-error-direction = choose who started it
