# Halaman yang dibaca pengunjung situs perusahaan setelah mengirim formulir kontak ke
# Leadline (POST /capture). Pengunjung adalah calon pelanggan, bukan pengguna Leadline.

capture-received-title = Terima kasih
capture-received = Data Anda sudah kami terima. Kami akan segera menghubungi Anda.
capture-invalid-title = Mohon periksa formulir
capture-invalid = Sebagian isian Anda tidak dapat dibaca. Kembali, perbaiki, lalu kirim formulir sekali lagi:
capture-too-many-title = Silakan coba lagi sebentar lagi
capture-too-many = Terlalu banyak formulir dikirim dari alamat Anda dalam satu menit terakhir. Tunggu sebentar, lalu kirim lagi.
capture-refused-title = Formulir ini tidak dapat dikirim
capture-back = Kembali ke formulir

## Penolakan: formulir di situs belum diatur dengan benar. Pemilik situs membaca pesan ini.

capture-key-missing = Formulir tidak memiliki field `key`: tambahkan field tersembunyi bernama key berisi kunci formulir web dari halaman token Leadline.
capture-key-unknown = Kunci formulir ini tidak dikenal Leadline, sudah dicabut, atau sudah kedaluwarsa.
capture-key-too-wide = Kunci formulir ini bisa melakukan lebih dari membuat lead. Kunci di halaman web bisa dibaca siapa saja: gunakan kunci formulir web (hanya leads:create).
capture-key-no-origins = Kunci formulir ini tidak menyebut situs web mana pun. Tambahkan origin situs (misalnya https://www.example.com) ke kunci di halaman token Leadline.
capture-origin-refused = Kunci formulir ini tidak boleh dipakai di { $origin }. Tambahkan origin itu ke kunci di halaman token Leadline.
capture-redirect-refused = Field `redirect` formulir menunjuk ke situs yang tidak disebut kunci.
capture-not-a-form = Hanya formulir HTML biasa (application/x-www-form-urlencoded) yang dapat dikirim ke sini.
