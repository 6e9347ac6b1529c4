# The managers' dashboard (/dashboard): the funnel, money, calls and reps of a period,
# each figure beside the same figure for the period before.

dashboard-title = Дашборд

## The filters above the figures.

dashboard-filters = Фильтры
dashboard-filter-period = Период
dashboard-filter-from = С
dashboard-filter-to = По
dashboard-filter-channel = Канал
dashboard-filter-all-channels = Все каналы
dashboard-filter-owner = Ответственный
dashboard-filter-everyone = Все
dashboard-filter-tag = Тег
dashboard-filter-any-tag = Любой тег
# Which leads the funnel counts: those created in the period, or the stage moves made in it.
dashboard-filter-funnel = Воронка
dashboard-view-cohort = Лиды, созданные за период
dashboard-view-activity = Переходы по этапам за период
dashboard-apply = Применить

# The periods to choose from.
dashboard-period-7d = Последние 7 дней
dashboard-period-30d = Последние 30 дней
dashboard-period-this-month = Этот месяц
dashboard-period-last-month = Прошлый месяц
dashboard-period-this-quarter = Этот квартал
dashboard-period-custom = Свой период

# A period's first and last days, each as format-day writes it ("01 Nov 2026").
dashboard-period-range = { $from } – { $to }
# Under the filters: $period and $previous are periods (dashboard-period-range), $zone the
# company's time zone (e.g. Asia/Jakarta), whose days they are.
dashboard-period-note = { $period } ({ $zone }) в сравнении с { $previous }. Чтобы задать даты «{ dashboard-filter-from }» и «{ dashboard-filter-to }», выберите «{ dashboard-period-custom }».

# Shown while the figures are recounted after the company's time zone changed ($zone, e.g.
# Asia/Jakarta); $percent is a whole number from 0 to 99.
dashboard-recount-progress = Показатели пересчитываются по часовому поясу { $zone }: готово { $percent } %. Пока пересчёт идёт, они считаются по исходным записям — так же точно, только медленнее.
dashboard-recount-folding = Показатели пересчитываются по часовому поясу { $zone }: все лиды посчитаны, итоги сводятся вместе. Пока пересчёт идёт, они считаются по исходным записям — так же точно, только медленнее.

# When the period holds no leads, calls or spend. Each variable is a link reading one of
# the dashboard-empty-*-link messages below.
dashboard-empty-title = За этот период данных пока нет
dashboard-empty-text = Добавьте лиды ({ $new } или { $import }), записывайте звонки из { $queue } и вносите расходы в { $spend }: воронка, затраты и показатели менеджеров появятся здесь, как только будут данные. Или выберите другой период выше.
dashboard-empty-new-link = по одному
dashboard-empty-import-link = из CSV-файла
dashboard-empty-queue-link = очереди звонков
dashboard-empty-spend-link = журнал расходов

## Download links under each section: "Funnel: XLSX · CSV for Excel · CSV".

# $table is one of the dashboard-download-* names below.
dashboard-download-label = { $table }:
dashboard-download-xlsx = XLSX
dashboard-download-excel-csv = CSV для Excel
dashboard-download-csv = CSV
dashboard-download-funnel = Воронка
dashboard-download-figures = Деньги и звонки
dashboard-download-stages = Стоимость по этапам
dashboard-download-channels = Каналы
dashboard-download-reps = Менеджеры

## The funnel: a bar chart and a table, one row per stage.

