# The admin's teams page: a team is a manager and the reps they lead.

teams-title = Команды
teams-intro = Команда — это менеджер и продавцы, которыми он руководит. Менеджер, который «видит только свои команды» (на странице пользователей), видит лиды, доску, план и показатели продавцов своих команд, свои и неназначенные лиды — и ничего больше.
teams-empty = Команд пока нет.
teams-col-name = Название
teams-col-manager = Руководитель
teams-col-members = Участники
teams-name-of = Название команды { $name }
teams-manager-of = Руководитель команды { $name }
teams-no-manager = Без руководителя
teams-no-members = Участников пока нет
teams-members-hint = Пользователи вступают в команду на странице пользователей.
teams-delete = Удалить
teams-delete-confirm = Удалить команду { $name }? Её участники останутся без команды.
teams-add-title = Новая команда
teams-add = Добавить команду
teams-error-manager = `manager_id` — не пользователь
