# The managers' dashboard (/dashboard): the funnel, money, calls and reps of a period,
# each figure beside the same figure for the period before.

dashboard-title = Dasbor

## The filters above the figures.

dashboard-filters = Filter
dashboard-filter-period = Periode
dashboard-filter-from = Dari
dashboard-filter-to = Sampai
dashboard-filter-channel = Saluran
dashboard-filter-all-channels = Semua saluran
dashboard-filter-owner = Pemilik
dashboard-filter-everyone = Semua orang
dashboard-filter-tag = Tag
dashboard-filter-any-tag = Tag apa pun
# Which leads the funnel counts: those created in the period, or the stage moves made in it.
dashboard-filter-funnel = Funnel
dashboard-view-cohort = Prospek yang dibuat dalam periode
dashboard-view-activity = Perpindahan tahap dalam periode
dashboard-apply = Terapkan

# The periods to choose from.
dashboard-period-7d = 7 hari terakhir
dashboard-period-30d = 30 hari terakhir
dashboard-period-this-month = Bulan ini
dashboard-period-last-month = Bulan lalu
dashboard-period-this-quarter = Kuartal ini
dashboard-period-custom = Rentang khusus

# A period's first and last days, each as format-day writes it ("01 Nov 2026").
dashboard-period-range = { $from } – { $to }
# Under the filters: $period and $previous are periods (dashboard-period-range), $zone the
# company's time zone (e.g. Asia/Jakarta), whose days they are.
dashboard-period-note = { $period } ({ $zone }), dibandingkan dengan { $previous }. Untuk memakai { dashboard-filter-from } dan { dashboard-filter-to }, pilih “{ dashboard-period-custom }”.

# Shown while the figures are recounted after the company's time zone changed ($zone, e.g.
# Asia/Jakarta); $percent is a whole number from 0 to 99.
dashboard-recount-progress = Angka sedang dihitung ulang dalam zona { $zone }: { $percent }% selesai. Sementara itu angka dihitung dari data mentah: tetap akurat, hanya lebih lambat.
dashboard-recount-folding = Angka sedang dihitung ulang dalam zona { $zone }: semua prospek sudah dihitung, hasilnya sedang digabungkan. Sementara itu angka dihitung dari data mentah: tetap akurat, hanya lebih lambat.

# When the period holds no leads, calls or spend. Each variable is a link reading one of
# the dashboard-empty-*-link messages below.
dashboard-empty-title = Belum ada data dalam periode ini
dashboard-empty-text = Tambahkan prospek ({ $new } atau { $import }), catat panggilan dari { $queue }, dan catat pengeluaran Anda di { $spend }: funnel, biaya, dan angka sales akan muncul di sini begitu ada data. Atau pilih periode lain di atas.
dashboard-empty-new-link = satu per satu
dashboard-empty-import-link = dari file CSV
dashboard-empty-queue-link = antrean panggilan
dashboard-empty-spend-link = catatan pengeluaran

## Download links under each section: "Funnel: XLSX · CSV for Excel · CSV".

# $table is one of the dashboard-download-* names below.
dashboard-download-label = { $table }:
dashboard-download-xlsx = XLSX
dashboard-download-excel-csv = CSV untuk Excel
dashboard-download-csv = CSV
dashboard-download-funnel = Funnel
dashboard-download-figures = Angka keuangan dan panggilan
dashboard-download-stages = Biaya per tahap
dashboard-download-channels = Saluran
dashboard-download-reps = Tim sales

## The funnel: a bar chart and a table, one row per stage.

