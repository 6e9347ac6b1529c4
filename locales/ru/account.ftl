# The account page: the signed-in user's own clock and language.

account-title = Ваш аккаунт

## Shown once, after a first sign-in from a browser whose clock is in another zone than
## the company's. $offer is the browser's zone, $company the company's (IANA names,
## such as Asia/Jakarta); the two buttons choose one of them.

account-offer = Часы вашего браузера идут по поясу { $offer }, а дни компании считаются по поясу { $company }. В каком поясе Leadline показывать время и понимать время, которое вы вводите?
account-offer-use = Использовать { $zone }
account-offer-keep = Оставить { $zone }

## The form.

account-time-zone = Ваш часовой пояс
# The menu's first choice: no zone of one's own. $zone is the company's.
account-time-zone-company = Как у компании ({ $zone })
account-time-zone-hint = Всё время на страницах показывается по этому поясу, и все даты и время, которые вы вводите, понимаются по нему же. Дни на дашборде остаются днями компании.
# A button the page's script shows, with $zone the browser's zone.
account-browser-zone = Использовать пояс этого браузера ({ $zone })
account-language = Язык
# The menu's first choice: no language of one's own. $language is what it speaks now,
# by its own name (such as "English" or "Русский").
account-language-default = Как в браузере, иначе как у компании (сейчас { $language })
account-language-hint = Язык, на котором Leadline показывает вам страницы.
account-save = Сохранить
# Shown after saving, in the language just chosen.
account-saved = Настройки аккаунта сохранены.
account-change-password = Сменить пароль

## The password page. Changing a password signs every other browser of the user out;
## an admin's reset signs out all of the user's browsers.

password-title = Пароль
password-current = Текущий пароль
password-new = Новый пароль
password-repeat = Новый пароль ещё раз
# $min is the fewest characters a password may have.
password-hint = { $min ->
    [one] Не меньше { $min } символа. Во всех других браузерах вы выйдете из системы.
   *[other] Не меньше { $min } символов. Во всех других браузерах вы выйдете из системы.
}
password-save = Сменить пароль
password-changed = Пароль изменён. Во всех других браузерах вы вышли из системы.
password-error-wrong-current = не совпадает с вашим текущим паролем
password-error-mismatch = не совпадает с новым паролем
# On the users page, beside each other user.
password-reset = Сбросить пароль
# $name is the user's name.
password-reset-label = Сбросить пароль пользователя { $name }
password-reset-confirm = Выдать пользователю { $name } новый пароль и завершить все его сеансы?
# After an admin's reset. $email is the user's, $password the new one.
password-reset-done = Новый пароль для { $email }: { $password } — скопируйте его сейчас, больше он не будет показан. Пользователь вышел из системы во всех браузерах (его API-токены продолжают работать).
password-error-reset-yourself = Свой пароль меняйте на странице пароля: там нужно ввести текущий.
