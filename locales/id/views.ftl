# Saved views: named filters of the leads list or the dashboard, above the filters.
views-label = Tampilan:
views-none = belum ada yang disimpan
views-shared = dibagikan ke tim
views-shared-by = dibagikan oleh { $name }
views-shared-badge = tim
views-delete = Hapus tampilan “{ $name }”
views-save-summary = Simpan filter ini
views-name = Nama
views-share = Bagikan ke tim
views-save = Simpan tampilan
views-error-page = bukan halaman yang punya tampilan
views-error-too-long = terlalu banyak untuk disimpan
