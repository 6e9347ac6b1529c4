# The spend ledger (/spend): what the team costs, month by month, so the dashboard can
# show the cost of a call, a lead and a deal. Read by managers.

spend-title = Pengeluaran
spend-heading = Catatan pengeluaran
spend-intro = Semua biaya tim — gaji, telepon, iklan per saluran — agar dasbor bisa menunjukkan biaya setiap panggilan, prospek, dan deal.
# What a screen reader calls the links to the previous and next month.
spend-month-nav = Bulan

## Adding an expense

spend-add-title = Tambah pengeluaran
spend-form-date = Tanggal
spend-form-amount = Jumlah
spend-form-category = Kategori
# The advertising channel the money went to; empty for costs of the whole team.
spend-form-channel = Saluran (kosongkan untuk biaya umum)
spend-form-note = Catatan
spend-form-submit = Tambah

# Categories of spend, as menus and tables show them.
spend-category-advertising = iklan
spend-category-salaries = gaji
spend-category-telephony = telepon
spend-category-other = lainnya

## The month's totals and entries

# $month: the month as YYYY-MM; $total: an amount with its currency.
spend-total = Total { $month }: { $total }
# $month: the month as YYYY-MM.
spend-empty = Belum ada catatan untuk { $month }. Tambahkan gaji, biaya telepon, dan iklan di atas untuk melihat biaya per panggilan, prospek, dan deal di dasbor.
# File formats of the download links. XLSX and CSV are format names.
spend-export-xlsx = XLSX
spend-export-excel-csv = CSV untuk Excel
spend-export-csv = CSV
spend-col-date = Tanggal
spend-col-amount = Jumlah
spend-col-category = Kategori
spend-col-channel = Saluran
spend-col-note = Catatan
spend-col-added-by = Ditambahkan oleh
# Heading of the column of buttons, read only by screen readers.
spend-col-actions = Tindakan
spend-delete = Hapus

## Errors in the expense form, after the field's name ("date: choose the date of the expense")

spend-error-choose-date = pilih tanggal pengeluaran
spend-error-enter-amount = isi jumlahnya
spend-error-choose-category = pilih kategori
spend-form-rep = Untuk sales
spend-form-rep-none = Seluruh tim
spend-form-rep-hint = Sebutkan sales-nya jika biaya ini miliknya saja (gaji, saluran teleponnya): dasbor yang disaring per sales hanya membagi biaya mereka.
spend-col-rep = Sales
