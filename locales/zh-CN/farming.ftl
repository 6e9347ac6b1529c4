# 线索培育：流失的线索在流失原因规定的日子或自行回到漏斗，以及回流的数字。

## 流失原因页面（经理）

lost-reasons-title = 流失原因及回流方式
lost-reasons-intro = 因某个原因流失的线索，会在该原因设定的天数后回到拨打队列，回到流失时所在的阶段，并附上给拨打该线索的销售的应对方案。若某原因流失的线索从不自行回流，请将天数留空。勿扰线索和号码异常的线索永不回流。
lost-reasons-to-recovery = 已回流的线索
lost-reasons-col-reason = 原因
lost-reasons-col-days = 多少天后回流
lost-reasons-col-playbook = 应对方案
lost-reasons-col-active = 可选
lost-reasons-never = 从不
lost-reasons-days-of = 因“{ $reason }”流失的线索回流前的天数
lost-reasons-playbook-of = “{ $reason }”的应对方案
lost-reasons-active-of = “{ $reason }”可选
lost-reasons-by-stage = 单个阶段的应对方案
lost-reasons-stage-playbook = 应对方案（{ $stage }）
lost-reasons-save = 保存
lost-reasons-saved = 已保存。
lost-reasons-add-title = 添加原因
lost-reasons-add = 添加原因
lost-reasons-waiting = { $leads } 条线索将回流

## 回流的线索：在队列中和线索页面上

queue-reason-returning = 流失后回流
queue-returned-title = 已回流：
queue-playbook = 应对方案：
queue-returned-due = { $lost } 在“{ $stage }”阶段流失（{ $reason }），按原因规定于 { $back } 回流。
queue-returned-by-call = { $lost } 在“{ $stage }”阶段流失（{ $reason }），{ $back } 主动来电。
queue-returned-by-form = { $lost } 在“{ $stage }”阶段流失（{ $reason }），{ $back } 通过网页表单留言。
queue-returned-by-import = { $lost } 在“{ $stage }”阶段流失（{ $reason }），{ $back } 随导入再次出现。
queue-returned-no-reason = 未填写原因
leads-returns-on = 将于 { $when } 回流
leads-event-return = 回流
leads-event-came-back-call = 自行回流（来电）
leads-event-came-back-form = 自行回流（网页表单）
leads-event-came-back-import = 自行回流（再次导入）
agenda-kind-returning = 流失线索回流

## 仪表盘的回流部分

dashboard-recovery-title = 已回流的线索
dashboard-recovery-intro = 各阶段流失的线索中，有多少回流（按原因设定的日期回流、自行回流或手动重新激活），其中又有多少随后越过了该阶段。提升：挽回的线索为该阶段的阶段转化率增加的百分点。
dashboard-recovery-ways-back = 各流失原因的回流方式
dashboard-recovery-caption = 按流失阶段统计的回流
dashboard-th-returned = 回流
dashboard-th-recovered = 挽回
dashboard-th-recovery-rate = 挽回率
dashboard-th-won = 成交
dashboard-th-uplift = 提升
dashboard-recovery-total = 全部阶段
dashboard-th-rep-recovered = 挽回
dashboard-recovered-of = { $lost } 中 { $recovered }

## 导入

import-warning-came-back = 线索 { $lead } 曾流失，随此行回流
import-warning-came-back-elsewhere = 使用此号码的一条流失线索随此行回流

## 错误

error-stage-never-lost = 线索不会在此阶段流失：到此阶段即已成交

## 仪表盘下载

dashboard-column-lost = 流失
dashboard-column-returned = 回流
dashboard-column-recovered = 挽回
dashboard-column-recovery-rate = 挽回率
dashboard-column-won = 成交
dashboard-column-uplift = 提升（阶段转化率百分点）
dashboard-download-recovery = 已回流的线索
