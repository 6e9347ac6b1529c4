# Lead pages: the searchable list of leads (/leads), a new lead (/leads/new) and a
# lead's own page (/leads/<id>) with its details, funnel moves, timeline and edit form.
# Read by reps and managers. Stage and status names come from funnel.ftl.

## The leads list: title, search filters and downloads

leads-title = Лиды
# Button to the new-lead form.
leads-new-lead = Новый лид
# What a screen reader calls the search form.
leads-search-label = Поиск лидов
leads-filter-search = Поиск
# Placeholder of the search box: what it searches in.
leads-filter-search-placeholder = имя, телефон, e-mail, компания
leads-filter-stage = Этап
# The first option of a filter menu: no filter.
leads-filter-any = Любой
# Filter on the furthest stage a lead reached.
leads-filter-reached = Дошёл до этапа
# An option of the "Reached" menu. $stage: a stage's name; the option picks leads that
# reached that stage or a later one.
leads-filter-reached-option = «{ $stage }» и дальше
leads-filter-status = Статус
leads-filter-owner = Ответственный
# Owner filter: leads of any owner.
leads-filter-anyone = Любой
# Owner filter: leads nobody owns.
leads-filter-nobody = Не назначен
# The channel (source) a lead came through, e.g. "google ads".
leads-filter-channel = Канал
leads-filter-tag = Тег
# Creation date range, read as "Created from [date] before [date]".
leads-filter-created-from = Создан с
leads-filter-created-before = до
# Button that applies the filters.
leads-filter-submit = Найти
# Link that removes every filter.
leads-filter-clear = Сбросить
# Followed by links to download the listed leads as files.
leads-export-label = Скачать эти лиды:
# File formats of the download links. XLSX and CSV are format names.
leads-export-xlsx = XLSX
leads-export-excel-csv = CSV для Excel
leads-export-csv = CSV

## The leads list: when it is empty

# $link: a link reading leads-empty-show-all.
leads-empty-filtered = Подходящих лидов нет. { $link }.
leads-empty-show-all = Показать все лиды
leads-empty-title = Лидов пока нет
# $hand: a link to the new-lead form reading leads-empty-by-hand.
leads-empty-first = Добавьте первый лид { $hand }; автообзвон и формы на сайте могут передавать лиды через API.
# For managers. $hand: a link reading leads-empty-by-hand; $import: a link to the import
# page reading leads-empty-import.
leads-empty-first-manager = Добавьте первый лид { $hand } или { $import }; автообзвон и формы на сайте могут передавать лиды через API.
leads-empty-by-hand = вручную
leads-empty-import = импортируйте CSV-файл

## The leads list: the table

leads-col-name = Имя
leads-col-company = Компания
leads-col-phone = Телефон
leads-col-stage = Этап
leads-col-status = Статус
leads-col-owner = Ответственный
leads-col-channel = Канал
leads-col-tags = Теги
leads-col-last-call = Последний звонок
leads-col-created = Создан
# The "Last call" cell. $time: date and time of the call; $outcome: how it ended
# (a leads-outcome-* message).
leads-last-call = { $time } ({ $outcome })
leads-next-page = Следующая страница

## How a call ended, and the intent a connected call showed (list and timeline)

leads-outcome-connected = дозвонились
leads-outcome-no-answer = не отвечает
leads-outcome-busy = занято
leads-outcome-voicemail = автоответчик
leads-outcome-rejected = сбросил / отказался
leads-outcome-invalid-number = неверный номер
leads-outcome-out-of-service = номер не обслуживается
leads-outcome-powered-off = телефон выключен
leads-outcome-wrong-person = не тот человек
# The person's intent to buy, as the rep judged it on a connected call.
leads-intent-clear = явный
leads-intent-unclear = неясный
leads-intent-none = нет

## A lead's page: heading and details

