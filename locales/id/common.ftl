# Shared by every page.

# A form's error: the field's label (a field-* message below, else the field's name) and
# what is wrong with it.
form-field-error = { $field }: { $problem }

# Yes and no, as a table's column says whether a user or a subscription is active.
common-yes = ya
common-no = tidak

## The bar at the top of every page after signing in.

# A link for keyboard users that jumps past the navigation.
nav-skip = Langsung ke konten
# The navigation's name, read out by screen readers.
nav-main = Utama
nav-dashboard = Dasbor
nav-queue = Antrean panggilan
nav-agenda = Agenda
nav-notices = Notifikasi
nav-leads = Prospek
nav-board = Pipeline
nav-spend = Pengeluaran
nav-import = Impor
nav-admin = Admin
# Tooltip of the signed-in user's name, which links to their account page.
nav-account-hint = Akun dan zona waktu Anda
nav-sign-out = Keluar
# A second sign-out button: ends the user's sessions on every device, this one included.
nav-sign-out-everywhere = Semua perangkat
nav-sign-out-everywhere-hint = Keluar dari semua perangkat

## The error page: a title (the HTTP status's name) and a sentence saying what went wrong.

error-page-back = Kembali ke Leadline
# Titles, one per HTTP status; error-page-status for any other.
error-page-status = Kesalahan
error-page-status-400 = Permintaan Tidak Valid
error-page-status-403 = Akses Ditolak
error-page-status-404 = Tidak Ditemukan
error-page-status-408 = Waktu Permintaan Habis
error-page-status-413 = Data Terlalu Besar
error-page-status-500 = Kesalahan Server Internal
error-page-status-503 = Layanan Tidak Tersedia
# A signed-in user opened a page their role does not allow.
error-page-for-managers = Halaman ini khusus untuk manajer dan admin.
error-page-for-admins = Halaman ini khusus untuk admin.
# Something that does not exist (or is not the reader's to see). $what is what was
# looked for, in English, when it is none of those below.
error-page-not-found = { $what } tidak ditemukan
error-page-not-found-lead = prospek tidak ditemukan
error-page-not-found-user = pengguna tidak ditemukan
error-page-not-found-token = token tidak ditemukan
error-page-not-found-webhook = webhook tidak ditemukan
error-page-not-found-delivery = pengiriman tidak ditemukan
error-page-not-found-import = impor tidak ditemukan
error-page-not-found-spend-entry = catatan pengeluaran tidak ditemukan
error-page-not-found-lost-reason = alasan gagal tidak ditemukan
error-page-not-found-notification = notifikasi tidak ditemukan
error-page-not-found-bulk-change = perubahan massal tidak ditemukan
error-page-not-found-task = tugas tidak ditemukan
error-page-csrf = formulir sudah kedaluwarsa atau tidak berasal dari Leadline; kembali, muat ulang halaman, lalu coba lagi
error-page-cross-site = formulir ini dikirim dari situs lain; buka Leadline langsung dan kirim dari sana
error-page-too-large = data yang dikirim terlalu besar
error-page-timed-out = proses terlalu lama dan dihentikan; coba lagi
error-page-unavailable = database tidak tersedia; coba lagi sebentar lagi
error-page-internal = terjadi kesalahan di sistem kami; kesalahan ini sudah dicatat
# Two people changed the same lead at the same moment.
error-page-conflict = prospek ini diubah orang lain pada saat yang sama; coba lagi

# The names of the fields a form's error names, before what is wrong with it
# (form-field-error above): "Deal value: `abc` is not an amount".
field-name = Nama
field-phone = Telepon
field-email = Email
field-company = Perusahaan
field-referred-by = Direferensikan oleh
field-source = Saluran
field-channel = Saluran
field-owner-id = Pemilik
field-stage = Tahap
field-to = Tahap
field-move-to = Pindah ke tahap
field-reason = Alasan
field-deal-value = Nilai deal
field-do-not-call = Jangan dihubungi
field-notes = Catatan
field-note = Catatan
field-next-contact = Kontak berikutnya
field-happened-at = Kapan
field-kind = Lewat
field-next-contact-at = Kontak berikutnya
field-tags = Tag
field-tag = Tag
field-talk = Durasi bicara
field-ring = Durasi dering
field-outcome = Hasil panggilan
field-intent = Minat
field-direction = Arah
field-started-at = Mulai panggilan
field-lost-reason = Alasan gagal
field-lost-note = Catatan gagal
field-title = Judul
field-due-at = Jatuh tempo
field-assignee-id = Penanggung jawab
field-phone-bad = Nomor salah
field-active = Aktif
field-user-id = Pengguna
field-revoked-at = Dicabut
field-key = Key
field-choices = Pilihan
field-spent-on = Tanggal
field-deleted-at = Dihapus
field-label = Label
field-return-after-days = Kembali setelah (hari)
field-playbook = Playbook
field-sort-order = Urutan
field-secret = Rahasia tanda tangan
field-password-hash = Kata sandi
field-entity = Apa
field-via = Lewat
field-since = Dari
field-until = Sampai
field-confirm = Konfirmasi
field-other = Lead lain
field-rep-id = Sales
field-chances = Peluang
field-window-days = Rentang
field-months = Bulan
field-tag-group = Grup tag
field-user = Pengguna
field-date = Tanggal
field-amount = Jumlah
field-category = Kategori
field-time-zone = Zona waktu
field-language = Bahasa
field-default-country = Negara default
field-holidays = Hari libur
field-working-days = Hari kerja
field-role = Peran
field-password = Kata sandi
field-current-password = Kata sandi saat ini
field-new-password = Kata sandi baru
field-repeat-password = Ulangi kata sandi baru
field-url = URL
field-events = Event
field-file = Berkas
field-bad-fields = Jika ada kolom yang salah
field-from = Dari
field-created-from = Dibuat dari
field-created-to = Dibuat sampai
field-period = Periode
field-status = Status
field-reached = Tahap tercapai
field-target = Ubah
field-action = Caranya
field-to-owner = Pemilik baru
field-tag-name = Tag
field-ids = Prospek
field-filters = Filter
field-page = Halaman
field-query = Filter
field-shared = Dibagikan

error-page-not-found-team = tim tidak ditemukan
field-team-id = Tim
field-team = Tim
field-manager-id = Manajer
field-limited-to-teams = Hanya melihat timnya
field-expires-at = Kedaluwarsa
field-allowed-origins = Origin web
