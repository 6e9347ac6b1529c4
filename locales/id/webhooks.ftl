# The webhooks page (admins): the URLs Leadline sends events to, and the log of what it
# sent. Event names (lead.created, call.logged, ...) are codes, not translated.

webhooks-title = Webhook
# $header is the name of the HTTP header that carries the signature, as code.
webhooks-intro = Leadline mengirim (POST) setiap event ke URL di bawah sebagai JSON, ditandatangani di header { $header } dengan secret langganan, dan mencoba ulang dengan jeda yang makin panjang selama sekitar 11 jam sampai penerima menjawab 2xx.
# After subscribing a URL: $url is it, $secret the secret its deliveries are signed
# with, shown in a box to copy.
webhooks-created = { $url } sudah didaftarkan. Secret penandatanganannya { $secret } — salin sekarang, secret ini tidak akan ditampilkan lagi.
webhooks-empty = Belum ada langganan.

## Table columns.

webhooks-col-url = URL
webhooks-col-events = Event
webhooks-col-active = Aktif
webhooks-col-created = Dibuat
webhooks-col-event = Event
# Where a delivery went (a URL).
webhooks-col-to = Tujuan
webhooks-col-status = Status
webhooks-col-attempts = Percobaan
# The HTTP status code the receiver answered.
webhooks-col-response = Respons
webhooks-col-error = Kesalahan
webhooks-col-last-attempt = Percobaan terakhir
webhooks-col-next-attempt = Percobaan berikutnya
# A column of buttons; not shown, read out by screen readers.
webhooks-col-actions = Tindakan

## A subscription's buttons.

webhooks-deactivate = Nonaktifkan
webhooks-reactivate = Aktifkan kembali
webhooks-delete = Hapus

## The form.

webhooks-subscribe-title = Daftarkan URL
webhooks-url = URL
webhooks-events = Event
webhooks-subscribe = Daftarkan

## The delivery log.

webhooks-deliveries = Pengiriman
# The log narrowed to one subscription; $all is a link reading webhooks-show-all.
webhooks-deliveries-one = Pengiriman ke satu langganan { $all }
webhooks-show-all = (tampilkan semua)
webhooks-deliveries-empty = Belum ada pengiriman.
# A delivery's state, in a badge.
webhooks-status-pending = menunggu
webhooks-status-delivered = terkirim
webhooks-status-failed = gagal
# Sends a delivery still waiting for its next attempt now.
webhooks-retry-now = Coba sekarang
# Sends a delivered or failed delivery again.
webhooks-redeliver = Kirim ulang
