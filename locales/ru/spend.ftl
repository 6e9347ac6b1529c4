# The spend ledger (/spend): what the team costs, month by month, so the dashboard can
# show the cost of a call, a lead and a deal. Read by managers.

spend-title = Расходы
spend-heading = Журнал расходов
spend-intro = Все затраты отдела — зарплаты, телефония, реклама по каналам, — чтобы дашборд показывал, во сколько обходится каждый звонок, лид и сделка.
# What a screen reader calls the links to the previous and next month.
spend-month-nav = Месяц

## Adding an expense

spend-add-title = Добавить расход
spend-form-date = Дата
spend-form-amount = Сумма
spend-form-category = Статья
# The advertising channel the money went to; empty for costs of the whole team.
spend-form-channel = Канал (пусто — общие расходы)
spend-form-note = Комментарий
spend-form-submit = Добавить

# Categories of spend, as menus and tables show them.
spend-category-advertising = реклама
spend-category-salaries = зарплаты
spend-category-telephony = телефония
spend-category-other = прочее

## The month's totals and entries

# $month: the month as YYYY-MM; $total: an amount with its currency.
spend-total = Итого за { $month }: { $total }
# $month: the month as YYYY-MM.
spend-empty = За { $month } ничего не внесено. Добавьте выше зарплаты, телефонию и рекламу, чтобы видеть на дашборде стоимость звонка, лида и сделки.
# File formats of the download links. XLSX and CSV are format names.
spend-export-xlsx = XLSX
spend-export-excel-csv = CSV для Excel
spend-export-csv = CSV
spend-col-date = Дата
spend-col-amount = Сумма
spend-col-category = Статья
spend-col-channel = Канал
spend-col-note = Комментарий
spend-col-added-by = Кто добавил
# Heading of the column of buttons, read only by screen readers.
spend-col-actions = Действия
spend-delete = Удалить

## Errors in the expense form, after the field's name ("date: choose the date of the expense")

spend-error-choose-date = выберите дату расхода
spend-error-enter-amount = введите сумму
spend-error-choose-category = выберите статью расхода
spend-form-rep = Для менеджера
spend-form-rep-none = Вся команда
spend-form-rep-hint = Укажите менеджера, если расход только его (зарплата, его телефонная линия): дашборд с фильтром по менеджерам делит только их расходы.
spend-col-rep = Менеджер