dashboard-funnel-title = Funnel penjualan
# A bar's label for screen readers: $stage is the stage's name, $shown how many leads
# reached it as written on the page, $count the same as a number.
dashboard-bar-label = { $stage }: { $count ->
   *[other] { $shown } prospek
}
# Beside a bar: $step the share of the previous stage's leads that reached this one
# ("45.0%"), $shown how many leads did not ($count the same as a number).
dashboard-bar-note = { $count ->
   *[other] { $step } dari sebelumnya · { $shown } gugur
}
dashboard-funnel-caption = Per tahap: prospek yang mencapainya, konversi, yang gugur, dan waktu untuk mencapainya
dashboard-th-stage = Tahap
dashboard-th-reached = Mencapai
dashboard-th-previous = Sebelumnya
dashboard-th-change = Perubahan
dashboard-th-step-conversion = Konversi tahap
dashboard-th-overall = Keseluruhan
dashboard-th-lost-here = Gagal di sini
dashboard-th-top-reasons = Alasan utama
dashboard-th-velocity = Waktu dari tahap sebelumnya
# A reason leads were lost ($reason, written by the company) and how many ($leads).
dashboard-lost-reason = { $reason } ({ $leads })
# Time to reach a stage: the median and the 90th percentile, each a duration ("2h 04m").
dashboard-velocity = { $median } (p90 { $p90 })
# A time between stages of no time at all: the lead passed both in one step (one call, or created at the later stage).
dashboard-velocity-at-once = seketika

## Money and calls: cards, each a figure over the previous period's.

dashboard-money-title = Keuangan
dashboard-calls-title = Panggilan
# Under a card's figure: $value is the figure for the previous period.
dashboard-before = sebelumnya: { $value }
dashboard-stage-costs-caption = Biaya per prospek yang mencapai setiap tahap
dashboard-th-cost = Biaya
dashboard-channel-costs-caption = Biaya per prospek menurut saluran
dashboard-th-channel = Saluran
dashboard-th-spend = Pengeluaran
dashboard-th-leads = Prospek
dashboard-th-cost-per-lead = Biaya per prospek
dashboard-channel-costs-empty = Tidak ada pengeluaran atau prospek per saluran dalam periode ini.

# The figures of the cards (also the first column of the "figures" download).
dashboard-measure-spend = Pengeluaran
dashboard-measure-revenue = Pendapatan (deal berhasil)
dashboard-measure-cost-per-call = Biaya per panggilan
dashboard-measure-cost-per-lead = Biaya per prospek
# CAC: customer acquisition cost.
dashboard-measure-cost-per-deal = Biaya per deal (CAC)
# Return on investment.
dashboard-measure-roi = ROI
dashboard-measure-dials = Panggilan keluar
dashboard-measure-connected = Tersambung
dashboard-measure-connect-rate = Tingkat tersambung
# Share of connected calls where the lead's intent to buy was clear, unclear, or absent.
dashboard-measure-clear-intent = Minat jelas
dashboard-measure-unclear-intent = Minat belum jelas
dashboard-measure-no-intent = Tidak berminat
dashboard-measure-mean-talk = Rata-rata durasi bicara per panggilan tersambung
dashboard-measure-unanswered-time = Waktu terbuang untuk panggilan tak terjawab
dashboard-measure-do-not-call-calls = Panggilan ke prospek “jangan dihubungi”
dashboard-measure-touches = Kontak selain telepon
dashboard-measure-touches-chat = Chat (WhatsApp, WeChat, Telegram)
dashboard-measure-touches-sms = SMS
dashboard-measure-touches-email = Email
dashboard-measure-touches-meeting = Pertemuan

## The reps' table.

dashboard-reps-title = Tim sales
dashboard-reps-caption = Setiap angka di atas angka periode sebelumnya. Norma: 100–120 panggilan per hari kerja (ditandai jika di bawah 80); efektivitas (panggilan dengan minat jelas per panggilan keluar) biasanya 5–15%
dashboard-th-rep = Sales
dashboard-th-dials = Panggilan keluar
dashboard-th-per-day = Per hari kerja
dashboard-th-connect-rate = Tingkat tersambung
dashboard-th-effectiveness = Efektivitas
dashboard-th-talk = Durasi bicara
dashboard-th-advanced = Prospek naik tahap
dashboard-th-deals = Deal
dashboard-th-revenue = Pendapatan
dashboard-th-overdue = Tindak lanjut terlambat
dashboard-th-needs-a-look = Perlu dicek
dashboard-reps-empty = Belum ada sales: tambahkan di menu Admin.
# Badges in "Needs a look": what a rep's figures ask of their manager.
dashboard-flag-below-norm = di bawah norma panggilan
dashboard-flag-low-effectiveness = efektivitas rendah
dashboard-flag-high-effectiveness = cek pencatatan minat

