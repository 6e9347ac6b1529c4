# The account page: the signed-in user's own clock and language.

account-title = Akun Anda

## Shown once, after a first sign-in from a browser whose clock is in another zone than
## the company's. $offer is the browser's zone, $company the company's (IANA names,
## such as Asia/Jakarta); the two buttons choose one of them.

account-offer = Jam browser Anda memakai zona { $offer }; hari kerja perusahaan mengikuti zona { $company }. Zona mana yang dipakai Leadline untuk menampilkan waktu dan membaca waktu yang Anda ketik?
account-offer-use = Pakai { $zone }
account-offer-keep = Tetap { $zone }

## The form.

account-time-zone = Zona waktu Anda
# The menu's first choice: no zone of one's own. $zone is the company's.
account-time-zone-company = Zona perusahaan ({ $zone })
account-time-zone-hint = Semua waktu di halaman ditampilkan dalam zona ini, dan setiap tanggal serta jam yang Anda ketik dibaca dalam zona ini. Hari di dasbor tetap mengikuti zona perusahaan.
# A button the page's script shows, with $zone the browser's zone.
account-browser-zone = Pakai zona browser ini ({ $zone })
account-language = Bahasa
# The menu's first choice: no language of one's own. $language is what it speaks now,
# by its own name (such as "English" or "Русский").
account-language-default = Bahasa browser Anda, atau bahasa perusahaan (sekarang { $language })
account-language-hint = Bahasa yang dipakai halaman Leadline untuk Anda.
account-save = Simpan
# Shown after saving, in the language just chosen.
account-saved = Akun Anda sudah disimpan.
account-change-password = Ganti kata sandi Anda

## The password page. Changing a password signs every other browser of the user out;
## an admin's reset signs out all of the user's browsers.

password-title = Kata sandi
password-current = Kata sandi saat ini
password-new = Kata sandi baru
password-repeat = Ulangi kata sandi baru
# $min is the fewest characters a password may have.
password-hint = Minimal { $min } karakter. Semua browser lain tempat Anda masuk akan dikeluarkan.
password-save = Ganti kata sandi
password-changed = Kata sandi Anda sudah diganti. Semua browser lain tempat Anda masuk sudah dikeluarkan.
password-error-wrong-current = bukan kata sandi Anda saat ini
password-error-mismatch = tidak sama dengan kata sandi baru
# On the users page, beside each other user.
password-reset = Setel ulang kata sandi
# $name is the user's name.
password-reset-label = Setel ulang kata sandi { $name }
password-reset-confirm = Beri { $name } kata sandi baru dan keluarkan dari semua perangkat?
# After an admin's reset. $email is the user's, $password the new one.
password-reset-done = Kata sandi baru { $email }: { $password } — salin sekarang, tidak akan ditampilkan lagi. Pengguna ini sudah dikeluarkan dari semua browser (token API-nya tetap berlaku).
password-error-reset-yourself = Untuk mengganti kata sandi Anda sendiri, gunakan halaman kata sandi: halaman itu meminta kata sandi saat ini.
