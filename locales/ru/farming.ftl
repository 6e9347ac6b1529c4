# Выращивание лидов: потерянные лиды возвращаются в воронку в день, назначенный причиной
# потери, или сами, и цифры того, что вернулось.

## Страница причин потери (руководители)

lost-reasons-title = Причины потери и возврат лидов
lost-reasons-intro = Лид, потерянный по одной из причин, возвращается в очередь звонков через число дней, заданное для этой причины, на тот этап, где был потерян, вместе с указаниями «Что делать» для менеджера, который ему позвонит. Оставьте дни пустыми, если лиды с этой причиной сами не возвращаются. Лиды с пометкой «не звонить» и с нерабочим номером не возвращаются никогда.
lost-reasons-to-recovery = Что вернулось
lost-reasons-col-reason = Причина
lost-reasons-col-days = Вернётся через (дней)
lost-reasons-col-playbook = Что делать
lost-reasons-col-active = Доступна
lost-reasons-never = никогда
lost-reasons-days-of = Дней до возврата лида, потерянного по причине «{ $reason }»
lost-reasons-playbook-of = Что делать по причине «{ $reason }»
lost-reasons-active-of = Причина «{ $reason }» доступна для выбора
lost-reasons-by-stage = Что делать — отдельно по этапам
lost-reasons-stage-playbook = Что делать ({ $stage })
lost-reasons-save = Сохранить
lost-reasons-saved = Сохранено.
lost-reasons-add-title = Добавить причину
lost-reasons-add = Добавить причину
lost-reasons-waiting = { $leads ->
    [one] вернётся { $leads } лид
    [few] вернутся { $leads } лида
    [many] вернутся { $leads } лидов
   *[other] вернутся { $leads } лида
}

## Вернувшийся лид: в очереди и на его странице

queue-reason-returning = Вернулся после потери
queue-returned-title = Вернулся:
queue-playbook = Что делать:
queue-returned-due = потерян на этапе «{ $stage }» { $lost } («{ $reason }»), вернулся { $back }, как задано причиной.
queue-returned-by-call = потерян на этапе «{ $stage }» { $lost } («{ $reason }»), сам позвонил { $back }.
queue-returned-by-form = потерян на этапе «{ $stage }» { $lost } («{ $reason }»), сам оставил заявку на сайте { $back }.
queue-returned-by-import = потерян на этапе «{ $stage }» { $lost } («{ $reason }»), снова пришёл с импортом { $back }.
queue-returned-no-reason = причина не указана
leads-returns-on = вернётся { $when }
leads-event-return = вернулся
leads-event-came-back-call = вернулся сам (позвонил)
leads-event-came-back-form = вернулся сам (заявка с сайта)
leads-event-came-back-import = вернулся сам (снова импортирован)
agenda-kind-returning = Возврат потерянного лида

## Раздел возврата на дашборде

dashboard-recovery-title = Что вернулось
dashboard-recovery-intro = Лиды, потерянные на каждом этапе: сколько из них вернулось (в день, заданный причиной, сами или после ручного возврата в работу) и сколько затем прошли этот этап. Прирост — на сколько процентных пунктов восстановленные лиды повышают конверсию этапа.
dashboard-recovery-ways-back = Настройки возврата по причинам потери
dashboard-recovery-caption = Возврат по этапу, на котором лиды были потеряны
dashboard-th-returned = Вернулись
dashboard-th-recovered = Восстановлены
dashboard-th-recovery-rate = Доля восстановленных
dashboard-th-won = Выиграны
dashboard-th-uplift = Прирост
dashboard-recovery-total = Все этапы
dashboard-th-rep-recovered = Восстановлено
dashboard-recovered-of = { $recovered } из { $lost }

## Импорт

import-warning-came-back = лид { $lead } был потерян и вернулся с этой строкой
import-warning-came-back-elsewhere = потерянный лид с этим номером вернулся с этой строкой

## Ошибки

error-stage-never-lost = на этом этапе лид не теряют: здесь он уже выигран

## Выгрузки дашборда

dashboard-column-lost = потеряно
dashboard-column-returned = вернулись
dashboard-column-recovered = восстановлены
dashboard-column-recovery-rate = доля восстановленных
dashboard-column-won = выиграны
dashboard-column-uplift = прирост (п. п. конверсии этапа)
dashboard-download-recovery = Что вернулось
