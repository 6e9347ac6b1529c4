# The pipeline board (/board): open leads in columns by stage.
board-title = Pipeline
board-filters = Filter papan
board-any-channel = Semua kanal
board-help = Prospek terbuka per tahap. Seret kartu ke kolom lain, atau pakai formulir Pindahkan; mundur tahap perlu alasan, dan decide perlu nilai deal.
board-column-leads = { $shown } prospek
board-top = Kembali ke yang terbaru
board-more = Lainnya
board-empty-column = Tidak ada prospek terbuka di sini.
board-next-contact = kontak berikutnya { $when }
board-move = Pindahkan…
board-move-reason = Alasan (untuk mundur tahap)
board-move-deal-value = Nilai deal (untuk decide)
board-decide-help = Letakkan kartu di sini untuk memenangkan deal: nilai deal akan ditanyakan.
board-problem-reason = Mundur tahap perlu alasan: tulis alasannya, lalu tekan Pindahkan.
board-problem-deal-value = Memenangkan deal perlu nilainya: ketik nilainya, lalu tekan Pindahkan.
board-problem-other = Perpindahan ini tidak bisa dari tahap prospek saat ini.
# The handle a card is dragged by, as its tooltip says.
board-drag = Seret ke tahap lain
