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
