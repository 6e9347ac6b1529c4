# The admin pages: users, API tokens (and the links between the admin pages, which the
# settings and webhooks pages show too). Only admins see them.

## The links from one admin page to the others.

admin-nav-users = Pengguna
admin-nav-tokens = Token API
admin-nav-webhooks = Webhook
admin-nav-custom-fields = Kolom khusus
admin-nav-settings = Pengaturan
admin-nav-audit = Jejak audit

## The roles a user can have, as menus and tables name them.

admin-role-admin = admin
admin-role-manager = manajer
admin-role-rep = sales

## Table columns.

admin-col-name = Nama
admin-col-email = Email
admin-col-role = Peran
admin-col-active = Aktif
admin-col-user = Pengguna
admin-col-created = Dibuat
admin-col-last-used = Terakhir dipakai
admin-col-revoked = Dicabut
# A column of buttons; not shown, read out by screen readers.
admin-col-actions = Tindakan

## The users page.

admin-users-title = Pengguna
# After adding a user. $email is theirs; $password the password generated for them,
# shown in a box to copy.
admin-users-created = { $email } sudah ditambahkan. Kata sandinya { $password } — salin sekarang, kata sandi ini tidak akan ditampilkan lagi.
# The name of a user's role menu, read out by screen readers; $name is the user's name.
admin-users-role-of = Peran { $name }
# Saves a change of role.
admin-users-change = Ubah
admin-users-deactivate = Nonaktifkan
admin-users-reactivate = Aktifkan kembali
admin-users-sign-out = Keluarkan dari semua perangkat
# The same button as read out by screen readers; $name is the user's name.
admin-users-sign-out-label = Keluarkan { $name } dari semua perangkat
admin-users-add-title = Tambah pengguna
admin-users-email = Email
admin-users-name = Nama
admin-users-role = Peran
admin-users-add = Tambah pengguna
# What is wrong with the role field of the form.
admin-users-choose-role = pilih peran
admin-users-not-yourself = Anda tidak bisa menurunkan peran atau menonaktifkan akun Anda sendiri; minta admin lain.

## The API tokens page.

admin-tokens-title = Token API
# $header is the HTTP header that carries a token, as code.
admin-tokens-intro = Dialer, formulir web, dan alat BI memanggil API dengan { $header }, bertindak sebagai pengguna pemilik token.
# After creating a token; $token is its secret, shown in a box to copy.
admin-tokens-created = Token baru: { $token } — salin sekarang, token ini tidak akan ditampilkan lagi.
admin-tokens-form-title = Formulir kontak untuk situs Anda
admin-tokens-form-hint = Tempel formulir ini di halaman salah satu situs kunci ini dan atur tampilannya sesuka Anda. Isi redirect dengan halaman tujuan pengunjung setelah mengirim (halaman formulir itu sendiri atau halaman terima kasih): alamatnya mendapat leadline=received.
admin-tokens-form-send = Kirim
admin-tokens-empty = Belum ada token.
admin-tokens-revoke = Cabut
admin-tokens-create-title = Buat token
admin-tokens-name = Nama
# An example of a token's name (what will use it).
admin-tokens-name-example = dialer
# The user a token acts as: a menu of users.
admin-tokens-acts-as = Bertindak sebagai
# A user in that menu: their name and role.
admin-tokens-user = { $name } ({ $role })
admin-tokens-create = Buat token

## Teams on the users page.
admin-nav-teams = Tim
admin-col-team = Tim
admin-users-team-of = Tim { $name }
admin-users-no-team = Tanpa tim
admin-users-limited = Hanya melihat timnya

## The API reference at /api/docs (the reference itself is in English, as the API is).

api-docs-title = Referensi API
api-docs-intro = Setiap operasi, kolom, dan jawabannya. Buat token di halaman token API, lalu pilih Authorize untuk mencoba operasi di sini.
api-docs-document = Dokumen OpenAPI
api-docs-back = Kembali ke Leadline

## A token's limits on the API tokens page (scope names such as leads:create are codes, not translated).

admin-col-scopes = Cakupan
admin-col-expires = Kedaluwarsa
admin-tokens-all-scopes = Semua yang diizinkan peran penggunanya
admin-tokens-scopes = Cakupan
admin-tokens-scopes-hint = Centang apa yang boleh dilakukan token; tanpa centang: semua yang diizinkan peran penggunanya. Kunci formulir web hanya berisi leads:create, dan lead-nya belum dimiliki siapa pun sampai manajer membagikannya.
admin-tokens-expires = Kedaluwarsa (opsional)
admin-tokens-origins = Origin web tempat browser boleh memakainya (satu per baris)
admin-tokens-origins-hint = Hanya untuk kunci yang dipakai halaman di situs Anda sendiri, seperti formulir web: dari situs lain akan ditolak. Kosongkan untuk dialer atau alat BI.
