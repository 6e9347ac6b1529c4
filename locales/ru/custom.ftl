# Страница администратора с дополнительными полями: что компания записывает о лидах
# сверх собственных полей Leadline.

custom-fields-title = Дополнительные поля
custom-fields-intro = Поля, которые ваша компания ведёт по каждому лиду сверх полей Leadline: UTM-метки кампании, бюджет, город. Они показываются на странице и в форме лида, фильтруют список лидов, передаются через API (custom лида, по ключу) и попадают в выгрузки. Веб-форма заполняет поле через поле формы с именем его ключа. Поле никогда не удаляется: ненужное делают неактивным, а значения у лидов сохраняются.
custom-fields-empty = Дополнительных полей пока нет.
custom-fields-col-label = Название
custom-fields-col-key = Ключ
custom-fields-col-kind = Тип
custom-fields-col-choices = Варианты
custom-fields-col-active = Используется
custom-fields-label-of = Название { $key }
custom-fields-choices-of = Варианты { $key }
custom-fields-active-of = { $key } используется
custom-fields-add-title = Добавить поле
custom-fields-key-hint = Как поле называется в API, импорте и веб-формах: строчные латинские буквы, цифры и _. Если не указать, ключ составляется из названия. Ключ не меняется.
custom-fields-choices-hint = Для списка: один вариант в строке.
custom-fields-add = Добавить поле
custom-fields-kind-text = Текст
custom-fields-kind-number = Число
custom-fields-kind-date = Дата
custom-fields-kind-choice = Один из списка