# Beside a lost lead's status. $stage: the stage's name.
leads-lost-at = потерян на этапе «{ $stage }»
# As leads-lost-at, with $reason: why the lead was lost (one of the company's lost reasons).
leads-lost-at-reason = потерян на этапе «{ $stage }»: { $reason }
# Badge: the customer asked not to be called.
leads-badge-do-not-call = не звонить
# Badge: the phone number does not work.
leads-badge-bad-number = нерабочий номер
leads-details-title = Данные лида
leads-detail-phone = Телефон
leads-detail-email = E-mail
leads-detail-company = Компания
leads-detail-channel = Канал
leads-detail-owner = Ответственный
leads-detail-tags = Теги
# The furthest stage the lead ever reached.
leads-detail-furthest-stage = Самый дальний этап
leads-detail-deal-value = Сумма сделки
# When the lead is to be called next.
leads-detail-next-contact = Следующий контакт
# How many calls were made to the lead.
leads-detail-calls = Звонки

## A lead's page: moving it along the funnel, marking it lost, reopening it

leads-move-title = Движение по воронке
leads-reopen-reason = Почему возвращаете в работу?
leads-reopen-submit = Вернуть в работу
leads-move-stage = Этап
leads-move-reason = Причина (нужна для перевода назад)
leads-move-deal-value = Сумма сделки (нужна, чтобы закрыть сделку)
leads-move-submit = Перевести
leads-lost-reason = Причина потери
# The empty first option of the lost-reason menu.
leads-lost-choose = Выберите…
leads-lost-note = Комментарий
leads-lost-submit = Отметить как потерянный

## A lead's page: the timeline of calls and funnel events, newest first

leads-timeline-title = История
# Label of a call in the timeline, followed by its outcome.
leads-timeline-call = Звонок
# Badge on a call in which the customer asked not to be called again.
leads-timeline-do-not-call = лид «не звонить»
# A connected call's outcome with the intent shown. $outcome: a leads-outcome-*
# message; $intent: a leads-intent-* message.
leads-call-with-intent = { $outcome }, интерес: { $intent }
# Kinds of funnel events: the lead entered the funnel, moved forward one stage, skipped
# stages forward, moved back, was lost, was reopened.
leads-event-create = создан
leads-event-advance = продвинут
leads-event-skip = перескочил этапы
leads-event-regress = возвращён назад
leads-event-lost = потерян
leads-event-reopen = снова в работе
# An event caused by logging a call. $kind: a leads-event-* message.
leads-event-by-call = { $kind } (по звонку)
# A move between stages. $from and $to: stage names.
leads-event-moved = { $from } → { $to }
# An event that left the lead at one stage. $stage: the stage's name.
leads-event-at = на этапе «{ $stage }»
# Part of an event's details. $value: an amount with its currency.
leads-event-deal-value = сумма сделки { $value }

## A lead's page: the edit form (and the new-lead form's fields)

leads-edit-title = Редактировать
leads-form-name = Имя
leads-form-phone = Телефон
leads-form-email = E-mail
leads-form-company = Компания
leads-form-source = Канал (источник)
leads-form-tags = Теги через запятую
leads-form-next-contact = Следующий контакт
leads-form-deal-value = Сумма сделки
leads-form-notes = Заметки
leads-form-do-not-call = Не звонить (клиент попросил ему не звонить)
leads-form-owner = Ответственный
# Owner menu: nobody owns the lead.
leads-form-nobody = Не назначен
# An option of the owner menu. $name: the user's name; $role: a leads-role-* message.
leads-owner-option = { $name } ({ $role })
leads-role-admin = администратор
leads-role-manager = руководитель
leads-role-rep = менеджер
# Checkbox: store the phone number although another lead has the same one.
leads-form-keep-duplicate = Сохранить номер, даже если он есть у другого лида
leads-form-save = Сохранить изменения

## The new-lead form

leads-new-title = Новый лид
# After the error that another lead has this phone number. $link: a link to that lead,
# reading leads-new-existing-link.
leads-new-see-existing = { $link }.
leads-new-existing-link = Открыть существующий лид
leads-new-stage = Начальный этап
leads-new-nobody-yet = Пока не назначен
# Checkbox shown after the error that another lead has this phone number.
leads-new-store-anyway = Сохранить всё равно, хотя этот номер есть у другого лида
leads-new-submit = Создать лид

## Errors on the lead pages

