# Lead pages: the searchable list of leads (/leads), a new lead (/leads/new) and a
# lead's own page (/leads/<id>) with its details, funnel moves, timeline and edit form.
# Read by reps and managers. Stage and status names come from funnel.ftl.

## The leads list: title, search filters and downloads

leads-title = Prospek
# Button to the new-lead form.
leads-new-lead = Prospek baru
# What a screen reader calls the search form.
leads-search-label = Cari prospek
leads-filter-search = Cari
# Placeholder of the search box: what it searches in.
leads-filter-search-placeholder = nama, telepon, email, perusahaan
leads-filter-stage = Tahap
# The first option of a filter menu: no filter.
leads-filter-any = Semua
# Filter on the furthest stage a lead reached.
leads-filter-reached = Pernah mencapai
# An option of the "Reached" menu. $stage: a stage's name; the option picks leads that
# reached that stage or a later one.
leads-filter-reached-option = { $stage } atau lebih
leads-filter-status = Status
leads-filter-owner = Pemilik
# Owner filter: leads of any owner.
leads-filter-anyone = Siapa saja
# Owner filter: leads nobody owns.
leads-filter-nobody = Tanpa pemilik
# The channel (source) a lead came through, e.g. "google ads".
leads-filter-channel = Saluran
leads-filter-tag = Tag
# Creation date range, read as "Created from [date] before [date]".
leads-filter-created-from = Dibuat sejak
leads-filter-created-before = sebelum
# Button that applies the filters.
leads-filter-submit = Cari
# Link that removes every filter.
leads-filter-clear = Hapus filter
# Followed by links to download the listed leads as files.
leads-export-label = Unduh prospek ini:
# File formats of the download links. XLSX and CSV are format names.
leads-export-xlsx = XLSX
leads-export-excel-csv = CSV untuk Excel
leads-export-csv = CSV

## The leads list: when it is empty

# $link: a link reading leads-empty-show-all.
leads-empty-filtered = Tidak ada prospek yang cocok. { $link }.
leads-empty-show-all = Tampilkan semua prospek
leads-empty-title = Belum ada prospek
# $hand: a link to the new-lead form reading leads-empty-by-hand.
leads-empty-first = Tambahkan prospek pertama Anda { $hand }; dialer dan formulir web bisa mengirim prospek lewat API.
# For managers. $hand: a link reading leads-empty-by-hand; $import: a link to the import
# page reading leads-empty-import.
leads-empty-first-manager = Tambahkan prospek pertama Anda { $hand } atau { $import }; dialer dan formulir web bisa mengirim prospek lewat API.
leads-empty-by-hand = secara manual
leads-empty-import = impor file CSV

## The leads list: the table

leads-col-name = Nama
leads-col-company = Perusahaan
leads-col-phone = Telepon
leads-col-stage = Tahap
leads-col-status = Status
leads-col-owner = Pemilik
leads-col-channel = Saluran
leads-col-tags = Tag
leads-col-last-call = Panggilan terakhir
leads-col-created = Dibuat
# The "Last call" cell. $time: date and time of the call; $outcome: how it ended
# (a leads-outcome-* message).
leads-last-call = { $time } ({ $outcome })
leads-next-page = Halaman berikutnya

## How a call ended, and the intent a connected call showed (list and timeline)

leads-outcome-connected = tersambung
leads-outcome-no-answer = tidak diangkat
leads-outcome-busy = sibuk
leads-outcome-voicemail = kotak suara
leads-outcome-rejected = ditolak
leads-outcome-invalid-number = nomor tidak valid
leads-outcome-out-of-service = nomor tidak aktif lagi
leads-outcome-powered-off = ponsel mati
leads-outcome-wrong-person = salah orang
# The person's intent to buy, as the rep judged it on a connected call.
leads-intent-clear = jelas
leads-intent-unclear = belum jelas
leads-intent-none = tidak ada

## A lead's page: heading and details

