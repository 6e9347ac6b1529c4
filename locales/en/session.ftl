# The sign-in page, seen before anyone is known ("Leadline" is the brand, not translated).

# The page's title in the browser's tab.
session-title = Sign in
session-intro = Sign in to your call queue and dashboard.
session-email = E-mail
session-password = Password
# The button that signs in.
session-submit = Sign in
# The name of the list of languages the page can be shown in (read out by screen
# readers); each language is listed by its own name.
session-language = Language
# Shown after too many wrong passwords; $minutes is how long to wait.
session-throttled = { $minutes ->
    [one] Too many failed sign-ins. Try again in { $minutes } minute.
   *[other] Too many failed sign-ins. Try again in { $minutes } minutes.
}
session-no-match = That e-mail and password do not match an active account.
# A form sent to any page that the server could not read at all.
session-form-unreadable = the form could not be read
