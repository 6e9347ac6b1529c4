# The pipeline board (/board): open leads in columns by stage.
board-title = Pipeline
board-filters = Board filters
board-any-channel = All channels
board-help = Open leads by stage. Drag a card to another column, or use its Move form; a move back asks why, and decide asks the deal value.
board-column-leads = { $count ->
    [one] { $shown } lead
   *[other] { $shown } leads
}
board-top = Back to the newest
board-more = More
board-empty-column = No open leads here.
board-next-contact = next contact { $when }
board-move = Move…
board-move-reason = Reason (for a move back)
board-move-deal-value = Deal value (for decide)
board-decide-help = Drop a card here to win the deal: it asks the deal value.
board-problem-reason = A move back needs a reason: say why, then press Move.
board-problem-deal-value = Winning the deal needs its value: type it, then press Move.
board-problem-other = This move is not possible from the lead’s stage.
# The handle a card is dragged by, as its tooltip says.
board-drag = Drag to another stage
