# Saved views: named filters of the leads list or the dashboard, above the filters.
views-label = Представления:
views-none = пока ни одного
views-shared = доступно команде
views-shared-by = поделился(-ась): { $name }
views-shared-badge = команда
views-delete = Удалить представление «{ $name }»
views-save-summary = Сохранить эти фильтры
views-name = Название
views-share = Показать всей команде
views-save = Сохранить представление
views-error-page = эта страница не поддерживает представления
views-error-too-long = слишком длинные, чтобы сохранить
