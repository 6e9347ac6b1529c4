## The tag breakdown.

tags-title = Per tag
tags-back = ← Dasbor
tags-intro = Corong dan biaya lead setiap tag yang dibuat { $period }, dibandingkan { $previous }, dengan saringan dasbor. Lead dengan dua tag dari satu grup dihitung sekali dalam grup itu.
tags-channel-spend-hint = Biaya kanal: biaya setiap kanal dalam periode dibagi rata ke lead yang dibawanya; lead suatu tag membawa bagiannya. Biaya tanpa kanal (gaji, telepon) tidak dibagi, jadi tidak masuk biaya tag mana pun.
tags-groups-title = Per grup tag
tags-tags-title = Per tag
tags-th-group = Grup
tags-th-tag = Tag
tags-th-leads = Lead
tags-th-connect = Terhubung
tags-th-interest = Minat
tags-th-need = Kebutuhan
tags-th-evaluate = Evaluasi
tags-th-won = Menang
tags-th-conversion = Ke keputusan
tags-th-conversion-before = Sebelumnya
tags-th-revenue = Pendapatan
tags-th-channel-spend = Biaya kanal
tags-th-cost-per-lead = Per lead
tags-th-cost-per-deal = Per kesepakatan
tags-no-group = Tanpa grup
tags-empty = Tidak ada lead bertag dalam periode ini.
