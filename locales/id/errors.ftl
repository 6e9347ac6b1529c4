# What is wrong with a field of a form, an import row or an API request. The API says
# these in English; the pages in the reader's language. `$text` in error-text is what a
# library said, shown as it is.
#
# Most messages follow the field's name or label ("name: must not be empty", see
# form-field-error), so they read as the rest of a sentence whose subject is the field.
# Text between `backticks` is what the user typed, shown as it is. Codes written in
# messages (en, zh-CN, IDR, csv, http, GET /api/v1/...) are not translated.

error-text = { $text }

## Any text field

error-empty = tidak boleh kosong
# $max: the most characters the field holds.
error-too-long = { $max ->
   *[other] maksimal { $max } karakter
}
error-control-characters = tidak boleh berisi karakter kontrol
# The field held a NUL character (a zero byte, written %00 in a URL).
error-nul = tidak boleh berisi karakter NUL (%00)
# The API request held text the database cannot store; "body" is the request's body.
error-unstorable-character = berisi karakter yang tidak dapat disimpan (seperti NUL)
# $min and $max: the lowest and highest number the field accepts.
error-out-of-range = harus antara { $min } dan { $max }
error-not-uuid = harus berupa UUID

## Languages, countries, currencies, time zones, file formats

# $text: the language tag the user gave.
error-unknown-language = `{ $text }` bukan bahasa yang didukung Leadline: en, id, zh-CN, atau ru
# $text: the country code the user gave.
error-not-country = `{ $text }` bukan kode negara seperti ID, CN, atau RU
# $text: the currency code the user gave.
error-not-currency = `{ $text }` bukan kode mata uang ISO 4217 seperti IDR
# $name: the time zone name the user gave, already in double quotes.
error-not-time-zone = { $name } bukan zona waktu dalam database tz (seperti Asia/Jakarta)
# $text: the file format the user asked an export for.
error-unknown-file-format = `{ $text }` bukan format file: csv, excel_csv, atau xlsx

## Leads: e-mail, phone, owner, deal value

# $text: what the user typed as an e-mail address.
error-not-email = `{ $text }` bukan alamat email
error-phone-too-long = terlalu panjang untuk nomor telepon
# $text: what the user typed as a phone number.
error-not-phone = `{ $text }` bukan nomor telepon
# $text: a number that has the form of a phone number but cannot be one.
error-invalid-phone = `{ $text }` bukan nomor telepon yang valid
error-no-such-lead = prospek tidak ditemukan
error-referrer-is-the-lead = prospek tidak bisa mereferensikan dirinya sendiri
error-no-such-user = pengguna tidak ditemukan
task-error-assignee-cannot-see = penerima tugas adalah sales yang tidak dapat melihat prospek ini (milik sales lain)
task-error-reps-assign-themselves = sales hanya dapat memberi tugas kepada dirinya sendiri
touch-error-reps-log-their-own = sales hanya dapat mencatat kontaknya sendiri
error-owner-deactivated = pengguna tersebut sudah dinonaktifkan
# "decide" is the funnel stage at which a lead counts as won.
error-entry-needs-deal-value = prospek yang masuk di tahap closing atau setelahnya dihitung berhasil dan memerlukan nilai deal
error-won-keeps-deal-value = prospek yang berhasil harus tetap punya nilai deal
error-regress-needs-reason = memindahkan prospek mundur tahap memerlukan alasan
error-won-needs-deal-value = deal yang berhasil memerlukan nilai deal
# $max: the most tags a lead may carry.
error-too-many-tags = { $max ->
   *[other] maksimal { $max } tag
}
error-lost-reason-exists = alasan ini sudah ada
# $reason: the lost reason the request named.
error-unknown-lost-reason = `{ $reason }` bukan salah satu alasan gagal (GET /api/v1/lost-reasons)

## Money and dates

error-negative = tidak boleh negatif
# $max: the largest amount, in minor units (cents, say).
error-amount-too-large = maksimal { $max } (dalam satuan terkecil mata uang)
error-future = tidak boleh di masa depan
# $year: the first year accepted (2000).
error-year-too-early = harus tahun { $year } atau setelahnya
# $year: the first year no longer accepted (2200).
error-year-too-late = harus sebelum tahun { $year }
error-date-out-of-range = di luar rentang tanggal yang disimpan Leadline
# A report's period: "from" must come before "to" (`to` is the other field's name).
error-from-after-to = harus sebelum `to`
# $max: the most days a report's period may span.
error-period-too-long = { $max ->
   *[other] periode maksimal { $max } hari
}

## Working week and holidays (company settings)

error-no-working-day = pilih minimal satu hari kerja
# $max: the most holidays the calendar holds.
error-too-many-holidays = { $max ->
   *[other] maksimal { $max } hari libur
}
# $date: the holiday's date, as YYYY-MM-DD.
error-holiday-twice = { $date } tercantum dua kali

