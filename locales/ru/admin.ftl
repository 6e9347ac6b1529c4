# The admin pages: users, API tokens (and the links between the admin pages, which the
# settings and webhooks pages show too). Only admins see them.

## The links from one admin page to the others.

admin-nav-users = Пользователи
admin-nav-tokens = API-токены
admin-nav-webhooks = Вебхуки
admin-nav-custom-fields = Дополнительные поля
admin-nav-settings = Настройки
admin-nav-audit = Журнал изменений

## The roles a user can have, as menus and tables name them.

admin-role-admin = администратор
admin-role-manager = руководитель
admin-role-rep = менеджер

## Table columns.

admin-col-name = Имя
admin-col-email = E-mail
admin-col-role = Роль
admin-col-active = Активен
admin-col-user = Пользователь
admin-col-created = Создан
admin-col-last-used = Последнее использование
admin-col-revoked = Отозван
# A column of buttons; not shown, read out by screen readers.
admin-col-actions = Действия

## The users page.

admin-users-title = Пользователи
# After adding a user. $email is theirs; $password the password generated for them,
# shown in a box to copy.
admin-users-created = Пользователь { $email } добавлен. Его пароль: { $password } — скопируйте его сейчас, больше он показан не будет.
# The name of a user's role menu, read out by screen readers; $name is the user's name.
admin-users-role-of = Роль пользователя { $name }
# Saves a change of role.
admin-users-change = Изменить
admin-users-deactivate = Деактивировать
admin-users-reactivate = Активировать снова
admin-users-sign-out = Выйти на всех устройствах
# The same button as read out by screen readers; $name is the user's name.
admin-users-sign-out-label = Завершить все сеансы пользователя { $name }
admin-users-add-title = Добавить пользователя
admin-users-email = E-mail
admin-users-name = Имя
admin-users-role = Роль
admin-users-add = Добавить пользователя
# What is wrong with the role field of the form.
admin-users-choose-role = выберите роль
admin-users-not-yourself = Нельзя понизить или деактивировать самого себя; попросите другого администратора.

## The API tokens page.

admin-tokens-title = API-токены
# $header is the HTTP header that carries a token, as code.
admin-tokens-intro = Автообзвон, веб-формы и BI-системы обращаются к API с заголовком { $header } и действуют от имени пользователя токена.
# After creating a token; $token is its secret, shown in a box to copy.
admin-tokens-created = Новый токен: { $token } — скопируйте его сейчас, больше он показан не будет.
admin-tokens-form-title = Контактная форма для вашего сайта
admin-tokens-form-hint = Вставьте эту форму на страницу одного из сайтов ключа и оформите как угодно. В redirect укажите страницу, на которую вернётся посетитель (саму страницу формы или страницу благодарности): к её адресу добавится leadline=received.
admin-tokens-form-send = Отправить
admin-tokens-empty = Токенов пока нет.
admin-tokens-revoke = Отозвать
admin-tokens-create-title = Создать токен
admin-tokens-name = Название
# An example of a token's name (what will use it).
admin-tokens-name-example = автообзвон
# The user a token acts as: a menu of users.
admin-tokens-acts-as = От имени
# A user in that menu: their name and role.
admin-tokens-user = { $name } ({ $role })
admin-tokens-create = Создать токен

## Teams on the users page.
admin-nav-teams = Команды
admin-col-team = Команда
admin-users-team-of = Команда пользователя { $name }
admin-users-no-team = Без команды
admin-users-limited = Видит только свои команды

## The API reference at /api/docs (the reference itself is in English, as the API is).

api-docs-title = Справочник API
api-docs-intro = Все операции, их поля и ответы. Создайте токен на странице токенов API, затем нажмите Authorize, чтобы пробовать операции здесь.
api-docs-document = Документ OpenAPI
api-docs-back = Вернуться в Leadline

## A token's limits on the API tokens page (scope names such as leads:create are codes, not translated).

admin-col-scopes = Области доступа
admin-col-expires = Истекает
admin-tokens-all-scopes = Всё, что позволяет роль пользователя
admin-tokens-scopes = Области доступа
admin-tokens-scopes-hint = Отметьте, что может токен; ничего не отмечено — всё, что позволяет роль пользователя. Ключ веб-формы имеет только leads:create, и его лиды ничьи, пока менеджер их не раздаст.
admin-tokens-expires = Истекает (необязательно)
admin-tokens-origins = Веб-источники, с которых браузер может его использовать (по одному в строке)
admin-tokens-origins-hint = Только для ключа, которым пользуются страницы вашего сайта, например веб-форма: с любого другого сайта он отклоняется. Оставьте пустым для автообзвона или BI-системы.
