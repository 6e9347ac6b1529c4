# The agenda page: a user's follow-ups and tasks by when they fall due.

agenda-title = План дня
# $name is the user whose agenda a manager opened.
agenda-title-of = План: { $name }
agenda-whose = Чей
agenda-show = Показать
agenda-keys = Клавиши: n — позвонить следующему, x — отметить следующую задачу выполненной.
agenda-empty = Ничего не запланировано: на ближайшую неделю нет перезвонов и открытых задач.
agenda-overdue = Просрочено
agenda-today = Сегодня
agenda-upcoming = Ближайшие семь дней
agenda-undated = Задачи без срока
agenda-col-when = Когда
agenda-col-what = Что
agenda-col-lead = Лид
agenda-col-phone = Телефон
agenda-col-actions = Действия
agenda-kind-follow-up = Перезвон
agenda-kind-task = Задача
agenda-call = Позвонить
agenda-done = Выполнено
agenda-task-done = Задача выполнена.
agenda-error-user = Такого пользователя нет.
agenda-error-not-yours = Продавец видит только свой план.
# When the agenda is another user's whose days are in another zone; $zone names it.
agenda-days-zone = «Просрочено», «сегодня» и следующие дни считаются по поясу { $zone }; время показано по вашим часам.

agenda-team = Команда
agenda-title-of-team = План команды { $name }
agenda-col-who = Чьё
