# The settings page: the company's clock, working week, holidays, phone numbers'
# country and language. Only admins see it.

settings-title = Настройки
settings-saved = Настройки сохранены.

## A notice while the dashboard's figures are counted again after a change of time zone.
## $zone is the new zone (an IANA name such as Asia/Jakarta).

# The last step of a recount.
settings-recount-folding = Дашборд пересчитывается по часовому поясу { $zone }: все лиды посчитаны, итоги сводятся вместе (при миллионах звонков — несколько минут). Пока пересчёт идёт, показатели считаются по исходным записям — так же точно, только медленнее. Страница обновляется каждые несколько секунд.
# The recount under way: $percent done, $counted of $total leads.
settings-recount-progress = { $total ->
    [one] Дашборд пересчитывается по часовому поясу { $zone }: { $percent } % ({ $counted } из { $total } лида). Пока пересчёт идёт, показатели считаются по исходным записям — так же точно, только медленнее. Страница обновляется каждые несколько секунд.
    [few] Дашборд пересчитывается по часовому поясу { $zone }: { $percent } % ({ $counted } из { $total } лидов). Пока пересчёт идёт, показатели считаются по исходным записям — так же точно, только медленнее. Страница обновляется каждые несколько секунд.
    [many] Дашборд пересчитывается по часовому поясу { $zone }: { $percent } % ({ $counted } из { $total } лидов). Пока пересчёт идёт, показатели считаются по исходным записям — так же точно, только медленнее. Страница обновляется каждые несколько секунд.
   *[other] Дашборд пересчитывается по часовому поясу { $zone }: { $percent } % ({ $counted } из { $total } лида). Пока пересчёт идёт, показатели считаются по исходным записям — так же точно, только медленнее. Страница обновляется каждые несколько секунд.
}
# The progress bar's text, where a browser shows no bar.
settings-recount-percent = { $percent } %

## The form.

settings-time-zone = Часовой пояс
settings-time-zone-hint = Дни, «сегодня», периоды, рабочие дни и просроченные перезвоны отсчитываются от полуночи по этому поясу.
settings-country = Страна по умолчанию для номеров телефонов
settings-country-hint = Номер без кода страны, например 8 912 345-67-89, читается по плану нумерации этой страны. При импорте можно указать страну для конкретного файла.
settings-language = Язык
# Each language in the menu is listed by its own name.
settings-language-hint = На этом языке страницы показываются пользователям, которые не выбрали язык и чей браузер не запрашивает ни один из языков Leadline.
settings-working-days = Рабочие дни
settings-working-days-hint = Наборы в рабочий день и отметки о норме считаются по этим дням недели за вычетом праздничных дней ниже.
settings-day-monday = Понедельник
settings-day-tuesday = Вторник
settings-day-wednesday = Среда
settings-day-thursday = Четверг
settings-day-friday = Пятница
settings-day-saturday = Суббота
settings-day-sunday = Воскресенье
settings-holidays = Праздничные дни, по одному в строке: дата, затем название
# An example line for the holidays' box: a date (always YYYY-MM-DD) and a holiday's name.
settings-holidays-example = 2026-11-04 День народного единства
settings-save = Сохранить настройки
# $time is when the settings were last saved (a date and time).
settings-updated = Последнее изменение: { $time }.
# What is wrong with a line of the holidays' box: $line is its number, $date what was
# written where the date should be.
settings-holiday-not-a-date = строка { $line }: `{ $date }` — не дата (ГГГГ-ММ-ДД)
