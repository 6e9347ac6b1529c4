# The admin's teams page: a team is a manager and the reps they lead.

teams-title = 团队
teams-intro = 团队由一位经理和他带领的销售组成。“只看自己的团队”的经理（在用户页面设置）只能看到自己团队销售的线索、看板、日程和数据，以及自己的和未分配的线索，其他一概看不到。
teams-empty = 还没有团队。
teams-col-name = 名称
teams-col-manager = 经理
teams-col-members = 成员
teams-name-of = { $name } 的名称
teams-manager-of = { $name } 的经理
teams-no-manager = 无经理
teams-no-members = 还没有成员
teams-members-hint = 在用户页面为用户选择团队。
teams-delete = 删除
teams-delete-confirm = 删除团队 { $name }？其成员将不属于任何团队。
teams-add-title = 添加团队
teams-add = 添加团队
teams-error-manager = `manager_id` 不是用户
