# Importing leads from a CSV file (managers only): the upload page, the column mapping
# page, the import's progress and its result with the rows it could not import.
# "CSV" is the file format; `leadline import leads ...` is a command typed on the server
# and is never translated (it is passed in as $command).

## The upload page

import-upload-title = Impor prospek
import-upload-heading = Impor prospek dari CSV
# "channel" is the lead field also called source: where the lead came from.
import-upload-intro = File CSV dengan baris judul: satu kolom untuk nama (atau beberapa, misalnya nama depan dan nama belakang), dan kolom lain sesuai kebutuhan: telepon, email, perusahaan, saluran, pemilik (email pengguna), tahap, nilai deal, jangan ditelepon, kontak berikutnya, tag, dan catatan.
import-upload-next = Berikutnya Anda akan mencocokkan kolom dan memilih apa yang terjadi pada baris yang bermasalah.
# $mb: the largest file the page accepts, in megabytes.
import-upload-limit = Ukuran file maksimal { $mb } MB.
# $command: the command that imports a file on the server (shown as code).
import-upload-large-file = Untuk file yang lebih besar (sejuta baris kira-kira 80 MB), jalankan { $command } di server: perintah ini membaca file secara bertahap dan menampilkan progresnya.
import-upload-file = File CSV
import-upload-submit = Unggah dan pratinjau

# The table of the last imports.
import-recent-title = Impor terakhir
import-recent-file = File
import-recent-status = Status
import-recent-imported = Diimpor
import-recent-when = Waktu

# An import's status, in the table of recent imports.
import-status-uploaded = diunggah
import-status-running = berjalan
import-status-done = selesai
import-status-failed = gagal
import-status-interrupted = terputus

## The import's own page

# $file: the uploaded file's name.
import-show-title = Impor { $file }
import-show-heading = Impor: { $file }

# The mapping step. $total: the file's rows, formatted (1,234); $count: the same as a
# number, for plural forms.
import-mapping-intro = { $count ->
   *[other] { $total } baris. Cocokkan setiap kolom dengan kolom data prospek; baris diperiksa satu per satu dan setiap baris yang bermasalah dilaporkan beserta nomor barisnya.
}
# The menu under each column of the file; $column: the column's header in the file.
import-column-holds = Kolom { $column } berisi
# Followed by a menu of countries.
import-default-country = Nomor telepon tanpa kode negara berasal dari
import-mode-legend = Jika ada baris yang bermasalah
import-mode-skip-bad = Impor baris yang benar dan tampilkan daftar baris yang bermasalah
import-mode-all-or-nothing = Jangan impor apa pun, supaya saya bisa memperbaiki file dulu
# The button that starts the import. $total: rows, formatted; $count: the same as a number.
import-start = { $count ->
   *[other] Impor { $total } baris
}

# The lead fields a column can hold (the menus of the mapping step), and the fields the
# list of bad rows names. "source" is where a lead came from (its channel); "ignore"
# means the column is not imported; "file", "row" and "import" are what a problem is
# about when it is not one field of a lead.
import-field-name = nama
import-field-phone = telepon
import-field-email = email
import-field-company = perusahaan
import-field-source = sumber
import-field-tags = tag
import-field-notes = catatan
import-field-external-id = ID eksternal
import-field-owner = pemilik
import-field-stage = tahap
import-field-deal-value = nilai deal
import-field-do-not-call = jangan ditelepon
import-field-next-contact = kontak berikutnya
import-field-ignore = abaikan
import-field-file = file
import-field-row = baris
import-field-import = impor

# While the import runs (the page reloads every second). $processed, $total, $imported:
# rows checked, rows in the file, leads imported so far, all formatted; $count: the
# file's rows as a number, for plural forms.
import-progress = { $count ->
   *[other] Mengimpor… { $processed } dari { $total } baris diperiksa, { $imported } diimpor.
}
# $percent: how much of the file is done, 0 to 100.
import-percent = { $percent }%

# An import cut off when the process running it stopped. $origin: "command" when it ran
# from the command line on the server, else it ran in the web server; $committed: the
# rows done before the cut; $total: the file's rows (both formatted); $count: the file's
# rows as a number, for plural forms.
# All or nothing: nothing was imported.
import-interrupted-nothing-kept = Terputus: impor berhenti karena { $origin ->
        [command] perintahnya
       *[other] servernya
    } dihentikan, setelah { $committed } dari { $total } { $count ->
       *[other] baris
    }, dan tidak ada yang diimpor (semua atau tidak sama sekali).
# The good rows before the cut are kept. $imported: the leads they created, formatted;
# $kept: the same as a number, for plural forms.
import-interrupted-kept = Terputus: impor berhenti karena { $origin ->
        [command] perintahnya
       *[other] servernya
    } dihentikan, setelah { $committed } dari { $total } { $count ->
       *[other] baris
    }; { $imported } { $kept ->
       *[other] prospek yang sudah diimpor dari baris tersebut tetap disimpan
    }.