# After a field's name or label ("owner_id: is not a user").
leads-error-not-a-user = такого пользователя нет
leads-error-not-a-stage = такого этапа нет
leads-error-choose-stage = выберите этап
leads-error-lost-reason-missing = Выберите причину потери лида.
# A bad filter in the leads list's address. $field: the parameter's name (a code).
leads-error-bad-date = `{ $field }` должен быть датой (ГГГГ-ММ-ДД)
leads-error-bad-stage = `{ $field }` — не этап
leads-error-bad-status = `status` — не статус
leads-error-bad-owner = `owner_id` — не пользователь
# $id: the other lead's id. "store anyway" names the checkbox leads-new-store-anyway.
leads-error-duplicate-phone = этот номер уже есть у другого лида ({ $id }); отметьте «Сохранить всё равно», чтобы всё-таки сохранить его
# The other lead belongs to another rep, so it is not named.
leads-error-duplicate-phone-hidden = этот номер уже есть у лида другого менеджера; отметьте «Сохранить всё равно», чтобы всё-таки сохранить его
# Funnel moves that are not allowed. $stage: a stage's name; "decide" is the stage at
# which a lead counts as won.
leads-error-already-at = лид уже на этапе «{ $stage }»
leads-error-lead-is-lost = лид потерян; верните его в работу, прежде чем переводить
leads-error-regress-needs-reason = для перевода лида назад нужна причина
leads-error-won-needs-deal-value = для выигранной сделки укажите сумму сделки
leads-error-already-lost = лид уже потерян
leads-error-won-cannot-be-lost = выигранный лид нельзя отметить потерянным; сначала верните его с этапа «Сделка» на более ранний
leads-error-not-lost = вернуть в работу можно только потерянный лид

## A lead's tasks, on its page.

leads-tasks-title = Задачи
# $when is the due date and time.
leads-task-due = срок { $when }
leads-task-title = Новая задача
leads-task-due-at = Срок
leads-task-assignee = Для
leads-task-me = Меня
leads-task-add = Добавить задачу
leads-task-added = Задача добавлена.
# On the timeline; $name is who is to do it, or who did it.
leads-timeline-task-added = Задача для: { $name }
leads-timeline-task-done = Задачу выполнил(а): { $name }

# The referrer of a lead, on its page and its forms; a change saved on the page.
leads-detail-referred-by = Рекомендовал
leads-detail-referred = Рекомендовал лидов
leads-timeline-recording = запись
leads-event-referred = рекомендовал: { $name }
leads-event-referred-hidden = рекомендовал лида другого менеджера
leads-form-referred-by = Кто рекомендовал
leads-form-referred-by-hint = телефон или ссылка на карточку
leads-form-referrer-hidden = лид другого менеджера
leads-error-referrer-not-found = среди доступных вам лидов нет лида с этим номером
leads-saved-details = Сохранено.
leads-saved-moved = Переведён на этап «{ $stage }».
leads-saved-lost = Отмечен как потерянный.
leads-saved-reopened = Открыт снова.

