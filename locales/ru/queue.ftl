# The call queue: the telemarketer's screen. It shows the next lead to call and a
# one-screen form to log the call ("save and next"). Reps use it all day, mostly with
# the keyboard.

queue-title = Очередь звонков
# Shown after a call was logged, above the next lead.
queue-saved = Звонок сохранён. Вот следующий лид.

## The lead card

# Why the queue gives this lead now (shown before queue-yours-until).
queue-reason-claimed = Вы уже работали с этим лидом
queue-reason-follow-up = Пора перезвонить
queue-reason-new = Новый лид, ещё не звонили
queue-reason-retry = Повторный набор: в прошлый раз не дозвонились
# The lead is kept for this rep until then. $time: a clock time (14:30).
queue-yours-until = закреплён за вами до { $time }
queue-badge-do-not-call = не звонить
queue-badge-bad-number = нерабочий номер
# Followed by what the rep aims for at the lead's stage.
queue-goal = Цель:
queue-last-calls = Последние звонки
queue-never-called = Звонков ещё не было.
queue-open-lead = Открыть карточку лида

# A past call in the list of last calls: how it ended, then the lead's intent.
# $outcome: one of the outcomes below; $intent: one of the queue-past-intent-* below.
queue-past-call-with-intent = { $outcome }, { $intent }
queue-past-intent-clear = явный интерес
queue-past-intent-unclear = интерес неясен
queue-past-intent-none = нет интереса

## The log-call form

queue-log-title = Записать звонок
queue-outcome-legend = Результат звонка
# A hint after the legend: the keyboard keys that choose. $keys: the keys ("1–9", "c, u, n"),
# not translated.
queue-keys = (клавиши { $keys })
# How the call ended.
queue-outcome-connected = Дозвонились
queue-outcome-no-answer = Не отвечает
queue-outcome-busy = Занято
queue-outcome-voicemail = Автоответчик
queue-outcome-rejected = Сбросил / отказался
queue-outcome-invalid-number = Неверный номер
queue-outcome-out-of-service = Номер не обслуживается
queue-outcome-powered-off = Телефон выключен
queue-outcome-wrong-person = Не тот человек
# What the person intends to do, asked only when the call connected.
queue-intent-legend = Интерес (если дозвонились)
queue-intent-clear = Явный интерес
queue-intent-unclear = Интерес неясен
queue-intent-none = Нет интереса
# Durations typed as minutes:seconds or seconds; the examples are the fields' placeholders.
queue-talk-time = Время разговора
queue-talk-time-example = 1:30
queue-ring-time = Время дозвона
queue-ring-time-example = 0:25
queue-next-contact = Следующий контакт
queue-notes = Комментарий
queue-move-to = Перевести на этап
# The menu's first choice: do not move the lead.
queue-move-to-none = (оставить как есть)
# $stage: the name of the stage at which a lead is won (stage-decide).
queue-deal-value = Сумма сделки (для этапа «{ $stage }»)
queue-save-next = Сохранить и дальше
# Puts the lead aside for two hours.
queue-call-later = Перезвонить позже (через 2 часа)

## Nobody left to call

queue-empty-title = Сейчас звонить некому
queue-empty-none-waiting = Для вас нет запланированных перезвонов, новых лидов и повторных наборов.
# For a manager. $hand and $import are links, reading queue-empty-by-hand and
# queue-empty-import.
queue-empty-manager = Добавьте лиды { $hand } или { $import }.
queue-empty-by-hand = вручную
queue-empty-import = импортируйте CSV-файл
# For a rep. $leads is a link to the rep's leads, reading queue-empty-leads.
queue-empty-rep = Попросите у руководителя ещё лидов или загляните в { $leads }.
queue-empty-leads = свои лиды

## Errors in the form. Those about a field follow the field's name ("talk: ...", see
## errors.ftl). Text between `backticks` is what the rep typed.

queue-error-choose-outcome = выберите результат звонка
queue-error-not-intent = такого варианта интереса нет
queue-error-not-stage = такого этапа нет
# $text: what was typed as a duration.
queue-error-not-duration = `{ $text }` — не длительность: укажите секунды (90) или минуты:секунды (1:30)
# $text: what was typed as a date and time.
queue-error-not-date-time = `{ $text }` — не дата и время
# $text: what was typed as an amount of money; $example: an amount as this language writes it.
queue-error-not-amount = `{ $text }` — не сумма (например, { $example })
queue-error-no-lead = в форме не указан лид
# The same form was sent twice (a double click, a browser's retry) with different values.
queue-error-sent-before = Эта форма уже была отправлена с другими значениями, и звонок записан так, как был отправлен в первый раз. Сейчас ничего не изменено.

## The log-call form as the queue and a lead's page share it.

call-log-title = Записать звонок
call-direction-legend = Направление
call-direction-outbound = Исходящий (звонили мы)
call-direction-inbound = Входящий (звонили нам)
# A lead's page only: when the call started, for a call logged after the fact.
call-started-at = Начало звонка
call-started-at-hint = Для только что закончившегося звонка начало можно не указывать.
call-lost-reason = Потерян — причина
call-lost-none = Не потерян
call-lost-note = Потерян — комментарий
call-flags-legend = После этого звонка
call-flag-do-not-call = Не звонить (клиент попросил)
call-flag-bad-number = Неверный номер
call-save = Записать звонок
call-logged = Звонок записан.
call-error-not-direction = не исходящий и не входящий
call-error-lost-and-moved = один звонок либо продвигает лида, либо отмечает его потерянным, но не то и другое
# The box in every page's header: a number to log a call to or from.
call-dial-label = Записать звонок на номер или с номера
call-dial-placeholder = Номер телефона…
# Above the new lead form, when no lead has the number typed.
call-dial-new-lead = Лида с этим номером ещё нет: добавьте его и запишите звонок.
