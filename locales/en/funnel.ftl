# The funnel's stages and a lead's status, wherever a page names them.
# Stage names are shown as they are written here, in badges, menus and tables.

stage-new = new
stage-connect = connect
stage-interest = interest
stage-need = need
stage-evaluate = evaluate
stage-decide = decide
stage-referral = referral

# What a rep aims for at each stage (the call queue shows it beside the lead).
stage-goal-new = Get through: reach the person and introduce yourself.
stage-goal-connect = Spark interest: find a reason to talk again and agree an appointment.
stage-goal-interest = Clarify needs: what problem are they solving, and does our offer fit?
stage-goal-need = Match the offer: present the solution that fits their need.
stage-goal-evaluate = Support the evaluation: proposal, answers, a follow-up plan over their decision cycle.
stage-goal-decide = Close: deposit or contract signed. Then look after them and ask for referrals.
stage-goal-referral = Keep the relationship: repeat purchases and more referrals.

status-open = open
status-won = won
status-lost = lost

# Counting words, with the plural forms of each language.
calls-count = { $count ->
    [one] { $count } call
   *[other] { $count } calls
}
leads-count = { $count ->
    [one] { $count } lead
   *[other] { $count } leads
}
