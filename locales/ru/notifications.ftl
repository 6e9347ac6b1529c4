# Уведомления: счётчик в шапке страницы, уведомление в углу открытой страницы и
# страница уведомлений.

notices-unread = { $count ->
    [0] Нет непрочитанных уведомлений
    [one] { $shown } непрочитанное уведомление
    [few] { $shown } непрочитанных уведомления
    [many] { $shown } непрочитанных уведомлений
   *[other] { $shown } непрочитанного уведомления
}

notices-title = Уведомления
notices-intro = Вам передали лид, подошёл срок вашего повторного звонка или задачи, закончился начатый вами импорт. Откройте уведомление, чтобы перейти к нему; после этого оно прочитано.
notices-empty = Уведомлений пока нет.
notices-read-all = Отметить все прочитанными
notices-dismiss = Закрыть
notices-new = новое

notice-lead-assigned = { $actor }: вам передан лид { $lead }
notice-lead-assigned-anonymous = Вам передан лид { $lead }
# Many leads given to the user at once (a bulk reassign): $count of them, $shown as written.
notice-leads-assigned = { $actor } передал(а) вам { $count ->
    [one] { $shown } лид
    [few] { $shown } лида
    [many] { $shown } лидов
   *[other] { $shown } лида
}
notice-leads-assigned-anonymous = Вам { $count ->
    [one] передан { $shown } лид
    [few] передано { $shown } лида
    [many] передано { $shown } лидов
   *[other] передано { $shown } лида
}
notice-follow-up-due = Пора перезвонить: { $lead } ({ $time })
notice-task-due = Срок задачи: { $task } ({ $lead })
notice-import-done = { $count ->
    [one] Импорт { $file } завершён: импортирован { $imported } лид
    [few] Импорт { $file } завершён: импортировано { $imported } лида
    [many] Импорт { $file } завершён: импортировано { $imported } лидов
   *[other] Импорт { $file } завершён: импортировано { $imported } лида
}
notice-import-failed = Импорт { $file } остановился, не дойдя до конца; откройте его, чтобы узнать причину
