# The admin's teams page: a team is a manager and the reps they lead.

teams-title = Tim
teams-intro = Tim adalah seorang manajer dan para sales yang dipimpinnya. Manajer yang "hanya melihat timnya" (di halaman pengguna) melihat prospek, papan, agenda, dan angka milik sales di timnya, prospeknya sendiri dan yang belum ditugaskan, dan tidak ada yang lain.
teams-empty = Belum ada tim.
teams-col-name = Nama
teams-col-manager = Manajer
teams-col-members = Anggota
teams-name-of = Nama { $name }
teams-manager-of = Manajer { $name }
teams-no-manager = Tanpa manajer
teams-no-members = Belum ada anggota
teams-members-hint = Pengguna bergabung ke tim di halaman pengguna.
teams-delete = Hapus
teams-delete-confirm = Hapus tim { $name }? Anggotanya tidak akan berada di tim mana pun.
teams-add-title = Tambah tim
teams-add = Tambah tim
teams-error-manager = `manager_id` bukan pengguna
