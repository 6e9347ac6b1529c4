# Importing leads from a CSV file (managers only): the upload page, the column mapping
# page, the import's progress and its result with the rows it could not import.
# "CSV" is the file format; `leadline import leads ...` is a command typed on the server
# and is never translated (it is passed in as $command).

## The upload page

import-upload-title = Импорт лидов
import-upload-heading = Импорт лидов из CSV
# "channel" is the lead field also called source: where the lead came from.
import-upload-intro = CSV-файл со строкой заголовков: столбец с именем (или несколько, например имя и фамилия) и любые из столбцов «телефон», «e-mail», «компания», «канал» (источник), «ответственный» (e-mail пользователя), «стадия», «сумма сделки», «не звонить», «следующий контакт», «теги» и «заметки».
import-upload-next = Дальше вы сопоставите столбцы с полями и выберете, что делать со строками с ошибками.
# $mb: the largest file the page accepts, in megabytes.
import-upload-limit = Файлы до { $mb } МБ.
# $command: the command that imports a file on the server (shown as code).
import-upload-large-file = Для файла побольше (миллион строк — это около 80 МБ) выполните на сервере { $command }: команда читает файл потоком и показывает ход импорта.
import-upload-file = CSV-файл
import-upload-submit = Загрузить и просмотреть

# The table of the last imports.
import-recent-title = Последние импорты
import-recent-file = Файл
import-recent-status = Статус
import-recent-imported = Импортировано
import-recent-when = Когда

# An import's status, in the table of recent imports.
import-status-uploaded = загружен
import-status-running = выполняется
import-status-done = завершён
import-status-failed = ошибка
import-status-interrupted = прерван

## The import's own page

# $file: the uploaded file's name.
import-show-title = Импорт { $file }
import-show-heading = Импорт: { $file }

# The mapping step. $total: the file's rows, formatted (1,234); $count: the same as a
# number, for plural forms.
import-mapping-intro = { $count ->
    [one] { $total } строка. Сопоставьте каждый столбец с полем лида; строки проверяются по одной, и о каждой строке с ошибкой сообщается с её номером.
    [few] { $total } строки. Сопоставьте каждый столбец с полем лида; строки проверяются по одной, и о каждой строке с ошибкой сообщается с её номером.
    [many] { $total } строк. Сопоставьте каждый столбец с полем лида; строки проверяются по одной, и о каждой строке с ошибкой сообщается с её номером.
   *[other] { $total } строки. Сопоставьте каждый столбец с полем лида; строки проверяются по одной, и о каждой строке с ошибкой сообщается с её номером.
}
# The menu under each column of the file; $column: the column's header in the file.
import-column-holds = Столбец { $column } — это
# Followed by a menu of countries.
import-default-country = Страна для номеров без кода страны
import-mode-legend = Если в файле есть строки с ошибками
import-mode-skip-bad = Импортировать правильные строки и показать список ошибочных
import-mode-all-or-nothing = Ничего не импортировать, чтобы сначала исправить файл
# The button that starts the import. $total: rows, formatted; $count: the same as a number.
import-start = { $count ->
    [one] Импортировать { $total } строку
    [few] Импортировать { $total } строки
    [many] Импортировать { $total } строк
   *[other] Импортировать { $total } строки
}

# The lead fields a column can hold (the menus of the mapping step), and the fields the
# list of bad rows names. "source" is where a lead came from (its channel); "ignore"
# means the column is not imported; "file", "row" and "import" are what a problem is
# about when it is not one field of a lead.
import-field-name = имя
import-field-phone = телефон
import-field-email = e-mail
import-field-company = компания
import-field-source = источник
import-field-tags = теги
import-field-notes = заметки
import-field-external-id = внешний ID
import-field-owner = ответственный
import-field-stage = стадия
import-field-deal-value = сумма сделки
import-field-do-not-call = не звонить
import-field-next-contact = следующий контакт
import-field-ignore = не импортировать
import-field-file = файл
import-field-row = строка
import-field-import = импорт

# While the import runs (the page reloads every second). $processed, $total, $imported:
# rows checked, rows in the file, leads imported so far, all formatted; $count: the
# file's rows as a number, for plural forms.
import-progress = { $count ->
    [one] Идёт импорт… Проверено { $processed } из { $total } строки, импортировано { $imported }.
    [few] Идёт импорт… Проверено { $processed } из { $total } строк, импортировано { $imported }.
    [many] Идёт импорт… Проверено { $processed } из { $total } строк, импортировано { $imported }.
   *[other] Идёт импорт… Проверено { $processed } из { $total } строки, импортировано { $imported }.
}
# $percent: how much of the file is done, 0 to 100.
import-percent = { $percent } %

# An import cut off when the process running it stopped. $origin: "command" when it ran
# from the command line on the server, else it ran in the web server; $committed: the
# rows done before the cut; $total: the file's rows (both formatted); $count: the file's
# rows as a number, for plural forms.
# All or nothing: nothing was imported.
import-interrupted-nothing-kept = Прервано: импорт остановился вместе с { $origin ->
        [command] командой
       *[other] сервером
    } после { $committed } из { $total } { $count ->
        [one] строки
        [few] строк
        [many] строк
       *[other] строки
    }, ничего не импортировано (режим «всё или ничего»).
# The good rows before the cut are kept. $imported: the leads they created, formatted;
# $kept: the same as a number, for plural forms.
import-interrupted-kept = Прервано: импорт остановился вместе с { $origin ->
        [command] командой
       *[other] сервером
    } после { $committed } из { $total } { $count ->
        [one] строки
        [few] строк
        [many] строк
       *[other] строки
    }; { $kept ->
        [one] { $imported } лид из этих строк сохранён
        [few] { $imported } лида из этих строк сохранены
        [many] { $imported } лидов из этих строк сохранены
       *[other] { $imported } лида из этих строк сохранены
    }.
