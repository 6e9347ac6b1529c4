## The tag breakdown.

tags-title = 按标签
tags-back = ← 仪表盘
tags-intro = 各标签在 { $period } 创建的线索的漏斗与成本，与 { $previous } 对比，沿用仪表盘的筛选条件。同一组有两个标签的线索在该组只计一次。
tags-channel-spend-hint = 渠道支出：每个渠道在期间内的支出平均分摊给它带来的线索；标签下的线索承担各自的份额。没有渠道的支出（工资、电话）不分摊，因此不计入任何标签的成本。
tags-groups-title = 按标签组
tags-tags-title = 按标签
tags-th-group = 组
tags-th-tag = 标签
tags-th-leads = 线索
tags-th-connect = 接通
tags-th-interest = 兴趣
tags-th-need = 需求
tags-th-evaluate = 评估
tags-th-won = 赢单
tags-th-conversion = 到决策
tags-th-conversion-before = 上期
tags-th-revenue = 收入
tags-th-channel-spend = 渠道支出
tags-th-cost-per-lead = 每条线索
tags-th-cost-per-deal = 每笔成交
tags-no-group = 无组
tags-empty = 本期没有带标签的线索。
