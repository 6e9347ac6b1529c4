# Halaman admin untuk kolom khusus: data yang dicatat perusahaan pada lead di luar kolom
# bawaan Leadline.

custom-fields-title = Kolom khusus
custom-fields-intro = Kolom yang dicatat perusahaan Anda pada setiap lead di luar kolom bawaan Leadline: tag UTM kampanye, anggaran, kota. Kolom ini tampil di halaman dan formulir setiap lead, bisa menyaring daftar lead, ikut dalam API (custom pada lead, menurut key), dan masuk ke ekspor. Formulir web mengisinya lewat field yang bernama sama dengan key-nya. Kolom tidak pernah dihapus: kolom yang tidak dipakai lagi dinonaktifkan, dan nilai yang tersimpan di lead tetap ada.
custom-fields-empty = Belum ada kolom khusus.
custom-fields-col-label = Label
custom-fields-col-key = Key
custom-fields-col-kind = Jenis
custom-fields-col-choices = Pilihan
custom-fields-col-active = Dipakai
custom-fields-label-of = Label { $key }
custom-fields-choices-of = Pilihan { $key }
custom-fields-active-of = { $key } dipakai
custom-fields-add-title = Tambah kolom
custom-fields-key-hint = Nama kolom untuk API, impor, dan formulir web: huruf kecil, angka, dan _. Jika dikosongkan, dibuat dari label. Tidak pernah berubah.
custom-fields-choices-hint = Untuk daftar pilihan: satu pilihan per baris.
custom-fields-add = Tambah kolom
custom-fields-kind-text = Teks
custom-fields-kind-number = Angka
custom-fields-kind-date = Tanggal
custom-fields-kind-choice = Salah satu dari daftar