## Calls

error-intent-needs-connected = hanya panggilan yang tersambung yang punya minat
error-not-http-url = harus berupa URL http(s)
# $min and $max: how many calls one batch may hold.
error-batch-size = { $max ->
   *[other] harus berisi { $min } sampai { $max } panggilan
}

## The API's paging and Idempotency-Key header

error-bad-cursor = bukan cursor yang dikembalikan API ini
# $min and $max: the shortest and longest key, in characters.
error-idempotency-key = harus { $min }-{ $max } karakter ASCII yang terlihat
# The Idempotency-Key was sent before with another request body.
error-idempotency-key-reused = sudah dipakai untuk request yang berbeda

## Users and passwords

error-email-taken = pengguna dengan email ini sudah ada
# $min: the fewest characters a password may have.
error-password-too-short = { $min ->
   *[other] minimal { $min } karakter
}
# $max: the most bytes a password may have (a letter may take several bytes).
error-password-too-long = { $max ->
   *[other] maksimal { $max } byte
}

## Webhooks

# $name: the event type the request named, in double quotes; $known: the event types
# there are, separated by commas.
error-unknown-event-type = jenis event { $name } tidak dikenal; yang tersedia: { $known }
error-not-one-of = `{ $text }` bukan salah satu dari: { $known }
error-not-date = `{ $text }` bukan tanggal (YYYY-MM-DD)
error-no-event-type = pilih minimal satu jenis event
# $reason: why the URL parser refused it (in English, from a library).
error-not-url = bukan URL ({ $reason })
error-url-scheme = harus berupa URL http atau https
error-url-host = harus menyebutkan host
error-url-credentials = tidak boleh memuat nama pengguna atau kata sandi; pengiriman ditandatangani sebagai gantinya
error-url-fragment = tidak boleh memiliki #fragment
error-too-many-items = paling banyak { $max }
error-merge-nothing = sebutkan setidaknya satu lead untuk digabungkan ke lead ini
error-merge-twice = menyebut satu lead dua kali, atau lead tujuan penggabungan
error-merge-no-such-lead = tidak ada lead { $id } untuk digabungkan
error-forecast-stage = `{ $stage }` bukan tahap tempat lead terbuka bisa berada: new, connect, interest, need, atau evaluate
error-forecast-chance = peluang untuk { $stage } harus berupa angka dari 0 sampai 1, atau null
error-not-number = harus berupa bilangan bulat
error-lead-erased = data orang ini sudah dihapus atas permintaannya; data itu tidak dimasukkan lagi ke lead ini

## Teams.
error-team-unknown = tim tersebut tidak ada
error-team-manager-unknown = tidak ada pengguna tersebut untuk memimpin tim
error-team-manager-rep = tim dipimpin oleh manajer atau admin, bukan sales
error-team-name-taken = tim lain sudah memakai nama ini
error-owner-outside-teams = pengguna tersebut tidak ada di tim Anda: Anda hanya dapat memberikan prospek kepada sales di tim Anda
error-rep-outside-teams = pengguna tersebut tidak ada di tim Anda: Anda hanya mencatat panggilan dan kontak untuk diri sendiri dan sales di tim Anda
error-tags-replace-or-change = berikan seluruh daftar tag, atau tag yang ditambah dan dihapus, jangan keduanya
error-lead-changed = lead sudah berubah sejak Anda membacanya; baca lagi lalu ulangi perubahan Anda
error-external-id-differs = harus sama dengan external_id di alamat, atau dikosongkan
error-capture-no-contact = isi nomor telepon atau e-mail agar kami dapat menghubungi Anda
error-custom-unknown = tidak ada kolom khusus dengan key ini (GET /api/v1/custom-fields menampilkan daftarnya)
error-custom-inactive = kolom khusus ini sudah tidak dipakai
error-custom-not-number = `{ $text }` bukan angka
error-custom-not-date = `{ $text }` bukan tanggal (2026-12-31 atau 31.12.2026)
error-custom-not-text = harus berupa teks
error-custom-key = `{ $text }` bukan key yang valid: 1 sampai 40 huruf kecil, angka, atau _, diawali huruf
error-custom-key-taken = kolom khusus lain sudah memakai key ini
error-custom-choices-empty = daftar pilihan harus berisi minimal satu pilihan
error-custom-no-choices = hanya kolom berjenis daftar pilihan yang memiliki pilihan
error-lead-batch-size = { $max ->
   *[other] harus berisi { $min } sampai { $max } lead
}
error-not-in-future = harus di masa depan
error-unknown-scope = { $name } bukan cakupan; cakupan yang ada: { $known }
error-no-scope = berikan setidaknya satu cakupan, atau kosongkan untuk semua yang diizinkan peran pengguna
error-not-an-origin = { $text } bukan origin web seperti https://www.example.co.id
