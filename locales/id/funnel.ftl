# The funnel's stages and a lead's status, wherever a page names them.
# Stage names are shown as they are written here, in badges, menus and tables.

stage-new = baru
stage-connect = terhubung
stage-interest = tertarik
stage-need = kebutuhan
stage-evaluate = evaluasi
stage-decide = closing
stage-referral = referral

# What a rep aims for at each stage (the call queue shows it beside the lead).
stage-goal-new = Tembus dulu: hubungi orangnya dan perkenalkan diri Anda.
stage-goal-connect = Bangun minat: temukan alasan untuk bicara lagi dan sepakati janji temu.
stage-goal-interest = Gali kebutuhan: masalah apa yang ingin mereka selesaikan, dan apakah penawaran kita cocok?
stage-goal-need = Cocokkan penawaran: tawarkan solusi yang sesuai dengan kebutuhannya.
stage-goal-evaluate = Dampingi evaluasi: proposal, jawaban, dan rencana tindak lanjut selama siklus keputusannya.
stage-goal-decide = Closing: DP dibayar atau kontrak ditandatangani. Setelah itu rawat pelanggan dan minta referral.
stage-goal-referral = Jaga hubungan: pembelian ulang dan referral berikutnya.

status-open = terbuka
status-won = berhasil
status-lost = gagal

# Counting words, with the plural forms of each language.
calls-count = { $count } panggilan
leads-count = { $count } prospek
