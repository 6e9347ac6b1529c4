# Notifikasi: jumlah di kepala halaman, pemberitahuan langsung di pojok halaman, dan
# halaman notifikasi.

notices-unread = { $count ->
    [0] Tidak ada notifikasi baru
   *[other] { $shown } notifikasi belum dibaca
}

notices-title = Notifikasi
notices-intro = Lead yang diberikan kepada Anda, follow-up atau tugas Anda yang jatuh tempo, impor yang Anda mulai selesai. Buka satu untuk menuju ke sana; setelah itu notifikasi terbaca.
notices-empty = Belum ada notifikasi.
notices-read-all = Tandai semua sudah dibaca
notices-dismiss = Tutup
notices-new = baru

notice-lead-assigned = { $actor } memberikan { $lead } kepada Anda
notice-lead-assigned-anonymous = { $lead } diberikan kepada Anda
# Many leads given to the user at once (a bulk reassign): $count of them, $shown as written.
notice-leads-assigned = { $actor } memberi Anda { $shown } prospek
notice-leads-assigned-anonymous = { $shown } prospek diberikan kepada Anda
notice-follow-up-due = Waktunya follow-up: telepon { $lead } ({ $time })
notice-task-due = Tugas jatuh tempo: { $task } ({ $lead })
notice-import-done = Impor { $file } selesai: { $imported } lead diimpor
notice-import-failed = Impor { $file } berhenti sebelum selesai; buka untuk melihat alasannya
