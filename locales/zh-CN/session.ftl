# The sign-in page, seen before anyone is known ("Leadline" is the brand, not translated).

# The page's title in the browser's tab.
session-title = 登录
session-intro = 登录以进入拨打队列和数据看板。
session-email = 邮箱
session-password = 密码
# The button that signs in.
session-submit = 登录
# The name of the list of languages the page can be shown in (read out by screen
# readers); each language is listed by its own name.
session-language = 语言
# Shown after too many wrong passwords; $minutes is how long to wait.
session-throttled = 登录失败次数过多。请{ $minutes }分钟后重试。
session-no-match = 邮箱和密码与任何有效账户都不匹配。
# A form sent to any page that the server could not read at all.
session-form-unreadable = 无法读取表单
