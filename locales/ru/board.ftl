# The pipeline board (/board): open leads in columns by stage.
board-title = Воронка
board-filters = Фильтры доски
board-any-channel = Все каналы
board-help = Открытые лиды по этапам. Перетащите карточку в другую колонку или воспользуйтесь формой «Перевести»; для шага назад нужна причина, для этапа decide — сумма сделки.
board-column-leads = { $count ->
    [one] { $shown } лид
    [few] { $shown } лида
    [many] { $shown } лидов
   *[other] { $shown } лида
}
board-top = К самым новым
board-more = Ещё
board-empty-column = Открытых лидов нет.
board-next-contact = следующий контакт { $when }
board-move = Перевести…
board-move-reason = Причина (для шага назад)
board-move-deal-value = Сумма сделки (для decide)
board-decide-help = Перетащите карточку сюда, чтобы выиграть сделку: будет запрошена сумма.
board-problem-reason = Для шага назад нужна причина: укажите её и нажмите «Перевести».
board-problem-deal-value = Для выигранной сделки нужна сумма: введите её и нажмите «Перевести».
board-problem-other = С текущего этапа лида такой переход невозможен.
# The handle a card is dragged by, as its tooltip says.
board-drag = Перетащите на другой этап