# Beside a lost lead's status. $stage: the stage's name.
leads-lost-at = gagal di tahap { $stage }
# As leads-lost-at, with $reason: why the lead was lost (one of the company's lost reasons).
leads-lost-at-reason = gagal di tahap { $stage }: { $reason }
# Badge: the customer asked not to be called.
leads-badge-do-not-call = jangan dihubungi
# Badge: the phone number does not work.
leads-badge-bad-number = nomor bermasalah
leads-details-title = Detail
leads-detail-phone = Telepon
leads-detail-email = Email
leads-detail-company = Perusahaan
leads-detail-channel = Saluran
leads-detail-owner = Pemilik
leads-detail-tags = Tag
# The furthest stage the lead ever reached.
leads-detail-furthest-stage = Tahap tertinggi
leads-detail-deal-value = Nilai deal
# When the lead is to be called next.
leads-detail-next-contact = Kontak berikutnya
# How many calls were made to the lead.
leads-detail-calls = Panggilan

## A lead's page: moving it along the funnel, marking it lost, reopening it

leads-move-title = Pindahkan di funnel
leads-reopen-reason = Alasan dibuka kembali?
leads-reopen-submit = Buka kembali
leads-move-stage = Tahap
leads-move-reason = Alasan (wajib jika mundur tahap)
leads-move-deal-value = Nilai deal (wajib untuk closing)
leads-move-submit = Pindahkan
leads-lost-reason = Gagal karena
# The empty first option of the lost-reason menu.
leads-lost-choose = Pilih…
leads-lost-note = Catatan
leads-lost-submit = Tandai gagal

## A lead's page: the timeline of calls and funnel events, newest first

leads-timeline-title = Riwayat
# Label of a call in the timeline, followed by its outcome.
leads-timeline-call = Panggilan
# Badge on a call in which the customer asked not to be called again.
leads-timeline-do-not-call = prospek jangan dihubungi
# A connected call's outcome with the intent shown. $outcome: a leads-outcome-*
# message; $intent: a leads-intent-* message.
leads-call-with-intent = { $outcome }, minat { $intent }
# Kinds of funnel events: the lead entered the funnel, moved forward one stage, skipped
# stages forward, moved back, was lost, was reopened.
leads-event-create = dibuat
leads-event-advance = naik tahap
leads-event-skip = lompat tahap
leads-event-regress = mundur tahap
leads-event-lost = gagal
leads-event-reopen = dibuka kembali
# An event caused by logging a call. $kind: a leads-event-* message.
leads-event-by-call = { $kind } (oleh panggilan)
# A move between stages. $from and $to: stage names.
leads-event-moved = { $from } → { $to }
# An event that left the lead at one stage. $stage: the stage's name.
leads-event-at = di tahap { $stage }
# Part of an event's details. $value: an amount with its currency.
leads-event-deal-value = nilai deal { $value }

## A lead's page: the edit form (and the new-lead form's fields)

leads-edit-title = Ubah
leads-form-name = Nama
leads-form-phone = Telepon
leads-form-email = Email
leads-form-company = Perusahaan
leads-form-source = Saluran (sumber)
leads-form-tags = Tag, pisahkan dengan koma
leads-form-next-contact = Kontak berikutnya
leads-form-deal-value = Nilai deal
leads-form-notes = Catatan
leads-form-do-not-call = Jangan dihubungi (pelanggan meminta agar tidak ditelepon)
leads-form-owner = Pemilik
# Owner menu: nobody owns the lead.
leads-form-nobody = Tanpa pemilik
# An option of the owner menu. $name: the user's name; $role: a leads-role-* message.
leads-owner-option = { $name } ({ $role })
leads-role-admin = admin
leads-role-manager = manajer
leads-role-rep = sales
# Checkbox: store the phone number although another lead has the same one.
leads-form-keep-duplicate = Simpan nomor ini meskipun sudah dipakai prospek lain
leads-form-save = Simpan perubahan

## The new-lead form

leads-new-title = Prospek baru
# After the error that another lead has this phone number. $link: a link to that lead,
# reading leads-new-existing-link.
leads-new-see-existing = { $link }.
leads-new-existing-link = Lihat prospek yang sudah ada
leads-new-stage = Masuk di tahap
leads-new-nobody-yet = Belum ada
# Checkbox shown after the error that another lead has this phone number.
leads-new-store-anyway = Tetap simpan, meskipun nomor ini sudah dipakai prospek lain
leads-new-submit = Buat prospek

## Errors on the lead pages

