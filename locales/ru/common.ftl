# Shared by every page.

# A form's error: the field's label (a field-* message below, else the field's name) and
# what is wrong with it.
form-field-error = { $field }: { $problem }

# Yes and no, as a table's column says whether a user or a subscription is active.
common-yes = да
common-no = нет

## The bar at the top of every page after signing in.

# A link for keyboard users that jumps past the navigation.
nav-skip = Перейти к содержимому
# The navigation's name, read out by screen readers.
nav-main = Основное меню
nav-dashboard = Дашборд
nav-queue = Очередь звонков
nav-agenda = План дня
nav-notices = Уведомления
nav-leads = Лиды
nav-board = Воронка
nav-spend = Расходы
nav-import = Импорт
nav-admin = Администрирование
# Tooltip of the signed-in user's name, which links to their account page.
nav-account-hint = Ваш аккаунт и часовой пояс
nav-sign-out = Выйти
# A second sign-out button: ends the user's sessions on every device, this one included.
nav-sign-out-everywhere = Везде
nav-sign-out-everywhere-hint = Выйти на всех устройствах

## The error page: a title (the HTTP status's name) and a sentence saying what went wrong.

error-page-back = Вернуться в Leadline
# Titles, one per HTTP status; error-page-status for any other.
error-page-status = Ошибка
error-page-status-400 = Неверный запрос
error-page-status-403 = Доступ запрещён
error-page-status-404 = Не найдено
error-page-status-408 = Время ожидания истекло
error-page-status-413 = Слишком большой запрос
error-page-status-500 = Внутренняя ошибка сервера
error-page-status-503 = Сервис недоступен
# A signed-in user opened a page their role does not allow.
error-page-for-managers = Эта страница доступна только руководителям и администраторам.
error-page-for-admins = Эта страница доступна только администраторам.
# Something that does not exist (or is not the reader's to see). $what is what was
# looked for, in English, when it is none of those below.
error-page-not-found = не найдено: { $what }
error-page-not-found-lead = лид не найден
error-page-not-found-user = пользователь не найден
error-page-not-found-token = токен не найден
error-page-not-found-webhook = вебхук не найден
error-page-not-found-delivery = доставка не найдена
error-page-not-found-import = импорт не найден
error-page-not-found-spend-entry = запись о расходе не найдена
error-page-not-found-lost-reason = причина потери не найдена
error-page-not-found-notification = уведомление не найдено
error-page-not-found-bulk-change = массовое изменение не найдено
error-page-not-found-task = задача не найдена
error-page-csrf = срок действия формы истёк или она отправлена не из Leadline; вернитесь назад, обновите страницу и попробуйте снова
error-page-cross-site = эта форма отправлена с другого сайта; откройте сам Leadline и отправьте её оттуда
error-page-too-large = отправлено слишком много данных
error-page-timed-out = операция заняла слишком много времени и была прервана; попробуйте снова
error-page-unavailable = база данных недоступна; попробуйте снова через минуту
error-page-internal = что-то пошло не так на нашей стороне; ошибка записана в журнал
# Two people changed the same lead at the same moment.
error-page-conflict = этот лид одновременно изменил кто-то другой; попробуйте снова

# The names of the fields a form's error names, before what is wrong with it
# (form-field-error above): "Deal value: `abc` is not an amount".
field-name = Имя
field-phone = Телефон
field-email = E-mail
field-company = Компания
field-referred-by = Кто рекомендовал
field-source = Канал
field-channel = Канал
field-owner-id = Ответственный
field-stage = Этап
field-to = Этап
field-move-to = Перевести на этап
field-reason = Причина
field-deal-value = Сумма сделки
field-do-not-call = Не звонить
field-notes = Заметки
field-note = Комментарий
field-next-contact = Следующий контакт
field-happened-at = Когда
field-kind = Канал
field-next-contact-at = Следующий контакт
field-tags = Теги
field-tag = Тег
field-talk = Время разговора
field-ring = Время дозвона
field-outcome = Результат звонка
field-intent = Интерес
field-direction = Направление
field-started-at = Начало звонка
field-lost-reason = Причина потери
field-lost-note = Комментарий к потере
field-title = Название
field-due-at = Срок
field-assignee-id = Исполнитель
field-phone-bad = Неверный номер
field-active = Активен
field-user-id = Пользователь
field-revoked-at = Отозван
field-key = Ключ
field-choices = Варианты
field-spent-on = Дата
field-deleted-at = Удалён
field-label = Название
field-return-after-days = Вернётся через (дней)
field-playbook = Что делать
field-sort-order = Порядок
field-secret = Секрет подписи
field-password-hash = Пароль
field-entity = Что
field-via = Способ
field-since = С
field-until = По
field-confirm = Подтверждение
field-other = Другой лид
field-rep-id = Менеджер
field-chances = Вероятности
field-window-days = Окно
field-months = Месяцы
field-tag-group = Группа тегов
field-user = Пользователь
field-date = Дата
field-amount = Сумма
field-category = Статья
field-time-zone = Часовой пояс
field-language = Язык
field-default-country = Страна по умолчанию
field-holidays = Праздники
field-working-days = Рабочие дни
field-role = Роль
field-password = Пароль
field-current-password = Текущий пароль
field-new-password = Новый пароль
field-repeat-password = Повтор нового пароля
field-url = URL
field-events = События
field-file = Файл
field-bad-fields = Если поле с ошибкой
field-from = С
field-created-from = Создан с
field-created-to = Создан по
field-period = Период
field-status = Статус
field-reached = Достигнутый этап
field-target = Изменить
field-action = Как
field-to-owner = Новый владелец
field-tag-name = Тег
field-ids = Лиды
field-filters = Фильтры
field-page = Страница
field-query = Фильтры
field-shared = Общий доступ

error-page-not-found-team = команда не найдена
field-team-id = Команда
field-team = Команда
field-manager-id = Руководитель
field-limited-to-teams = Видит только свои команды
field-expires-at = Истекает
field-allowed-origins = Веб-источники