dashboard-funnel-title = Воронка продаж
# A bar's label for screen readers: $stage is the stage's name, $shown how many leads
# reached it as written on the page, $count the same as a number.
dashboard-bar-label = { $stage }: { $count ->
    [one] { $shown } лид
    [few] { $shown } лида
    [many] { $shown } лидов
   *[other] { $shown } лида
}
# Beside a bar: $step the share of the previous stage's leads that reached this one
# ("45.0%"), $shown how many leads did not ($count the same as a number).
dashboard-bar-note = { $count ->
    [one] { $step } от предыдущего · выбыл { $shown }
    [few] { $step } от предыдущего · выбыло { $shown }
    [many] { $step } от предыдущего · выбыло { $shown }
   *[other] { $step } от предыдущего · выбыло { $shown }
}
dashboard-funnel-caption = По этапам: сколько лидов дошло, конверсия, потери и время перехода
dashboard-th-stage = Этап
dashboard-th-reached = Дошли
dashboard-th-previous = Пред. период
dashboard-th-change = Изменение
dashboard-th-step-conversion = Конверсия этапа
dashboard-th-overall = Общая конверсия
dashboard-th-lost-here = Потеряно на этапе
dashboard-th-top-reasons = Основные причины
dashboard-th-velocity = Время от пред. этапа
# A reason leads were lost ($reason, written by the company) and how many ($leads).
dashboard-lost-reason = { $reason } ({ $leads })
# Time to reach a stage: the median and the 90th percentile, each a duration ("2h 04m").
dashboard-velocity = { $median } (p90 { $p90 })
# A time between stages of no time at all: the lead passed both in one step (one call, or created at the later stage).
dashboard-velocity-at-once = сразу

## Money and calls: cards, each a figure over the previous period's.

dashboard-money-title = Деньги
dashboard-calls-title = Звонки
# Under a card's figure: $value is the figure for the previous period.
dashboard-before = было: { $value }
dashboard-stage-costs-caption = Стоимость лида, дошедшего до каждого этапа
dashboard-th-cost = Стоимость
dashboard-channel-costs-caption = Стоимость лида по каналам
dashboard-th-channel = Канал
dashboard-th-spend = Расходы
dashboard-th-leads = Лиды
dashboard-th-cost-per-lead = Стоимость лида
dashboard-channel-costs-empty = В этом периоде нет ни расходов, ни лидов по каналам.

# The figures of the cards (also the first column of the "figures" download).
dashboard-measure-spend = Расходы
dashboard-measure-revenue = Выручка (выигранные сделки)
dashboard-measure-cost-per-call = Стоимость звонка
dashboard-measure-cost-per-lead = Стоимость лида
# CAC: customer acquisition cost.
dashboard-measure-cost-per-deal = Стоимость сделки (CAC)
# Return on investment.
dashboard-measure-roi = ROI
dashboard-measure-dials = Наборы
dashboard-measure-connected = Дозвоны
dashboard-measure-connect-rate = Процент дозвона
# Share of connected calls where the lead's intent to buy was clear, unclear, or absent.
dashboard-measure-clear-intent = Явный интерес
dashboard-measure-unclear-intent = Интерес неясен
dashboard-measure-no-intent = Нет интереса
dashboard-measure-mean-talk = Среднее время разговора на дозвон
dashboard-measure-unanswered-time = Время, потерянное на недозвоны
dashboard-measure-do-not-call-calls = Звонки лидам с пометкой «не звонить»
dashboard-measure-touches = Касания помимо звонков
dashboard-measure-touches-chat = Переписки (WhatsApp, WeChat, Telegram)
dashboard-measure-touches-sms = SMS
dashboard-measure-touches-email = Письма
dashboard-measure-touches-meeting = Встречи

## The reps' table.

dashboard-reps-title = Менеджеры
dashboard-reps-caption = Каждый показатель — над значением за прошлый период. Нормы: 100–120 наборов в рабочий день (меньше 80 — отмечается); эффективность (звонков с явным интересом на один набор) обычно 5–15 %
dashboard-th-rep = Менеджер
dashboard-th-dials = Наборы
dashboard-th-per-day = В рабочий день
dashboard-th-connect-rate = Процент дозвона
dashboard-th-effectiveness = Эффективность
dashboard-th-talk = Время разговора
dashboard-th-advanced = Продвинуто лидов
dashboard-th-deals = Сделки
dashboard-th-revenue = Выручка
dashboard-th-overdue = Просроченные перезвоны
dashboard-th-needs-a-look = Требует внимания
dashboard-reps-empty = Менеджеров пока нет: добавьте их в разделе «Администрирование».
# Badges in "Needs a look": what a rep's figures ask of their manager.
dashboard-flag-below-norm = ниже нормы наборов
dashboard-flag-low-effectiveness = низкая эффективность
dashboard-flag-high-effectiveness = проверьте отметки интереса