# After a field's name or label ("owner_id: is not a user").
leads-error-not-a-user = bukan pengguna
leads-error-not-a-stage = bukan tahap yang valid
leads-error-choose-stage = pilih tahap
leads-error-lost-reason-missing = Pilih alasan prospek gagal.
# A bad filter in the leads list's address. $field: the parameter's name (a code).
leads-error-bad-date = `{ $field }` harus berupa tanggal (YYYY-MM-DD)
leads-error-bad-stage = `{ $field }` bukan tahap yang valid
leads-error-bad-status = `status` bukan status yang valid
leads-error-bad-owner = `owner_id` bukan pengguna
# $id: the other lead's id. "store anyway" names the checkbox leads-new-store-anyway.
leads-error-duplicate-phone = prospek lain ({ $id }) memakai nomor telepon ini; centang "Tetap simpan" untuk tetap menyimpannya
# The other lead belongs to another rep, so it is not named.
leads-error-duplicate-phone-hidden = prospek milik sales lain memakai nomor telepon ini; centang "Tetap simpan" untuk tetap menyimpannya
# Funnel moves that are not allowed. $stage: a stage's name; "decide" is the stage at
# which a lead counts as won.
leads-error-already-at = prospek sudah berada di tahap { $stage }
leads-error-lead-is-lost = prospek ini gagal; buka kembali sebelum memindahkannya
leads-error-regress-needs-reason = memindahkan prospek mundur tahap memerlukan alasan
leads-error-won-needs-deal-value = deal yang berhasil memerlukan nilai deal
leads-error-already-lost = prospek ini sudah ditandai gagal
leads-error-won-cannot-be-lost = prospek yang berhasil tidak bisa ditandai gagal; pindahkan dulu ke tahap sebelum closing
leads-error-not-lost = hanya prospek yang gagal yang bisa dibuka kembali

## A lead's tasks, on its page.

leads-tasks-title = Tugas
# $when is the due date and time.
leads-task-due = tenggat { $when }
leads-task-title = Tugas baru
leads-task-due-at = Tenggat
leads-task-assignee = Untuk
leads-task-me = Saya
leads-task-add = Tambah tugas
leads-task-added = Tugas ditambahkan.
# On the timeline; $name is who is to do it, or who did it.
leads-timeline-task-added = Tugas untuk { $name }
leads-timeline-task-done = Tugas diselesaikan oleh { $name }

# The referrer of a lead, on its page and its forms; a change saved on the page.
leads-detail-referred-by = Direferensikan oleh
leads-detail-referred = Mereferensikan
leads-timeline-recording = rekaman
leads-event-referred = mereferensikan { $name }
leads-event-referred-hidden = mereferensikan prospek milik sales lain
leads-form-referred-by = Direferensikan oleh
leads-form-referred-by-hint = nomor telepon atau tautan halamannya
leads-form-referrer-hidden = prospek milik sales lain
leads-error-referrer-not-found = tidak ada prospek yang bisa Anda lihat dengan nomor ini
leads-saved-details = Tersimpan.
leads-saved-moved = Dipindahkan ke { $stage }.
leads-saved-lost = Ditandai hilang.
leads-saved-reopened = Dibuka kembali.

