# The funnel's stages and a lead's status, wherever a page names them.
# Stage names are shown as they are written here, in badges, menus and tables.

stage-new = 新线索
stage-connect = 已接通
stage-interest = 有意向
stage-need = 需求确认
stage-evaluate = 方案评估
stage-decide = 成交
stage-referral = 转介绍

# What a rep aims for at each stage (the call queue shows it beside the lead).
stage-goal-new = 打通电话：联系到本人并做自我介绍。
stage-goal-connect = 激发兴趣：找到再次沟通的理由，约好下次沟通时间。
stage-goal-interest = 挖掘需求：客户要解决什么问题？我们的产品是否匹配？
stage-goal-need = 匹配方案：给出符合客户需求的解决方案。
stage-goal-evaluate = 协助评估：发方案、答疑，在客户决策周期内制定跟进计划。
stage-goal-decide = 促成成交：收定金或签合同。之后做好服务，请客户转介绍。
stage-goal-referral = 维护关系：争取复购和更多转介绍。

status-open = 跟进中
status-won = 已成交
status-lost = 已流失

# Counting words, with the plural forms of each language.
calls-count = { $count }次通话
leads-count = { $count }条线索
