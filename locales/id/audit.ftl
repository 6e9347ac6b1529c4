## Jejak audit admin: setiap perubahan, siapa yang membuatnya, lewat apa.

audit-title = Jejak audit
audit-intro = Setiap perubahan pada lead, pengguna, token API, pengaturan, biaya, alasan gagal, dan webhook, terbaru di atas: siapa yang membuatnya, lewat apa, serta setiap nilai sebelum dan sesudahnya. Tidak ada yang bisa diubah atau dihapus di sini.
audit-filter-label = Saring jejak audit
audit-filter-what = Apa
audit-filter-who = Siapa
audit-filter-via = Lewat
audit-filter-from = Dari
audit-filter-to = Sampai
audit-filter-any = Semua
audit-filter-apply = Tampilkan
audit-empty = Tidak ada perubahan yang cocok dengan saringan ini.
audit-older = Perubahan lebih lama
audit-col-when = Kapan
audit-col-who = Siapa
audit-col-via = Lewat
audit-col-what = Apa
audit-col-changes = Perubahan
audit-entity-lead = Lead
audit-entity-user = Pengguna
audit-entity-token = Token API
audit-entity-settings = Pengaturan perusahaan
audit-entity-spend = Catatan biaya
audit-entity-lost-reason = Alasan gagal
audit-entity-webhook = Webhook
audit-entity-custom-field = Kolom khusus
audit-via-page = halaman
audit-via-api = API
audit-via-import = impor
audit-via-system = Leadline
audit-action-created = dibuat
audit-action-changed = diubah
audit-action-deleted = dihapus
audit-action-erased = dihapus datanya
audit-action-merged = digabungkan dengan duplikat
audit-who-token = { $name } (token “{ $token }”)
audit-field-value = { $field }: { $value }
audit-secret-changed = { $field }: diubah
audit-value-erased = { $field }: dihapus
audit-import-file = Dari berkas { $file }

audit-entity-team = Tim
# A team named in a change that has since been deleted.
audit-team-gone = tim yang sudah dihapus
