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
