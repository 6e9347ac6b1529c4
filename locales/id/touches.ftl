# Kontak selain telepon: dicatat di halaman lead dan tampil di linimasanya.

touch-title = Catat chat, pesan, atau pertemuan
touch-kind-legend = Lewat
touch-kind-whatsapp = WhatsApp
touch-kind-wechat = WeChat
touch-kind-telegram = Telegram
touch-kind-sms = SMS
touch-kind-email = Email
touch-kind-meeting = Pertemuan
touch-direction-legend = Siapa yang memulai
touch-direction-outbound = Kami
touch-direction-inbound = Mereka
touch-notes = Catatan
touch-happened-at = Kapan (kosongkan untuk sekarang)
touch-next-contact = Kontak berikutnya
touch-save = Catat
touch-logged = Tercatat.
touch-from-us = { $kind }, dari kami
touch-from-them = { $kind }, dari mereka
touch-error-kind = pilih lewat apa: chat, SMS, email, atau pertemuan
touch-error-direction = pilih siapa yang memulai
