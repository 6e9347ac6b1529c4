# Lead farming: prospek gagal yang kembali ke corong, pada hari alasannya atau dengan
# sendirinya, dan angka-angka tentang yang kembali.

## Halaman alasan gagal (manajer)

lost-reasons-title = Alasan gagal dan jalan kembalinya
lost-reasons-intro = Prospek yang gagal karena suatu alasan akan kembali ke antrean panggilan setelah jumlah hari yang ditetapkan untuk alasan itu, di tahap tempat ia gagal, beserta playbook untuk sales yang meneleponnya. Kosongkan jumlah hari jika prospek dengan alasan itu tidak pernah kembali dengan sendirinya. Prospek “jangan dihubungi” dan prospek dengan nomor bermasalah tidak pernah kembali.
lost-reasons-to-recovery = Yang sudah kembali
lost-reasons-col-reason = Alasan
lost-reasons-col-days = Kembali setelah (hari)
lost-reasons-col-playbook = Playbook
lost-reasons-col-active = Bisa dipilih
lost-reasons-never = tidak pernah
lost-reasons-days-of = Jumlah hari sebelum prospek yang gagal karena "{ $reason }" kembali
lost-reasons-playbook-of = Playbook untuk "{ $reason }"
lost-reasons-active-of = "{ $reason }" bisa dipilih
lost-reasons-by-stage = Playbook untuk satu tahap
lost-reasons-stage-playbook = Playbook ({ $stage })
lost-reasons-save = Simpan
lost-reasons-saved = Tersimpan.
lost-reasons-add-title = Tambah alasan
lost-reasons-add = Tambah alasan
lost-reasons-waiting = { $leads } prospek akan kembali

## Prospek yang kembali: di antrean dan di halamannya

queue-reason-returning = Kembali setelah gagal
queue-returned-title = Kembali:
queue-playbook = Playbook:
queue-returned-due = gagal di tahap { $stage } pada { $lost } ("{ $reason }"), kembali pada { $back } sesuai alasannya.
queue-returned-by-call = gagal di tahap { $stage } pada { $lost } ("{ $reason }"), menelepon sendiri pada { $back }.
queue-returned-by-form = gagal di tahap { $stage } pada { $lost } ("{ $reason }"), mengisi formulir web pada { $back }.
queue-returned-by-import = gagal di tahap { $stage } pada { $lost } ("{ $reason }"), masuk lagi lewat impor pada { $back }.
queue-returned-no-reason = alasan tidak dicatat
leads-returns-on = akan kembali pada { $when }
leads-event-return = kembali
leads-event-came-back-call = kembali sendiri (menelepon)
leads-event-came-back-form = kembali sendiri (formulir web)
leads-event-came-back-import = kembali sendiri (diimpor lagi)
agenda-kind-returning = Kembalinya prospek yang gagal

## Bagian pemulihan di dasbor

dashboard-recovery-title = Yang sudah kembali
dashboard-recovery-intro = Prospek yang gagal di setiap tahap, berapa yang kembali (pada hari alasannya, dengan sendirinya, atau dibuka kembali secara manual), dan berapa yang kemudian melewati tahap itu. Kenaikan: poin persentase yang ditambahkan prospek yang pulih pada konversi tahap dari tahap itu.
dashboard-recovery-ways-back = Jalan kembali untuk setiap alasan gagal
dashboard-recovery-caption = Pemulihan menurut tahap tempat prospek gagal
dashboard-th-returned = Kembali
dashboard-th-recovered = Pulih
dashboard-th-recovery-rate = Tingkat pemulihan
dashboard-th-won = Berhasil
dashboard-th-uplift = Kenaikan
dashboard-recovery-total = Semua tahap
dashboard-th-rep-recovered = Pulih
dashboard-recovered-of = { $recovered } dari { $lost }

## Impor

import-warning-came-back = prospek { $lead } pernah gagal dan kembali lewat baris ini
import-warning-came-back-elsewhere = prospek gagal dengan nomor ini kembali lewat baris ini

## Kesalahan

error-stage-never-lost = prospek tidak bisa ditandai gagal di tahap ini: di tahap ini prospek sudah berhasil

## Unduhan dasbor

dashboard-column-lost = gagal
dashboard-column-returned = kembali
dashboard-column-recovered = pulih
dashboard-column-recovery-rate = tingkat pemulihan
dashboard-column-won = berhasil
dashboard-column-uplift = kenaikan (poin persentase konversi tahap)
dashboard-download-recovery = Yang sudah kembali
