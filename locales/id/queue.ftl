# The call queue: the telemarketer's screen. It shows the next lead to call and a
# one-screen form to log the call ("save and next"). Reps use it all day, mostly with
# the keyboard.

queue-title = Antrean panggilan
# Shown after a call was logged, above the next lead.
queue-saved = Panggilan tersimpan. Ini prospek berikutnya.

## The lead card

# Why the queue gives this lead now (shown before queue-yours-until).
queue-reason-claimed = Anda sedang menangani prospek ini
queue-reason-follow-up = Jadwal tindak lanjut
queue-reason-new = Prospek baru, belum pernah ditelepon
queue-reason-retry = Coba lagi: panggilan terakhir tidak diangkat
# The lead is kept for this rep until then. $time: a clock time (14:30).
queue-yours-until = milik Anda sampai { $time }
queue-badge-do-not-call = jangan dihubungi
queue-badge-bad-number = nomor bermasalah
# Followed by what the rep aims for at the lead's stage.
queue-goal = Target:
queue-last-calls = Panggilan terakhir
queue-never-called = Belum pernah ditelepon.
queue-open-lead = Buka halaman prospek

# A past call in the list of last calls: how it ended, then the lead's intent.
# $outcome: one of the outcomes below; $intent: one of the queue-past-intent-* below.
queue-past-call-with-intent = { $outcome }, { $intent }
queue-past-intent-clear = minat jelas
queue-past-intent-unclear = belum jelas
queue-past-intent-none = tidak berminat

## The log-call form

queue-log-title = Catat panggilan
queue-outcome-legend = Hasil panggilan
# A hint after the legend: the keyboard keys that choose. $keys: the keys ("1–9", "c, u, n"),
# not translated.
queue-keys = (tombol { $keys })
# How the call ended.
queue-outcome-connected = Tersambung
queue-outcome-no-answer = Tidak diangkat
queue-outcome-busy = Sibuk
queue-outcome-voicemail = Kotak suara
queue-outcome-rejected = Ditutup / menolak
queue-outcome-invalid-number = Nomor tidak valid
queue-outcome-out-of-service = Nomor tidak aktif lagi
queue-outcome-powered-off = Ponsel mati
queue-outcome-wrong-person = Salah orang
# What the person intends to do, asked only when the call connected.
queue-intent-legend = Minat, jika tersambung
queue-intent-clear = Minat jelas
queue-intent-unclear = Belum jelas
queue-intent-none = Tidak berminat
# Durations typed as minutes:seconds or seconds; the examples are the fields' placeholders.
queue-talk-time = Durasi bicara
queue-talk-time-example = 1:30
queue-ring-time = Durasi dering
queue-ring-time-example = 0:25
queue-next-contact = Kontak berikutnya
queue-notes = Catatan
queue-move-to = Pindahkan ke tahap
# The menu's first choice: do not move the lead.
queue-move-to-none = (biarkan seperti ini)
# $stage: the name of the stage at which a lead is won (stage-decide).
queue-deal-value = Nilai deal (untuk { $stage })
queue-save-next = Simpan & lanjut
# Puts the lead aside for two hours.
queue-call-later = Telepon nanti (2 jam lagi)

## Nobody left to call

queue-empty-title = Belum ada yang perlu ditelepon
queue-empty-none-waiting = Tidak ada tindak lanjut yang jatuh tempo, prospek baru, atau panggilan ulang yang menunggu Anda.
# For a manager. $hand and $import are links, reading queue-empty-by-hand and
# queue-empty-import.
queue-empty-manager = Tambahkan prospek { $hand } atau { $import }.
queue-empty-by-hand = secara manual
queue-empty-import = impor file CSV
# For a rep. $leads is a link to the rep's leads, reading queue-empty-leads.
queue-empty-rep = Minta prospek tambahan ke manajer Anda, atau periksa { $leads }.
queue-empty-leads = prospek Anda

## Errors in the form. Those about a field follow the field's name ("talk: ...", see
## errors.ftl). Text between `backticks` is what the rep typed.

queue-error-choose-outcome = pilih hasil panggilan
queue-error-not-intent = bukan pilihan minat yang valid
queue-error-not-stage = bukan tahap yang valid
# $text: what was typed as a duration.
queue-error-not-duration = `{ $text }` bukan durasi: tulis detik (90) atau menit:detik (1:30)
# $text: what was typed as a date and time.
queue-error-not-date-time = `{ $text }` bukan tanggal dan jam yang valid
# $text: what was typed as an amount of money; $example: an amount as this language writes it.
queue-error-not-amount = `{ $text }` bukan jumlah uang (mis. { $example })
queue-error-no-lead = formulir tidak menyebutkan prospek
# The same form was sent twice (a double click, a browser's retry) with different values.
queue-error-sent-before = Formulir ini sudah pernah dikirim dengan isian lain, dan panggilan dicatat sesuai kiriman pertama. Tidak ada yang diubah sekarang.

## The log-call form as the queue and a lead's page share it.

call-log-title = Catat panggilan
call-direction-legend = Arah
call-direction-outbound = Keluar (kita menelepon)
call-direction-inbound = Masuk (mereka menelepon)
# A lead's page only: when the call started, for a call logged after the fact.
call-started-at = Mulai panggilan
call-started-at-hint = Kosongkan waktu mulai untuk panggilan yang baru saja selesai.
call-lost-reason = Gagal — alasan
call-lost-none = Tidak gagal
call-lost-note = Gagal — catatan
call-flags-legend = Setelah panggilan ini
call-flag-do-not-call = Jangan dihubungi lagi (atas permintaan)
call-flag-bad-number = Nomor salah
call-save = Catat panggilan
call-logged = Panggilan tercatat.
call-error-not-direction = bukan keluar atau masuk
call-error-lost-and-moved = satu panggilan memajukan prospek atau menandainya gagal, tidak keduanya
# The box in every page's header: a number to log a call to or from.
call-dial-label = Catat panggilan ke atau dari sebuah nomor
call-dial-placeholder = Telepon nomor…
# Above the new lead form, when no lead has the number typed.
call-dial-new-lead = Belum ada prospek dengan nomor ini: tambahkan dulu, lalu catat panggilannya.
