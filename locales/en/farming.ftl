# Lead farming: lost leads coming back into the funnel, on their lost reason's day or by
# themselves, and the figures of what comes back.

## The lost reasons page (managers)

lost-reasons-title = Lost reasons and their way back
lost-reasons-intro = A lead lost for a reason comes back into the call queue after the reason's days, at the stage where it was lost, with the playbook for the rep who calls it. Leave the days empty for a reason whose leads never come back by themselves. Do-not-call leads and bad numbers never come back.
lost-reasons-to-recovery = What came back
lost-reasons-col-reason = Reason
lost-reasons-col-days = Comes back after (days)
lost-reasons-col-playbook = Playbook
lost-reasons-col-active = Offered
# Shown in the empty days box.
lost-reasons-never = never
# $reason: the lost reason's label.
lost-reasons-days-of = Days until a lead lost for "{ $reason }" comes back
lost-reasons-playbook-of = Playbook for "{ $reason }"
lost-reasons-active-of = "{ $reason }" is offered
lost-reasons-by-stage = A playbook for one stage
# A form error about one stage's playbook names it so. $stage: the stage's name.
lost-reasons-stage-playbook = Playbook ({ $stage })
lost-reasons-save = Save
lost-reasons-saved = Saved.
lost-reasons-add-title = Add a reason
lost-reasons-add = Add reason
# Under a reason: leads lost for it now that will come back on their day. $leads: how many.
lost-reasons-waiting = { $leads ->
    [one] { $leads } lead will come back
   *[other] { $leads } leads will come back
}

## A lead that came back: in the queue and on its page

queue-reason-returning = Came back after it was lost
queue-returned-title = Came back:
queue-playbook = Playbook:
# $stage: the stage it was lost at; $lost: when it was lost; $reason: the lost reason;
# $back: when it came back.
queue-returned-due = lost at { $stage } on { $lost } ("{ $reason }"), back on { $back } as its reason says.
queue-returned-by-call = lost at { $stage } on { $lost } ("{ $reason }"), called in by themselves on { $back }.
queue-returned-by-form = lost at { $stage } on { $lost } ("{ $reason }"), wrote in through the web form on { $back }.
queue-returned-by-import = lost at { $stage } on { $lost } ("{ $reason }"), came in again with an import on { $back }.
queue-returned-no-reason = no reason given
# A lost lead's page. $when: the date and time it comes back.
leads-returns-on = comes back on { $when }
# Kinds of funnel event: a lost lead came back on its reason's day, or by itself.
leads-event-return = came back
leads-event-came-back-call = came back by itself (called in)
leads-event-came-back-form = came back by itself (web form)
leads-event-came-back-import = came back by itself (imported again)
agenda-kind-returning = Lost lead comes back

## The dashboard's recovery section

dashboard-recovery-title = What came back
dashboard-recovery-intro = Leads lost at each stage, how many came back (on their reason's day, by themselves or reopened by hand), and how many then moved past the stage. Uplift: the points recovered leads add to the step conversion from the stage.
dashboard-recovery-ways-back = Ways back for each lost reason
dashboard-recovery-caption = Recovery by the stage where leads were lost
dashboard-th-returned = Came back
dashboard-th-recovered = Recovered
dashboard-th-recovery-rate = Recovery rate
dashboard-th-won = Won
dashboard-th-uplift = Uplift
dashboard-recovery-total = All stages
dashboard-th-rep-recovered = Recovered
# A rep's recovered leads. $recovered and $lost: counts.
dashboard-recovered-of = { $recovered } of { $lost }

## Imports

# A row whose number a lost lead has: that lead came back instead of a new one. $lead: its id.
import-warning-came-back = lead { $lead } was lost and came back with this row
import-warning-came-back-elsewhere = a lost lead with this number came back with this row

## Errors

error-stage-never-lost = a lead is never lost at this stage: it is won there

## The dashboard's downloads: column titles of the recovery table and the reps' recovery

dashboard-column-lost = lost
dashboard-column-returned = came back
dashboard-column-recovered = recovered
dashboard-column-recovery-rate = recovery rate
dashboard-column-won = won
dashboard-column-uplift = uplift (points of step conversion)
dashboard-download-recovery = What came back