# $command: the command that resumes the import (shown as code).
import-resume-on-command-line = Lanjutkan dari titik berhentinya dengan { $command }, memakai file yang sama.
import-start-again = Mulai ulang
# $row: the number of the row the import resumes at.
import-resume-from = Lanjutkan dari baris { $row }

# The result. $imported and $total: rows, formatted; $count: the file's rows as a number.
import-done = { $count ->
   *[other] Selesai: { $imported } dari { $total } baris diimpor.
}
import-nothing = Tidak ada yang diimpor.
import-nothing-bad-rows = Tidak ada yang diimpor karena ada baris yang bermasalah.
# Followed by the list of bad rows. $shown: how many, formatted; $count: the same as a number.
import-attention = { $count ->
   *[other] { $shown } baris perlu diperiksa:
}
import-see-leads = Lihat prospek
import-another = Impor file lain

# The list of bad rows, and its download in three file formats.
import-errors-download = Baris-baris ini:
import-errors-xlsx = XLSX
import-errors-excel-csv = CSV untuk Excel
import-errors-csv = CSV
import-errors-line = Baris
import-errors-field = Kolom
import-errors-problem = Masalah

## Errors. Those about a field follow the field's name ("phone: duplicate: ..."), see
## errors.ftl.

import-error-choose-file = Pilih file CSV untuk diunggah.
import-error-choose-name-column = Pilih kolom yang berisi nama prospek.
# $error: what went wrong, as the web server said it (in English).
import-error-upload-failed = unggahan gagal: { $error }
# $error: what the CSV reader said (in English).
import-error-not-csv = file ini bukan CSV: { $error }
# The file could not be read to its end. $error: what the CSV reader said (in English).
import-error-unreadable-rest = sisa file tidak dapat dibaca: { $error }
# A row whose phone number an existing lead has. $lead: that lead's id.
import-error-duplicate-phone = duplikat: prospek { $lead } memakai nomor telepon ini
# $id: the import's id, part of the command's option.
import-error-resume-on-command-line = impor ini dijalankan dari command line; lanjutkan di sana dengan --resume { $id }

# Notes about the whole import, shown above the list of bad rows.
# $count: bad rows beyond the first 10000, which are only counted.
import-note-unlisted = { $count } baris bermasalah lainnya tidak ditampilkan
import-note-stopped = impor berhenti karena kesalahan database; baris yang diimpor sebelumnya tetap disimpan

## Keeping what a file gives

import-mapping-several = Nama (digabung dengan spasi, sesuai urutan kolom), tag, dan catatan boleh berasal dari beberapa kolom; kolom lain hanya dari satu kolom.
import-bad-fields-legend = Jika ada isian opsional yang salah di suatu baris (email, perusahaan, pemilik, tahap, nilai deal, jangan ditelepon, kontak berikutnya…)
import-bad-fields-reject-row = Baris itu dianggap bermasalah
import-bad-fields-drop-field = Impor baris itu tanpa isian tersebut, dan tampilkan daftarnya
import-error-field-twice = hanya satu kolom yang boleh berisi { $field }: { $columns }; pilih "abaikan" untuk kolom lainnya
import-error-not-date = `{ $text }` bukan tanggal (2026-12-04) atau tanggal dan jam (2026-12-04 09:30)
import-error-not-yes-or-no = `{ $text }` bukan ya atau tidak
import-error-no-such-owner = tidak ada pengguna dengan email `{ $text }`
import-error-owner-deactivated = pengguna `{ $text }` sudah dinonaktifkan
import-error-no-such-stage = `{ $text }` bukan tahap: gunakan salah satu dari new, connect, interest, need, evaluate, decide, referral (atau namanya dalam bahasa apa pun)
import-error-not-amount = `{ $text }` bukan jumlah uang (misalnya 15.000.000 atau 1 234,50)
import-error-rejected-not-kept = impor ini tidak menyimpan baris yang bermasalah; unduh daftar masalahnya saja
import-rejected-column = Kesalahan impor
import-rejected-problems = Baris { $line }: { $problems }
import-rejected-download = Baris yang bermasalah seperti di file, dengan keterangan kesalahannya di kolom terakhir, untuk diperbaiki lalu diimpor lagi:
import-rejected-csv = CSV
import-warnings-intro = { $count ->
    [one] { $shown } baris diimpor tanpa isian yang salah:
   *[other] { $shown } baris diimpor tanpa isian yang salah:
}
import-warnings-dropped = Dibuang karena
import-note-unlisted-warnings = { $count ->
    [one] { $count } isian lain yang dibuang tidak ditampilkan
   *[other] { $count } isian lain yang dibuang tidak ditampilkan
}

## A manager limited to their teams importing.
import-error-owner-outside-teams = `{ $text }` tidak ada di tim Anda: Anda hanya dapat memberikan prospek kepada sales di tim Anda
import-error-duplicate-phone-elsewhere = duplikat: prospek lain memakai nomor telepon ini
import-error-duplicate-external-id = duplikat: lead lain sudah memakai ID eksternal ini
