## The tag breakdown.

tags-title = По тегам
tags-back = ← Дашборд
tags-intro = Воронка и стоимость лидов каждого тега, созданных { $period }, рядом с { $previous }, с фильтрами дашборда. Лид с двумя тегами одной группы считается в группе один раз.
tags-channel-spend-hint = Расходы канала: расходы каждого канала за период делятся поровну между приведёнными им лидами; лиды тега несут свои доли. Расходы без канала (зарплаты, телефония) не распределяются и ни в одном теге не учитываются.
tags-groups-title = По группам тегов
tags-tags-title = По тегам
tags-th-group = Группа
tags-th-tag = Тег
tags-th-leads = Лиды
tags-th-connect = Контакт
tags-th-interest = Интерес
tags-th-need = Потребность
tags-th-evaluate = Оценка
tags-th-won = Выиграно
tags-th-conversion = До решения
tags-th-conversion-before = Ранее
tags-th-revenue = Выручка
tags-th-channel-spend = Расходы канала
tags-th-cost-per-lead = На лид
tags-th-cost-per-deal = На сделку
tags-no-group = Без группы
tags-empty = Нет лидов с тегами за этот период.
