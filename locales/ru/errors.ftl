# What is wrong with a field of a form, an import row or an API request. The API says
# these in English; the pages in the reader's language. `$text` in error-text is what a
# library said, shown as it is.
#
# Most messages follow the field's name or label ("name: must not be empty", see
# form-field-error), so they read as the rest of a sentence whose subject is the field.
# Text between `backticks` is what the user typed, shown as it is. Codes written in
# messages (en, zh-CN, IDR, csv, http, GET /api/v1/...) are not translated.

error-text = { $text }

## Any text field

error-empty = обязательно для заполнения
# $max: the most characters the field holds.
error-too-long = { $max ->
    [one] не более { $max } символа
    [few] не более { $max } символов
    [many] не более { $max } символов
   *[other] не более { $max } символа
}
error-control-characters = управляющие символы недопустимы
# The field held a NUL character (a zero byte, written %00 in a URL).
error-nul = символ NUL (%00) недопустим
# The API request held text the database cannot store; "body" is the request's body.
error-unstorable-character = содержит символ, который нельзя сохранить (например, NUL)
# $min and $max: the lowest and highest number the field accepts.
error-out-of-range = допустимы значения от { $min } до { $max }
error-not-uuid = ожидается UUID

## Languages, countries, currencies, time zones, file formats

# $text: the language tag the user gave.
error-unknown-language = `{ $text }` — не язык Leadline: доступны en, id, zh-CN и ru
# $text: the country code the user gave.
error-not-country = `{ $text }` — не код страны (например, ID, CN или RU)
# $text: the currency code the user gave.
error-not-currency = `{ $text }` — не код валюты ISO 4217 (например, IDR)
# $name: the time zone name the user gave, already in double quotes.
error-not-time-zone = { $name } — не часовой пояс из базы tz (например, Asia/Jakarta)
# $text: the file format the user asked an export for.
error-unknown-file-format = `{ $text }` — не формат файла: допустимы csv, excel_csv и xlsx

## Leads: e-mail, phone, owner, deal value

# $text: what the user typed as an e-mail address.
error-not-email = `{ $text }` — не адрес e-mail
error-phone-too-long = слишком длинный номер телефона
# $text: what the user typed as a phone number.
error-not-phone = `{ $text }` — не номер телефона
# $text: a number that has the form of a phone number but cannot be one.
error-invalid-phone = `{ $text }` — несуществующий номер телефона
error-no-such-lead = такого лида нет
error-referrer-is-the-lead = лид не может рекомендовать сам себя
error-no-such-user = такого пользователя нет
task-error-assignee-cannot-see = исполнитель — продавец, который не видит этого лида (лид другого продавца)
task-error-reps-assign-themselves = продавец может ставить задачи только себе
touch-error-reps-log-their-own = продавец может записывать только свои касания
error-owner-deactivated = этот пользователь деактивирован
# "decide" is the funnel stage at which a lead counts as won.
error-entry-needs-deal-value = лид, который попадает сразу на этап «Сделка» или дальше, считается выигранным: укажите сумму сделки
error-won-keeps-deal-value = у выигранного лида должна оставаться сумма сделки
error-regress-needs-reason = для перевода лида назад нужна причина
error-won-needs-deal-value = для выигранной сделки укажите сумму сделки
# $max: the most tags a lead may carry.
error-too-many-tags = { $max ->
    [one] не более { $max } тега
    [few] не более { $max } тегов
    [many] не более { $max } тегов
   *[other] не более { $max } тега
}
error-lost-reason-exists = такая причина уже есть
# $reason: the lost reason the request named.
error-unknown-lost-reason = `{ $reason }` нет среди причин потери (GET /api/v1/lost-reasons)

## Money and dates

error-negative = отрицательное значение недопустимо
# $max: the largest amount, in minor units (cents, say).
error-amount-too-large = не более { $max } (в минимальных единицах валюты, например в копейках)
error-future = не может быть в будущем
# $year: the first year accepted (2000).
error-year-too-early = не ранее { $year } года
# $year: the first year no longer accepted (2200).
error-year-too-late = только до { $year } года
error-date-out-of-range = вне диапазона дат, которые хранит Leadline
# A report's period: "from" must come before "to" (`to` is the other field's name).
error-from-after-to = дата должна быть раньше `to`
# $max: the most days a report's period may span.
error-period-too-long = { $max ->
    [one] период не может быть длиннее { $max } дня
    [few] период не может быть длиннее { $max } дней
    [many] период не может быть длиннее { $max } дней
   *[other] период не может быть длиннее { $max } дня
}

## Working week and holidays (company settings)

error-no-working-day = выберите хотя бы один рабочий день
# $max: the most holidays the calendar holds.
error-too-many-holidays = { $max ->
    [one] не более { $max } праздничного дня
    [few] не более { $max } праздничных дней
    [many] не более { $max } праздничных дней
   *[other] не более { $max } праздничного дня
}
# $date: the holiday's date, as YYYY-MM-DD.
error-holiday-twice = дата { $date } указана дважды

