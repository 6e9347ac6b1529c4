# Касания: контакт с лидом помимо звонка, записанный на странице лида и показанный в
# его истории.

touch-title = Записать переписку, сообщение или встречу
touch-kind-legend = Канал
touch-kind-whatsapp = WhatsApp
touch-kind-wechat = WeChat
touch-kind-telegram = Telegram
touch-kind-sms = SMS
touch-kind-email = Эл. почта
touch-kind-meeting = Встреча
touch-direction-legend = Кто начал
touch-direction-outbound = Мы
touch-direction-inbound = Клиент
touch-notes = Заметки
touch-happened-at = Когда (пусто — сейчас)
touch-next-contact = Следующий контакт
touch-save = Записать
touch-logged = Записано.
touch-from-us = { $kind }, от нас
touch-from-them = { $kind }, от клиента
touch-error-kind = выберите канал: переписка, SMS, эл. почта или встреча
touch-error-direction = выберите, кто начал