## The downloads' header row, read by a manager in a spreadsheet (lowercase, as column
## titles). The figures under them are plain numbers: money in major units, rates as
## fractions, times in seconds, hence "(s)".

dashboard-column-stage = tahap
dashboard-column-reached = mencapai
dashboard-column-previous = sebelumnya
dashboard-column-change = perubahan
dashboard-column-step-conversion = konversi tahap
dashboard-column-overall-conversion = konversi keseluruhan
dashboard-column-lost-here = gagal di sini
dashboard-column-top-reasons = alasan utama
dashboard-column-velocity-median = waktu dari tahap sebelumnya, median (d)
dashboard-column-velocity-p90 = waktu dari tahap sebelumnya, p90 (d)
dashboard-column-figure = angka
dashboard-column-value = nilai
dashboard-column-cost = biaya
dashboard-column-channel = saluran
dashboard-column-spend = pengeluaran
dashboard-column-leads = prospek
dashboard-column-cost-per-lead = biaya per prospek
dashboard-column-rep = sales
dashboard-column-dials = panggilan keluar
dashboard-column-dials-per-day = panggilan per hari kerja
dashboard-column-connect-rate = tingkat tersambung
dashboard-column-effectiveness = efektivitas
dashboard-column-talk-seconds = durasi bicara (d)
dashboard-column-leads-advanced = prospek naik tahap
dashboard-column-deals = deal
dashboard-column-revenue = pendapatan
dashboard-column-overdue = tindak lanjut terlambat
dashboard-column-needs-a-look = perlu dicek
# The same figure for the previous period, and its change: $column is one of the column
# titles above (e.g. "dials").
dashboard-column-before = { $column } sebelumnya
dashboard-column-change-of = perubahan { $column }

## Errors in the dashboard's address (its filters), shown on an error page. Words between
## `backticks` are the address's own names: keep them as they are.

# $field is `from` or `to`.
dashboard-error-date = `{ $field }` harus berupa tanggal (YYYY-MM-DD)
dashboard-error-range-backwards = awal rentang tidak boleh setelah akhirnya
dashboard-error-range-too-long = rentang paling lama tiga tahun
# $period is what the address asked for.
dashboard-error-period = `{ $period }` bukan periode yang valid
dashboard-error-owner = `owner_id` bukan pengguna
# $table is what the address asked for.
dashboard-error-table = `table` harus funnel, figures, stages, channels, atau reps, bukan `{ $table }`
# Under the funnel in the activity view, where conversion columns are left out.
dashboard-activity-note = Ini perpindahan tahap dalam periode, kapan pun prospek masuk; sebagian besar mencapai tahap sebelumnya di periode yang lebih awal, jadi konversi antartahap hanya ditampilkan untuk prospek yang dibuat dalam periode.
dashboard-not-applicable = tidak berlaku
dashboard-forecast-link = Prakiraan →
dashboard-tags-link = Per tag →
dashboard-filter-tag-group = Grup tag
dashboard-filter-any-tag-group = Semua grup
dashboard-cost-not-applicable-tag-filter = Angka biaya tidak berlaku dengan saringan tag atau grup tag: biaya dicatat per kanal dan per sales, tidak pernah per tag, sehingga membaginya dengan lead beberapa tag akan menyesatkan. Lihat rincian per tag untuk biaya kanal yang dibawa lead-nya.

dashboard-filter-team = Tim
dashboard-filter-all-teams = Semua tim
dashboard-error-not-yours = Angka tersebut bukan untuk Anda: Anda hanya melihat sales di tim Anda.