# Bulk changes on the leads list: the form above the table, and what it says when done.
leads-bulk-label = Изменить много лидов сразу
leads-bulk-target = Изменить
leads-bulk-target-selected = отмеченные ниже лиды
leads-bulk-target-matching = все лиды, подходящие под фильтры
leads-bulk-action = Как
leads-bulk-reassign = Передать владельцу
leads-bulk-add-tag = Добавить тег
leads-bulk-remove-tag = Убрать тег
leads-bulk-do-not-call = Не звонить
leads-bulk-lost = Отметить потерянными
leads-bulk-to-owner = Новый владелец
leads-bulk-choose = Выберите…
leads-bulk-tag = Тег
leads-bulk-apply = Применить
leads-bulk-select-all = Отметить все лиды на странице
leads-bulk-select = Отметить: { $name }
leads-bulk-done-reassign = { $count ->
    [one] { $shown } лид передан новому владельцу.
    [few] { $shown } лида переданы новому владельцу.
    [many] { $shown } лидов передано новому владельцу.
   *[other] { $shown } лида передано новому владельцу.
}
leads-bulk-done-add-tag = { $count ->
    [one] Тег добавлен { $shown } лиду.
   *[other] Тег добавлен лидам: { $shown }.
}
leads-bulk-done-remove-tag = { $count ->
    [one] Тег убран у { $shown } лида.
   *[other] Тег убран у лидов: { $shown }.
}
leads-bulk-done-do-not-call = Отмечено «не звонить»: { $shown }.
leads-bulk-done-lost = Открытых лидов отмечено потерянными: { $shown }.
leads-bulk-error-ids = это не лиды
leads-bulk-error-none-chosen = отметьте хотя бы один лид или выберите все лиды по фильтрам
leads-bulk-error-target = это ни отмеченные лиды, ни все подходящие
leads-bulk-error-reassign-managers = Передавать лиды другому владельцу может только руководитель или администратор.
leads-bulk-error-choose-owner = выберите нового владельца
leads-bulk-error-action = выберите, что изменить
leads-bulk-confirm-matching = Изменить все лиды, подходящие под фильтры?
leads-bulk-working-title = Изменение лидов
leads-bulk-working = { $count ->
    [one] Изменяется { $shown } лид…
    [few] Изменяются { $shown } лида…
   *[other] Изменяются { $shown } лидов…
}
leads-bulk-working-note = Это одно изменение: все лиды или ни одного. Страница проверяет каждые две секунды и по окончании покажет список; её можно пока закрыть.
leads-bulk-failed = Изменение не удалось, ни один лид не изменён. Попробуйте ещё раз или выберите меньше лидов.
leads-bulk-back = К списку лидов
leads-history-changed = { $name } изменил(а)
leads-history-changed-api = { $name } изменил(а) через API
leads-history-imported = { $name } импортировал(а) лид
leads-history-erased = { $name } удалил(а) данные человека
leads-history-merged = { $name } объединил(а) дубликаты с этим лидом
leads-saved-merged = Дубликаты объединены с этим лидом.
leads-merge-title = Объединить дубликаты с этим лидом
leads-merge-intro = Один и тот же человек внесён дважды: его звонки, касания, задачи, теги, смены этапов и история переходят сюда, каждый один раз, а дубликаты удаляются. Этот лид сохраняет свой этап, статус, владельца и сделку и берёт у дубликатов номер, e-mail, компанию, канал и заметки, если у него их нет.
leads-merge-same-phone = Лиды с тем же номером
leads-merge-other = Другой лид: его номер или ссылка на его страницу
leads-merge-other-example = +7 912 345-67-89
leads-merge-confirm = Я понимаю, что дубликаты будут удалены
leads-merge-submit = Объединить с этим лидом
leads-merge-are-you-sure = Объединить выбранные лиды с этим и удалить их?
leads-merge-error-confirm = отметьте флажок, чтобы подтвердить, что дубликаты будут удалены
leads-merge-error-not-found = нет доступного вам лида с таким номером или ссылкой
leads-history-merged-line = Объединено: звонков { $calls }, касаний { $touches }, задач { $tasks }, смен этапа { $events }
leads-erased-notice = Данные этого человека удалены { $when } по его просьбе. Лид остаётся без них, поэтому все показатели не меняются.
leads-saved-erased = Данные человека удалены.
leads-erase-title = Удалить данные человека
leads-erase-intro = Когда клиент просит удалить его данные: имя, номер, e-mail, компания и заметки, заметки к звонкам, касаниям и задачам, ссылки на записи, его значения в истории и его строка в импортированном файле удаляются навсегда. Этап, звонки и сумма сделки остаются, обезличенными, поэтому все показатели не меняются.
leads-erase-confirm = Я понимаю, что это нельзя отменить
leads-erase-submit = Удалить данные человека
leads-erase-are-you-sure = Удалить данные этого человека навсегда?
leads-erase-error-confirm = отметьте флажок, чтобы подтвердить, что это нельзя отменить
leads-history-system = Leadline
leads-history-field = { $field }: { $old } → { $new }
leads-history-tags-added = Добавлены теги: { $tags }
leads-history-tags-removed = Удалены теги: { $tags }
leads-history-none = нет
leads-history-yes = да
leads-history-no = нет
leads-history-another-lead = другой лид

leads-filter-team = Команда
leads-filter-all-teams = Все команды
leads-error-bad-team = `team_id` — не команда