## Calls

error-intent-needs-connected = интерес отмечается только для звонка, где дозвонились
error-not-http-url = ожидается URL с http(s)
# $min and $max: how many calls one batch may hold.
error-batch-size = { $max ->
    [one] в пакете должно быть от { $min } до { $max } звонка
    [few] в пакете должно быть от { $min } до { $max } звонков
    [many] в пакете должно быть от { $min } до { $max } звонков
   *[other] в пакете должно быть от { $min } до { $max } звонка
}

## The API's paging and Idempotency-Key header

error-bad-cursor = этот курсор не выдавался этим API
# $min and $max: the shortest and longest key, in characters.
error-idempotency-key = допустимо от { $min } до { $max } видимых символов ASCII
# The Idempotency-Key was sent before with another request body.
error-idempotency-key-reused = уже использовался с другим телом запроса

## Users and passwords

error-email-taken = пользователь с таким e-mail уже есть
# $min: the fewest characters a password may have.
error-password-too-short = { $min ->
    [one] не менее { $min } символа
    [few] не менее { $min } символов
    [many] не менее { $min } символов
   *[other] не менее { $min } символа
}
# $max: the most bytes a password may have (a letter may take several bytes).
error-password-too-long = { $max ->
    [one] не более { $max } байта
    [few] не более { $max } байт
    [many] не более { $max } байт
   *[other] не более { $max } байта
}

## Webhooks

# $name: the event type the request named, in double quotes; $known: the event types
# there are, separated by commas.
error-unknown-event-type = неизвестный тип события { $name }; допустимые: { $known }
error-not-one-of = `{ $text }` не входит в список: { $known }
error-not-date = `{ $text }` не является датой (ГГГГ-ММ-ДД)
error-no-event-type = выберите хотя бы один тип события
# $reason: why the URL parser refused it (in English, from a library).
error-not-url = не URL ({ $reason })
error-url-scheme = допустимы только URL с http или https
error-url-host = в URL должен быть указан хост
error-url-credentials = в URL не должно быть имени пользователя и пароля: доставки и так подписываются
error-url-fragment = в URL не должно быть #фрагмента
error-too-many-items = не более { $max }
error-merge-nothing = укажите хотя бы один лид, который нужно объединить с этим
error-merge-twice = лид указан дважды или совпадает с тем, в который объединяют
error-merge-no-such-lead = нет лида { $id } для объединения
error-forecast-stage = `{ $stage }` — не этап, на котором может быть открытый лид: new, connect, interest, need или evaluate
error-forecast-chance = вероятность для { $stage } должна быть числом от 0 до 1 или null
error-not-number = должно быть целым числом
error-lead-erased = данные этого человека удалены по его просьбе; их нельзя снова внести в этот лид

## Teams.
error-team-unknown = такой команды нет
error-team-manager-unknown = нет такого пользователя, чтобы возглавить команду
error-team-manager-rep = команду возглавляет менеджер или администратор, а не продавец
error-team-name-taken = это название уже занято другой командой
error-owner-outside-teams = этого пользователя нет в ваших командах: передавать лиды можно только продавцам ваших команд
error-rep-outside-teams = этого пользователя нет в ваших командах: звонки и контакты можно записывать только за себя и продавцов своих команд
error-tags-replace-or-change = укажите либо весь список тегов, либо теги для добавления и удаления, но не то и другое
error-lead-changed = лид изменился с тех пор, как вы его прочитали; прочитайте его снова и повторите изменение
error-external-id-differs = должен совпадать с external_id в адресе или отсутствовать
error-capture-no-contact = укажите телефон или e-mail, чтобы мы могли с вами связаться
error-custom-unknown = нет дополнительного поля с таким ключом (список: GET /api/v1/custom-fields)
error-custom-inactive = это дополнительное поле больше не используется
error-custom-not-number = `{ $text }` — не число
error-custom-not-date = `{ $text }` — не дата (2026-12-31 или 31.12.2026)
error-custom-not-text = должно быть текстом
error-custom-key = `{ $text }` — не ключ: от 1 до 40 строчных латинских букв, цифр или _, первой идёт буква
error-custom-key-taken = такой ключ уже есть у другого дополнительного поля
error-custom-choices-empty = в списке должен быть хотя бы один вариант
error-custom-no-choices = варианты бывают только у поля типа «один из списка»
error-lead-batch-size = { $max ->
    [one] в пакете должно быть от { $min } до { $max } лида
    [few] в пакете должно быть от { $min } до { $max } лидов
    [many] в пакете должно быть от { $min } до { $max } лидов
   *[other] в пакете должно быть от { $min } до { $max } лида
}
error-not-in-future = должно быть в будущем
error-unknown-scope = { $name } — не область доступа; области: { $known }
error-no-scope = укажите хотя бы одну область доступа или ни одной — тогда всё, что позволяет роль пользователя
error-not-an-origin = { $text } — не веб-источник вида https://www.example.co.id
