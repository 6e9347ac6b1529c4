# The agenda page: a user's follow-ups and tasks by when they fall due.

agenda-title = Agenda
# $name is the user whose agenda a manager opened.
agenda-title-of = Agenda { $name }
agenda-whose = Milik
agenda-show = Tampilkan
agenda-keys = Tombol: n menelepon berikutnya, x menandai tugas berikutnya selesai.
agenda-empty = Tidak ada yang jatuh tempo: tidak ada follow-up atau tugas terbuka dalam tujuh hari ke depan.
agenda-overdue = Terlambat
agenda-today = Hari ini
agenda-upcoming = Tujuh hari ke depan
agenda-undated = Tugas tanpa tenggat
agenda-col-when = Kapan
agenda-col-what = Apa
agenda-col-lead = Prospek
agenda-col-phone = Telepon
agenda-col-actions = Tindakan
agenda-kind-follow-up = Telepon follow-up
agenda-kind-task = Tugas
agenda-call = Telepon
agenda-done = Selesai
agenda-task-done = Tugas selesai.
agenda-error-user = Itu bukan pengguna.
agenda-error-not-yours = Sales hanya melihat agendanya sendiri.
# When the agenda is another user's whose days are in another zone; $zone names it.
agenda-days-zone = Terlambat, hari ini, dan hari-hari berikutnya dihitung menurut { $zone }; waktunya menurut jam Anda.

agenda-team = Tim
agenda-title-of-team = Agenda tim { $name }
agenda-col-who = Milik