# Bulk changes on the leads list: the form above the table, and what it says when done.
leads-bulk-label = Ubah banyak prospek sekaligus
leads-bulk-target = Ubah
leads-bulk-target-selected = prospek yang dicentang di bawah
leads-bulk-target-matching = semua prospek yang cocok dengan filter ini
leads-bulk-action = Caranya
leads-bulk-reassign = Berikan ke pemilik
leads-bulk-add-tag = Tambah tag
leads-bulk-remove-tag = Hapus tag
leads-bulk-do-not-call = Jangan ditelepon
leads-bulk-lost = Tandai hilang
leads-bulk-to-owner = Pemilik baru
leads-bulk-choose = Pilih…
leads-bulk-tag = Tag
leads-bulk-apply = Terapkan
leads-bulk-select-all = Centang semua prospek di halaman ini
leads-bulk-select = Centang { $name }
leads-bulk-done-reassign = { $shown } prospek diberikan ke pemilik barunya.
leads-bulk-done-add-tag = Tag ditambahkan ke { $shown } prospek.
leads-bulk-done-remove-tag = Tag dihapus dari { $shown } prospek.
leads-bulk-done-do-not-call = { $shown } prospek ditandai jangan ditelepon.
leads-bulk-done-lost = { $shown } prospek terbuka ditandai hilang.
leads-bulk-error-ids = bukan prospek
leads-bulk-error-none-chosen = centang minimal satu prospek, atau pilih semua prospek yang cocok dengan filter
leads-bulk-error-target = bukan prospek yang dicentang maupun semua prospek yang cocok
leads-bulk-error-reassign-managers = Hanya manajer atau admin yang bisa memberikan prospek ke pemilik lain.
leads-bulk-error-choose-owner = pilih pemilik baru
leads-bulk-error-action = pilih apa yang diubah
leads-bulk-confirm-matching = Ubah semua prospek yang cocok dengan filter ini?
leads-bulk-working-title = Mengubah prospek
leads-bulk-working = Mengubah { $shown } prospek…
leads-bulk-working-note = Ini satu perubahan: semua prospek atau tidak satu pun. Halaman ini memeriksa lagi setiap dua detik dan menampilkan daftar setelah selesai; Anda boleh meninggalkannya sementara itu.
leads-bulk-failed = Perubahan tidak dapat dilakukan, dan tidak ada prospek yang berubah. Coba lagi, atau pilih lebih sedikit prospek.
leads-bulk-back = Kembali ke prospek
leads-history-changed = { $name } mengubah
leads-history-changed-api = { $name } mengubah lewat API
leads-history-imported = { $name } mengimpornya
leads-history-erased = { $name } menghapus data orang ini
leads-history-merged = { $name } menggabungkan duplikat ke lead ini
leads-saved-merged = Duplikat sudah digabungkan ke lead ini.
leads-merge-title = Gabungkan duplikat ke lead ini
leads-merge-intro = Orang yang sama tercatat dua kali: panggilan, kontak, tugas, tag, perpindahan tahap, dan riwayatnya pindah ke sini, masing-masing sekali, dan duplikatnya dihapus. Lead ini mempertahankan tahap, status, pemilik, dan kesepakatannya, serta mengambil nomor, e-mail, perusahaan, kanal, dan catatan mereka jika lead ini belum memilikinya.
leads-merge-same-phone = Lead dengan nomor yang sama
leads-merge-other = Lead lain: nomornya atau tautan halamannya
leads-merge-other-example = +62 812-3456-7890
leads-merge-confirm = Saya mengerti bahwa duplikatnya akan dihapus
leads-merge-submit = Gabungkan ke lead ini
leads-merge-are-you-sure = Gabungkan lead yang dipilih ke lead ini dan hapus lead tersebut?
leads-merge-error-confirm = centang kotaknya untuk menegaskan bahwa duplikatnya akan dihapus
leads-merge-error-not-found = tidak ada lead yang bisa Anda lihat dengan nomor atau tautan ini
leads-history-merged-line = Digabungkan: { $calls } panggilan, { $touches } kontak, { $tasks } tugas, { $events } perpindahan tahap
leads-erased-notice = Data orang ini dihapus pada { $when } atas permintaannya. Lead tetap ada tanpa data itu, sehingga setiap angka tetap sama.
leads-saved-erased = Data orang ini sudah dihapus.
leads-erase-title = Hapus data orang ini
leads-erase-intro = Jika pelanggan meminta datanya dihapus: nama, nomor, e-mail, perusahaan, dan catatannya, catatan pada panggilan, kontak, dan tugasnya, tautan rekaman, nilainya dalam riwayat, serta barisnya di berkas impor dihapus selamanya. Tahap, panggilan, dan nilai kesepakatannya tetap ada tanpa nama, sehingga setiap angka tetap sama.
leads-erase-confirm = Saya mengerti bahwa ini tidak dapat dibatalkan
leads-erase-submit = Hapus data orang ini
leads-erase-are-you-sure = Hapus data orang ini selamanya?
leads-erase-error-confirm = centang kotaknya untuk menegaskan bahwa ini tidak dapat dibatalkan
leads-history-system = Leadline
leads-history-field = { $field }: { $old } → { $new }
leads-history-tags-added = Tag ditambahkan: { $tags }
leads-history-tags-removed = Tag dihapus: { $tags }
leads-history-none = tidak ada
leads-history-yes = ya
leads-history-no = tidak
leads-history-another-lead = prospek lain

leads-filter-team = Tim
leads-filter-all-teams = Semua tim
leads-error-bad-team = `team_id` bukan sebuah tim
