# The funnel's stages and a lead's status, wherever a page names them.
# Stage names are shown as they are written here, in badges, menus and tables.

stage-new = Новый
stage-connect = Контакт
stage-interest = Интерес
stage-need = Потребность
stage-evaluate = Оценка
stage-decide = Сделка
stage-referral = Рекомендация

# What a rep aims for at each stage (the call queue shows it beside the lead).
stage-goal-new = Дозвониться: застать нужного человека и представиться.
stage-goal-connect = Вызвать интерес: найти повод для следующего разговора и договориться о встрече.
stage-goal-interest = Выявить потребность: какую задачу решает клиент и подходит ли ему наше предложение?
stage-goal-need = Подобрать предложение: презентовать решение под потребность клиента.
stage-goal-evaluate = Сопровождать выбор: КП, ответы на вопросы, план повторных контактов на весь срок принятия решения.
stage-goal-decide = Закрыть сделку: предоплата или подписанный договор. Дальше — сопровождать клиента и просить рекомендации.
stage-goal-referral = Поддерживать отношения: повторные покупки и новые рекомендации.

status-open = в работе
status-won = выигран
status-lost = потерян

# Counting words, with the plural forms of each language.
calls-count = { $count ->
    [one] { $count } звонок
    [few] { $count } звонка
    [many] { $count } звонков
   *[other] { $count } звонка
}
leads-count = { $count ->
    [one] { $count } лид
    [few] { $count } лида
    [many] { $count } лидов
   *[other] { $count } лида
}
