# The sign-in page, seen before anyone is known ("Leadline" is the brand, not translated).

# The page's title in the browser's tab.
session-title = Masuk
session-intro = Masuk ke antrean panggilan dan dasbor Anda.
session-email = Email
session-password = Kata sandi
# The button that signs in.
session-submit = Masuk
# The name of the list of languages the page can be shown in (read out by screen
# readers); each language is listed by its own name.
session-language = Bahasa
# Shown after too many wrong passwords; $minutes is how long to wait.
session-throttled = { $minutes ->
   *[other] Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam { $minutes } menit.
}
session-no-match = Email dan kata sandi tersebut tidak cocok dengan akun aktif mana pun.
# A form sent to any page that the server could not read at all.
session-form-unreadable = formulir tidak dapat dibaca
