# The sign-in page, seen before anyone is known ("Leadline" is the brand, not translated).

# The page's title in the browser's tab.
session-title = Вход
session-intro = Войдите, чтобы открыть очередь звонков и дашборд.
session-email = E-mail
session-password = Пароль
# The button that signs in.
session-submit = Войти
# The name of the list of languages the page can be shown in (read out by screen
# readers); each language is listed by its own name.
session-language = Язык
# Shown after too many wrong passwords; $minutes is how long to wait.
session-throttled = { $minutes ->
    [one] Слишком много неудачных попыток входа. Попробуйте снова через { $minutes } минуту.
    [few] Слишком много неудачных попыток входа. Попробуйте снова через { $minutes } минуты.
    [many] Слишком много неудачных попыток входа. Попробуйте снова через { $minutes } минут.
   *[other] Слишком много неудачных попыток входа. Попробуйте снова через { $minutes } минуты.
}
session-no-match = Нет активного аккаунта с таким e-mail и паролем.
# A form sent to any page that the server could not read at all.
session-form-unreadable = не удалось прочитать форму
