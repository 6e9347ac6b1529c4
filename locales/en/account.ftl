# The account page: the signed-in user's own clock and language.

account-title = Your account

## Shown once, after a first sign-in from a browser whose clock is in another zone than
## the company's. $offer is the browser's zone, $company the company's (IANA names,
## such as Asia/Jakarta); the two buttons choose one of them.

account-offer = Your browser's clock is set to { $offer }; the company's days are { $company }'s. Which should Leadline show times in, and read the times you type in?
account-offer-use = Use { $zone }
account-offer-keep = Keep { $zone }

## The form.

account-time-zone = Your time zone
# The menu's first choice: no zone of one's own. $zone is the company's.
account-time-zone-company = The company's ({ $zone })
account-time-zone-hint = Every time on the pages is shown on this clock, and every date and time you type is read on it. The dashboard's days stay the company's.
# A button the page's script shows, with $zone the browser's zone.
account-browser-zone = Use this browser's zone ({ $zone })
account-language = Language
# The menu's first choice: no language of one's own. $language is what it speaks now,
# by its own name (such as "English" or "Русский").
account-language-default = Your browser's, else the company's (now { $language })
account-language-hint = The language Leadline's pages speak to you.
account-save = Save
# Shown after saving, in the language just chosen.
account-saved = Your account is saved.
account-change-password = Change your password

## The password page. Changing a password signs every other browser of the user out;
## an admin's reset signs out all of the user's browsers.

password-title = Password
password-current = Current password
password-new = New password
password-repeat = New password again
# $min is the fewest characters a password may have.
password-hint = { $min ->
    [one] At least { $min } character. Every other browser you are signed in on is signed out.
   *[other] At least { $min } characters. Every other browser you are signed in on is signed out.
}
password-save = Change password
password-changed = Your password is changed. Every other browser you were signed in on is signed out.
password-error-wrong-current = is not your current password
password-error-mismatch = does not match the new password
# On the users page, beside each other user.
password-reset = Reset password
# $name is the user's name.
password-reset-label = Reset { $name }'s password
password-reset-confirm = Give { $name } a new password and sign them out of every browser?
# After an admin's reset. $email is the user's, $password the new one.
password-reset-done = { $email } has a new password: { $password } — copy it now, it is not shown again. They are signed out of every browser (their API tokens keep working).
password-error-reset-yourself = To change your own password, use your password page: it asks for the current one.