# $command: the command that resumes the import (shown as code).
import-resume-on-command-line = Продолжите импорт с места остановки командой { $command }, указав тот же файл.
import-start-again = Запустить заново
# $row: the number of the row the import resumes at.
import-resume-from = Продолжить со строки { $row }

# The result. $imported and $total: rows, formatted; $count: the file's rows as a number.
import-done = { $count ->
    [one] Готово: импортировано { $imported } из { $total } строки.
    [few] Готово: импортировано { $imported } из { $total } строк.
    [many] Готово: импортировано { $imported } из { $total } строк.
   *[other] Готово: импортировано { $imported } из { $total } строки.
}
import-nothing = Ничего не импортировано.
import-nothing-bad-rows = Ничего не импортировано: в файле есть строки с ошибками.
# Followed by the list of bad rows. $shown: how many, formatted; $count: the same as a number.
import-attention = { $count ->
    [one] { $shown } строка требует внимания:
    [few] { $shown } строки требуют внимания:
    [many] { $shown } строк требуют внимания:
   *[other] { $shown } строки требуют внимания:
}
import-see-leads = Посмотреть лиды
import-another = Импортировать другой файл

# The list of bad rows, and its download in three file formats.
import-errors-download = Эти строки:
import-errors-xlsx = XLSX
import-errors-excel-csv = CSV для Excel
import-errors-csv = CSV
import-errors-line = Строка
import-errors-field = Поле
import-errors-problem = Ошибка

## Errors. Those about a field follow the field's name ("phone: duplicate: ..."), see
## errors.ftl.

import-error-choose-file = Выберите CSV-файл для загрузки.
import-error-choose-name-column = Выберите, в каком столбце имя лида.
# $error: what went wrong, as the web server said it (in English).
import-error-upload-failed = загрузка не удалась: { $error }
# $error: what the CSV reader said (in English).
import-error-not-csv = файл не в формате CSV: { $error }
# The file could not be read to its end. $error: what the CSV reader said (in English).
import-error-unreadable-rest = остаток файла не удаётся прочитать: { $error }
# A row whose phone number an existing lead has. $lead: that lead's id.
import-error-duplicate-phone = дубль: этот номер телефона уже есть у лида { $lead }
# $id: the import's id, part of the command's option.
import-error-resume-on-command-line = этот импорт запускался из командной строки; продолжите его там с параметром --resume { $id }

# Notes about the whole import, shown above the list of bad rows.
# $count: bad rows beyond the first 10000, which are only counted.
import-note-unlisted = { $count ->
    [one] ещё { $count } строка с ошибкой не показана
    [few] ещё { $count } строки с ошибками не показаны
    [many] ещё { $count } строк с ошибками не показаны
   *[other] ещё { $count } строки с ошибками не показаны
}
import-note-stopped = импорт остановился из-за ошибки базы данных; строки, импортированные до неё, сохранены

## Keeping what a file gives

import-mapping-several = Имя (через пробел, в порядке столбцов), теги и заметки можно собрать из нескольких столбцов; любое другое поле — только из одного.
import-bad-fields-legend = Если в строке ошибка в необязательном поле (e-mail, компания, ответственный, стадия, сумма сделки, не звонить, следующий контакт…)
import-bad-fields-reject-row = Строка считается ошибочной
import-bad-fields-drop-field = Импортировать строку без этого поля и показать его в списке
import-error-field-twice = поле «{ $field }» может быть только в одном столбце: { $columns }; для остальных выберите «не импортировать»
import-error-not-date = «{ $text }» — не дата (2026-12-04) и не дата со временем (2026-12-04 09:30)
import-error-not-yes-or-no = «{ $text }» — не «да» и не «нет»
import-error-no-such-owner = нет пользователя с e-mail «{ $text }»
import-error-owner-deactivated = пользователь «{ $text }» отключён
import-error-no-such-stage = «{ $text }» — не стадия: укажите одну из new, connect, interest, need, evaluate, decide, referral (или её название на любом языке)
import-error-not-amount = «{ $text }» — не сумма (например, 15 000 000 или 1 234,50)
import-error-rejected-not-kept = этот импорт не сохранил ошибочные строки; скачайте список ошибок
import-rejected-column = Ошибки импорта
import-rejected-problems = Строка { $line }: { $problems }
import-rejected-download = Ошибочные строки в том виде, в каком они в файле, с описанием ошибки в последнем столбце, — чтобы исправить и импортировать снова:
import-rejected-csv = CSV
import-warnings-intro = { $count ->
    [one] { $shown } строка импортирована без поля с ошибкой:
    [few] { $shown } строки импортированы без поля с ошибкой:
   *[other] { $shown } строк импортировано без поля с ошибкой:
}
import-warnings-dropped = Пропущено, потому что
import-note-unlisted-warnings = { $count ->
    [one] ещё { $count } пропущенное поле не показано
    [few] ещё { $count } пропущенных поля не показаны
   *[other] ещё { $count } пропущенных полей не показаны
}

## A manager limited to their teams importing.
import-error-owner-outside-teams = «{ $text }» нет в ваших командах: передавать лиды можно только продавцам ваших команд
import-error-duplicate-phone-elsewhere = дубль: этот номер телефона уже есть у другого лида
import-error-duplicate-external-id = дубликат: этот внешний ID уже есть у другого лида
