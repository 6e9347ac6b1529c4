# The settings page: the company's clock, working week, holidays, phone numbers'
# country and language. Only admins see it.

settings-title = Pengaturan
settings-saved = Pengaturan sudah disimpan.

## A notice while the dashboard's figures are counted again after a change of time zone.
## $zone is the new zone (an IANA name such as Asia/Jakarta).

# The last step of a recount.
settings-recount-folding = Dasbor sedang dihitung ulang dalam zona { $zone }: semua prospek sudah dihitung, dan hasilnya sedang digabungkan (dengan jutaan panggilan, perlu beberapa menit). Sementara itu angkanya dihitung dari data mentah: tetap akurat, hanya lebih lambat. Halaman ini diperbarui setiap beberapa detik.
# The recount under way: $percent done, $counted of $total leads.
settings-recount-progress = { $total ->
   *[other] Dasbor sedang dihitung ulang dalam zona { $zone }: { $percent }% ({ $counted } dari { $total } prospek). Sementara itu angkanya dihitung dari data mentah: tetap akurat, hanya lebih lambat. Halaman ini diperbarui setiap beberapa detik.
}
# The progress bar's text, where a browser shows no bar.
settings-recount-percent = { $percent }%

## The form.

settings-time-zone = Zona waktu
settings-time-zone-hint = Hari, 'hari ini', periode, hari kerja, dan tindak lanjut yang terlambat dihitung mulai tengah malam di zona ini.
settings-country = Negara default untuk nomor telepon
settings-country-hint = Nomor yang ditulis tanpa kode negara, seperti 0812-3456-7890, dibaca menurut format penomoran negara ini. Setiap impor bisa menentukan negara untuk filenya sendiri.
settings-language = Bahasa
# Each language in the menu is listed by its own name.
settings-language-hint = Bahasa halaman untuk pengguna yang belum memilih bahasa dan browsernya tidak meminta bahasa yang didukung Leadline.
settings-working-days = Hari kerja
settings-working-days-hint = Panggilan per hari kerja dan penanda norma dihitung berdasarkan hari-hari ini, dikurangi hari libur di bawah.
settings-day-monday = Senin
settings-day-tuesday = Selasa
settings-day-wednesday = Rabu
settings-day-thursday = Kamis
settings-day-friday = Jumat
settings-day-saturday = Sabtu
settings-day-sunday = Minggu
settings-holidays = Hari libur, satu per baris: tanggal, lalu namanya
# An example line for the holidays' box: a date (always YYYY-MM-DD) and a holiday's name.
settings-holidays-example = 2026-08-17 Hari Kemerdekaan
settings-save = Simpan pengaturan
# $time is when the settings were last saved (a date and time).
settings-updated = Terakhir diubah { $time }.
# What is wrong with a line of the holidays' box: $line is its number, $date what was
# written where the date should be.
settings-holiday-not-a-date = baris { $line }: `{ $date }` bukan tanggal (YYYY-MM-DD)
