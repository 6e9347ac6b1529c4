## Журнал изменений для администратора: каждое изменение, кто его внёс и как.

audit-title = Журнал изменений
audit-intro = Все изменения лидов, пользователей, API-токенов, настроек, расходов, причин отказа и вебхуков, новые сверху: кто их внёс, каким способом и каждое значение до и после. Здесь ничего нельзя изменить или удалить.
audit-filter-label = Фильтр журнала изменений
audit-filter-what = Что
audit-filter-who = Кто
audit-filter-via = Способ
audit-filter-from = С
audit-filter-to = По
audit-filter-any = Все
audit-filter-apply = Показать
audit-empty = Нет изменений, подходящих под эти фильтры.
audit-older = Более ранние изменения
audit-col-when = Когда
audit-col-who = Кто
audit-col-via = Способ
audit-col-what = Что
audit-col-changes = Изменения
audit-entity-lead = Лид
audit-entity-user = Пользователь
audit-entity-token = API-токен
audit-entity-settings = Настройки компании
audit-entity-spend = Расход
audit-entity-lost-reason = Причина отказа
audit-entity-webhook = Вебхук
audit-entity-custom-field = Дополнительное поле
audit-via-page = страница
audit-via-api = API
audit-via-import = импорт
audit-via-system = Leadline
audit-action-created = создан
audit-action-changed = изменён
audit-action-deleted = удалён
audit-action-erased = данные удалены
audit-action-merged = объединён с дубликатами
audit-who-token = { $name } (токен «{ $token }»)
audit-field-value = { $field }: { $value }
audit-secret-changed = { $field }: изменён
audit-value-erased = { $field }: удалено
audit-import-file = Из файла { $file }

audit-entity-team = Команда
# A team named in a change that has since been deleted.
audit-team-gone = удалённая команда
