# The pipeline board (/board): open leads in columns by stage.
board-title = 销售看板
board-filters = 看板筛选
board-any-channel = 全部渠道
board-help = 按阶段列出未结线索。把卡片拖到另一列，或使用“移动”表单；后退需要说明原因，进入 decide 需要填写成交金额。
board-column-leads = { $shown } 条线索
board-top = 回到最新
board-more = 更多
board-empty-column = 这里没有未结线索。
board-next-contact = 下次联系 { $when }
board-move = 移动…
board-move-reason = 原因（后退时填写）
board-move-deal-value = 成交金额（进入 decide 时填写）
board-decide-help = 把卡片拖到这里即成交：会要求填写成交金额。
board-problem-reason = 后退需要原因：填写原因后点击“移动”。
board-problem-deal-value = 成交需要金额：输入金额后点击“移动”。
board-problem-other = 无法从该线索当前的阶段这样移动。
# The handle a card is dragged by, as its tooltip says.
board-drag = 拖到其他阶段
