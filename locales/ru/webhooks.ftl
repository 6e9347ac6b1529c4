# The webhooks page (admins): the URLs Leadline sends events to, and the log of what it
# sent. Event names (lead.created, call.logged, ...) are codes, not translated.

webhooks-title = Вебхуки
# $header is the name of the HTTP header that carries the signature, as code.
webhooks-intro = Leadline отправляет каждое событие POST-запросом в формате JSON на URL ниже, подписывая его в заголовке { $header } секретом подписки, и повторяет попытки с растущими интервалами около 11 часов, пока получатель не ответит 2xx.
# After subscribing a URL: $url is it, $secret the secret its deliveries are signed
# with, shown in a box to copy.
webhooks-created = Подписка на { $url } создана. Секрет для подписи доставок: { $secret } — скопируйте его сейчас, больше он показан не будет.
webhooks-empty = Подписок пока нет.

## Table columns.

webhooks-col-url = URL
webhooks-col-events = События
webhooks-col-active = Активна
webhooks-col-created = Создана
webhooks-col-event = Событие
# Where a delivery went (a URL).
webhooks-col-to = Куда
webhooks-col-status = Статус
webhooks-col-attempts = Попытки
# The HTTP status code the receiver answered.
webhooks-col-response = Ответ
webhooks-col-error = Ошибка
webhooks-col-last-attempt = Последняя попытка
webhooks-col-next-attempt = Следующая попытка
# A column of buttons; not shown, read out by screen readers.
webhooks-col-actions = Действия

## A subscription's buttons.

webhooks-deactivate = Деактивировать
webhooks-reactivate = Активировать снова
webhooks-delete = Удалить

## The form.

webhooks-subscribe-title = Подписать URL
webhooks-url = URL
webhooks-events = События
webhooks-subscribe = Подписать

## The delivery log.

webhooks-deliveries = Доставки
# The log narrowed to one subscription; $all is a link reading webhooks-show-all.
webhooks-deliveries-one = Доставки по одной подписке { $all }
webhooks-show-all = (показать все)
webhooks-deliveries-empty = Доставок пока нет.
# A delivery's state, in a badge.
webhooks-status-pending = ожидает
webhooks-status-delivered = доставлено
webhooks-status-failed = ошибка
# Sends a delivery still waiting for its next attempt now.
webhooks-retry-now = Повторить сейчас
# Sends a delivered or failed delivery again.
webhooks-redeliver = Отправить повторно