## The downloads' header row, read by a manager in a spreadsheet (lowercase, as column
## titles). The figures under them are plain numbers: money in major units, rates as
## fractions, times in seconds, hence "(s)".

dashboard-column-stage = этап
dashboard-column-reached = дошли
dashboard-column-previous = пред. период
dashboard-column-change = изменение
dashboard-column-step-conversion = конверсия этапа
dashboard-column-overall-conversion = общая конверсия
dashboard-column-lost-here = потеряно на этапе
dashboard-column-top-reasons = основные причины
dashboard-column-velocity-median = время от пред. этапа, медиана (с)
dashboard-column-velocity-p90 = время от пред. этапа, p90 (с)
dashboard-column-figure = показатель
dashboard-column-value = значение
dashboard-column-cost = стоимость
dashboard-column-channel = канал
dashboard-column-spend = расходы
dashboard-column-leads = лиды
dashboard-column-cost-per-lead = стоимость лида
dashboard-column-rep = менеджер
dashboard-column-dials = наборы
dashboard-column-dials-per-day = наборов в рабочий день
dashboard-column-connect-rate = процент дозвона
dashboard-column-effectiveness = эффективность
dashboard-column-talk-seconds = время разговора (с)
dashboard-column-leads-advanced = продвинуто лидов
dashboard-column-deals = сделки
dashboard-column-revenue = выручка
dashboard-column-overdue = просроченные перезвоны
dashboard-column-needs-a-look = требует внимания
# The same figure for the previous period, and its change: $column is one of the column
# titles above (e.g. "dials").
dashboard-column-before = { $column }, пред. период
dashboard-column-change-of = { $column }, изменение

## Errors in the dashboard's address (its filters), shown on an error page. Words between
## `backticks` are the address's own names: keep them as they are.

# $field is `from` or `to`.
dashboard-error-date = `{ $field }` должен быть датой (ГГГГ-ММ-ДД)
dashboard-error-range-backwards = начало периода не может быть позже его конца
dashboard-error-range-too-long = период не может быть длиннее трёх лет
# $period is what the address asked for.
dashboard-error-period = `{ $period }` — не период
dashboard-error-owner = `owner_id` — не пользователь
# $table is what the address asked for.
dashboard-error-table = `table` должен быть funnel, figures, stages, channels или reps, а не `{ $table }`
# Under the funnel in the activity view, where conversion columns are left out.
dashboard-activity-note = Это переходы по этапам за период, когда бы ни пришли лиды; большинство дошло до предыдущего этапа раньше, поэтому конверсия между этапами показана только для лидов, созданных за период.
dashboard-not-applicable = неприменимо
dashboard-forecast-link = Прогноз →
dashboard-tags-link = По тегам →
dashboard-filter-tag-group = Группа тегов
dashboard-filter-any-tag-group = Любая группа
dashboard-cost-not-applicable-tag-filter = Показатели стоимости неприменимы с фильтром по тегу или группе тегов: расходы учитываются по каналам и менеджерам, но не по тегам, поэтому делить их на лиды тегов было бы неверно. Расходы каналов, которые несут лиды тегов, — на странице «По тегам».

dashboard-filter-team = Команда
dashboard-filter-all-teams = Все команды
dashboard-error-not-yours = Эти показатели вам недоступны: вы видите только продавцов своих команд.
