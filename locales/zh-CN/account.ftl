# The account page: the signed-in user's own clock and language.

account-title = 我的账户

## Shown once, after a first sign-in from a browser whose clock is in another zone than
## the company's. $offer is the browser's zone, $company the company's (IANA names,
## such as Asia/Jakarta); the two buttons choose one of them.

account-offer = 您的浏览器时钟为 { $offer } 时区，而公司的日期按 { $company } 时区计算。Leadline应按哪个时区显示时间，并解读您输入的时间？
account-offer-use = 使用 { $zone }
account-offer-keep = 保留 { $zone }

## The form.

account-time-zone = 我的时区
# The menu's first choice: no zone of one's own. $zone is the company's.
account-time-zone-company = 公司时区（{ $zone }）
account-time-zone-hint = 页面上的所有时间都按此时区显示，您输入的日期和时间也按此时区解读。数据看板的日期仍按公司时区计算。
# A button the page's script shows, with $zone the browser's zone.
account-browser-zone = 使用此浏览器的时区（{ $zone }）
account-language = 语言
# The menu's first choice: no language of one's own. $language is what it speaks now,
# by its own name (such as "English" or "Русский").
account-language-default = 跟随浏览器，否则使用公司设置（当前为{ $language }）
account-language-hint = Leadline页面向您显示的语言。
account-save = 保存
# Shown after saving, in the language just chosen.
account-saved = 账户设置已保存。
account-change-password = 修改密码

## The password page. Changing a password signs every other browser of the user out;
## an admin's reset signs out all of the user's browsers.

password-title = 密码
password-current = 当前密码
password-new = 新密码
password-repeat = 再次输入新密码
# $min is the fewest characters a password may have.
password-hint = 至少{ $min }个字符。您在其他浏览器上的登录都会退出。
password-save = 修改密码
password-changed = 密码已修改。您在其他浏览器上的登录已全部退出。
password-error-wrong-current = 不是您的当前密码
password-error-mismatch = 与新密码不一致
# On the users page, beside each other user.
password-reset = 重置密码
# $name is the user's name.
password-reset-label = 重置{ $name }的密码
password-reset-confirm = 为{ $name }生成新密码，并让其在所有设备上退出登录？
# After an admin's reset. $email is the user's, $password the new one.
password-reset-done = { $email }的新密码：{ $password }——请立即复制，之后不再显示。该用户已在所有浏览器上退出登录（其 API 令牌仍然有效）。
password-error-reset-yourself = 修改您自己的密码请使用密码页面：那里需要输入当前密码。
