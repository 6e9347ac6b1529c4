# Lead farming: prospek gagal yang kembali ke corong, pada hari alasannya atau dengan
# sendirinya, dan angka-angka tentang yang kembali.

## Halaman alasan gagal (manajer)

lost-reasons-title = Alasan gagal dan jalan kembalinya
lost-reasons-intro = Prospek yang gagal karena suatu alasan kembali ke antrean telepon setelah jumlah hari alasan itu, di tahap tempat ia gagal, dengan playbook untuk sales yang meneleponnya. Kosongkan jumlah hari untuk alasan yang prospeknya tidak pernah kembali dengan sendirinya. Prospek jangan-ditelepon dan nomor salah tidak pernah kembali.
lost-reasons-to-recovery = Yang sudah kembali
lost-reasons-col-reason = Alasan
lost-reasons-col-days = Kembali setelah (hari)
lost-reasons-col-playbook = Playbook
lost-reasons-col-active = Ditawarkan
lost-reasons-never = tidak pernah
lost-reasons-days-of = Hari sampai prospek yang gagal karena "{ $reason }" kembali
lost-reasons-playbook-of = Playbook untuk "{ $reason }"
lost-reasons-active-of = "{ $reason }" ditawarkan
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
queue-returned-no-reason = tanpa alasan
leads-returns-on = kembali pada { $when }
leads-event-return = kembali
leads-event-came-back-call = kembali sendiri (menelepon)
leads-event-came-back-form = kembali sendiri (formulir web)
leads-event-came-back-import = kembali sendiri (diimpor lagi)
agenda-kind-returning = Prospek gagal kembali

## Bagian pemulihan di dasbor

dashboard-recovery-title = Yang sudah kembali
dashboard-recovery-intro = Prospek yang gagal di setiap tahap, berapa yang kembali (pada hari alasannya, dengan sendirinya, atau dibuka lagi manual), dan berapa yang lalu melewati tahap itu. Kenaikan: poin yang ditambahkan prospek pulih pada konversi dari tahap itu.
dashboard-recovery-ways-back = Jalan kembali untuk setiap alasan gagal
dashboard-recovery-caption = Pemulihan menurut tahap tempat prospek gagal
dashboard-th-returned = Kembali
dashboard-th-recovered = Pulih
dashboard-th-recovery-rate = Tingkat pemulihan
dashboard-th-won = Closing
dashboard-th-uplift = Kenaikan
dashboard-recovery-total = Semua tahap
dashboard-th-rep-recovered = Pulih
dashboard-recovered-of = { $recovered } dari { $lost }

## Impor

import-warning-came-back = prospek { $lead } sudah gagal dan kembali lewat baris ini
import-warning-came-back-elsewhere = prospek gagal dengan nomor ini kembali lewat baris ini

## Kesalahan

error-stage-never-lost = prospek tidak pernah gagal di tahap ini: di sini ia sudah closing

## Unduhan dasbor

dashboard-column-lost = gagal
dashboard-column-returned = kembali
dashboard-column-recovered = pulih
dashboard-column-recovery-rate = tingkat pemulihan
dashboard-column-won = closing
dashboard-column-uplift = kenaikan (poin konversi tahap)
dashboard-download-recovery = Yang sudah kembali
