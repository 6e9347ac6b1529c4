//! The figures of SPEC section 4, each computed by exactly one function here from
//! counts and sums that `storage::metrics` reads out of the database.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::calendar::WorkingWeek;
use super::call::DEFAULT_RING_SECONDS;
use super::money::{divide_rounded, rate};
use super::stage::Stage;
use super::zone::Zone;

/// A reporting period `[from, to)`, and the time zone whose days it counts (the
/// company's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    #[serde(skip)]
    pub zone: Zone,
}

impl Period {
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>, zone: Zone) -> Period {
        Period { from, to, zone }
    }

    /// The local days `[first, end)` of `zone`, midnight to midnight.
    pub fn days(first: NaiveDate, end: NaiveDate, zone: Zone) -> Period {
        Period::new(zone.start_of(first), zone.start_of(end), zone)
    }

    /// The period before this one: as many local days before it when it is whole days
    /// (a 30-day period across a change of clocks is 719 or 721 hours, and so is the
    /// one it is compared with where the change falls), else the same length of time.
    pub fn previous(&self) -> Period {
        let (first, end) = (self.first_day(), self.end_day());
        if self.zone.start_of(first) == self.from && self.zone.start_of(end) == self.to {
            let before = first - (end - first);
            return Period::days(before, first, self.zone);
        }
        Period::new(self.from - (self.to - self.from), self.from, self.zone)
    }

    /// The first local day the period touches (for spend, which is dated, not timed).
    pub fn first_day(&self) -> NaiveDate {
        self.zone.date_of(self.from)
    }

    /// The day after the last local day the period touches.
    pub fn end_day(&self) -> NaiveDate {
        let last = self.to - Duration::nanoseconds(1);
        self.zone.date_of(last) + Duration::days(1)
    }

    /// The company's working days the period touches.
    pub fn working_days(&self, week: &WorkingWeek) -> i64 {
        week.working_days(self.first_day(), self.end_day())
    }
}

/// Which leads the funnel counts.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, Serialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FunnelView {
    /// Leads created in the period, followed wherever they went.
    #[default]
    Cohort,
    /// Stage first-reaches that happened in the period, whenever the lead was created.
    Activity,
}

// ---------------------------------------------------------------- funnel

/// Counts per stage, as read from the database.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FunnelCounts {
    /// `reached[k]`: leads with `max_stage >= k` (cohort) or first reaching k in the period (activity).
    pub reached: [i64; 7],
    /// `lost_at[k]`: leads lost while at stage k.
    pub lost_at: [i64; 7],
    /// The most frequent lost reasons per stage, most frequent first.
    pub lost_reasons: [Vec<ReasonCount>; 7],
    /// Seconds from first reaching k-1 to first reaching k: (median, nearest-rank p90), per stage k >= 1.
    pub velocity: [Option<(f64, f64)>; 7],
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ReasonCount {
    pub reason: String,
    pub leads: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FunnelStage {
    pub stage: Stage,
    pub reached: i64,
    /// `reached(k) / reached(k-1)`; null for `new`, where `reached(k-1)` is 0, and in the
    /// activity view (a period's arrivals at one stage are not the previous stage's).
    pub step_conversion: Option<f64>,
    /// `reached(k) / reached(0)`; null where `reached(0)` is 0 and in the activity view.
    pub overall_conversion: Option<f64>,
    /// Leads lost while at this stage.
    pub lost: i64,
    pub lost_reasons: Vec<ReasonCount>,
    /// Median seconds from first reaching the previous stage to first reaching this one.
    pub velocity_median_seconds: Option<f64>,
    /// 90th percentile of the same.
    pub velocity_p90_seconds: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Funnel {
    pub view: FunnelView,
    pub period: Period,
    pub stages: Vec<FunnelStage>,
}

/// Step conversion k = reached(k) / reached(k-1).
pub fn step_conversion(reached: &[i64; 7], k: usize) -> Option<f64> {
    if k == 0 {
        return None;
    }
    rate(reached[k], reached[k - 1])
}

/// Overall conversion k = reached(k) / reached(0).
pub fn overall_conversion(reached: &[i64; 7], k: usize) -> Option<f64> {
    rate(reached[k], reached[0])
}

/// The funnel's stages. Conversion is a cohort's: in the activity view the leads that
/// reached a stage in the period mostly reached the one before in an earlier period, so
/// their ratio (which can pass 100%) is not a conversion and is left out.
pub fn funnel(view: FunnelView, period: Period, counts: FunnelCounts) -> Funnel {
    let converts = view == FunnelView::Cohort;
    let FunnelCounts {
        reached,
        lost_at,
        lost_reasons,
        velocity,
    } = counts;
    let stages = Stage::ALL
        .into_iter()
        .zip(lost_reasons)
        .enumerate()
        .map(|(k, (stage, reasons))| FunnelStage {
            stage,
            reached: reached[k],
            step_conversion: step_conversion(&reached, k).filter(|_| converts),
            overall_conversion: overall_conversion(&reached, k).filter(|_| converts),
            lost: lost_at[k],
            lost_reasons: reasons,
            velocity_median_seconds: velocity[k].map(|v| v.0),
            velocity_p90_seconds: velocity[k].map(|v| v.1),
        })
        .collect();
    Funnel {
        view,
        period,
        stages,
    }
}

// ---------------------------------------------------------------- recovery

/// What became of the leads lost at one stage (lead farming, SPEC section 4, Recovery).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecoveryCounts {
    /// `ever_lost(k)`: leads lost at the stage at least once.
    pub lost: i64,
    /// `returned(k)`: those that came back after (returned, came back by themselves, or
    /// were reopened by hand).
    pub returned: i64,
    /// `recovered(k)`: returned leads that then moved past the stage.
    pub recovered: i64,
    /// Recovered leads that reached `decide`.
    pub won: i64,
    /// Deal values of the recovered leads won.
    pub revenue: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RecoveryStage {
    pub stage: Stage,
    pub ever_lost: i64,
    pub returned: i64,
    pub recovered: i64,
    pub won: i64,
    pub revenue: i64,
    /// `recovered(k) / ever_lost(k)`.
    pub recovery_rate: Option<f64>,
    /// The funnel's `reached(k)`, the uplift's denominator.
    pub reached: i64,
    /// The funnel's step conversion from this stage to the next, recovered leads included.
    pub step_conversion: Option<f64>,
    /// `recovered(k) / reached(k)`: the points recovered leads add to that step conversion.
    /// Null in the activity view, which has no step conversion.
    pub uplift: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Recovery {
    pub view: FunnelView,
    pub period: Period,
    /// The stages a lead can be lost at, `new` to `evaluate`.
    pub stages: Vec<RecoveryStage>,
    /// Every stage together: a lead lost at two stages counts at each.
    pub total: RecoveryTotal,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RecoveryTotal {
    pub ever_lost: i64,
    pub returned: i64,
    pub recovered: i64,
    pub won: i64,
    pub revenue: i64,
    pub recovery_rate: Option<f64>,
}

/// Recovery rate k = recovered(k) / ever_lost(k).
pub fn recovery_rate(recovered: i64, ever_lost: i64) -> Option<f64> {
    rate(recovered, ever_lost)
}

/// Uplift k = recovered(k) / reached(k): what recovered leads add to step conversion k+1.
pub fn uplift(recovered: i64, reached: i64) -> Option<f64> {
    rate(recovered, reached)
}

/// The recovery figures of a period from its counts per stage and the funnel's `reached`
/// (of the same view, period and filters).
pub fn recovery(
    view: FunnelView,
    period: Period,
    counts: [RecoveryCounts; 7],
    reached: [i64; 7],
) -> Recovery {
    let converts = view == FunnelView::Cohort;
    let stages = Stage::ALL
        .into_iter()
        .filter(|s| crate::domain::farming::can_be_lost_at(*s))
        .map(|stage| {
            let k = stage.index() as usize;
            let c = counts[k];
            RecoveryStage {
                stage,
                ever_lost: c.lost,
                returned: c.returned,
                recovered: c.recovered,
                won: c.won,
                revenue: c.revenue,
                recovery_rate: recovery_rate(c.recovered, c.lost),
                reached: reached[k],
                step_conversion: step_conversion(&reached, k + 1).filter(|_| converts),
                uplift: uplift(c.recovered, reached[k]).filter(|_| converts),
            }
        })
        .collect();
    let sum = counts
        .iter()
        .fold(RecoveryCounts::default(), |a, c| RecoveryCounts {
            lost: a.lost + c.lost,
            returned: a.returned + c.returned,
            recovered: a.recovered + c.recovered,
            won: a.won + c.won,
            revenue: a.revenue + c.revenue,
        });
    Recovery {
        view,
        period,
        stages,
        total: RecoveryTotal {
            ever_lost: sum.lost,
            returned: sum.returned,
            recovered: sum.recovered,
            won: sum.won,
            revenue: sum.revenue,
            recovery_rate: recovery_rate(sum.recovered, sum.lost),
        },
    }
}

// ---------------------------------------------------------------- calls

/// Sums over the calls started in a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallCounts {
    pub dials: i64,
    pub connected: i64,
    pub intent_clear: i64,
    pub intent_unclear: i64,
    pub intent_none: i64,
    /// Talk seconds of connected calls.
    pub talk_seconds: i64,
    /// Ring seconds of calls not connected that were logged with ring seconds.
    pub unanswered_ring_seconds: i64,
    /// Calls not connected that were logged without ring seconds.
    pub unanswered_without_ring: i64,
    /// Calls logged against a do-not-call lead.
    pub do_not_call: i64,
    /// Touches other than calls in the period, by kind; no call figure counts them.
    pub touches: TouchCounts,
}

/// Touches other than calls: chats (WhatsApp, WeChat, Telegram), text
/// messages, e-mails and meetings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TouchCounts {
    pub chat: i64,
    pub sms: i64,
    pub email: i64,
    pub meeting: i64,
}

impl TouchCounts {
    pub fn total(self) -> i64 {
        self.chat + self.sms + self.email + self.meeting
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct IntentSplit {
    pub clear: i64,
    pub unclear: i64,
    pub none: i64,
    /// Shares among connected calls.
    pub clear_rate: Option<f64>,
    pub unclear_rate: Option<f64>,
    pub none_rate: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CallStats {
    pub period: Period,
    pub dials: i64,
    pub connected: i64,
    /// connected / dials.
    pub connect_rate: Option<f64>,
    pub intent: IntentSplit,
    /// Total talk seconds of connected calls.
    pub talk_seconds: i64,
    /// Mean talk seconds per connected call.
    pub mean_talk_seconds: Option<f64>,
    /// Ring seconds of calls not connected (40 s where none were logged).
    pub unanswered_seconds: i64,
    /// Calls logged against do-not-call leads.
    pub do_not_call_calls: i64,
    /// Touches beside the calls: chats, text messages, e-mails and meetings.
    pub touches: TouchStats,
}

/// The period's touches other than calls, by kind and in all.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TouchStats {
    pub total: i64,
    pub chat: i64,
    pub sms: i64,
    pub email: i64,
    pub meeting: i64,
}

/// Time lost to unanswered calls: their ring seconds, 40 s for each logged without.
pub fn unanswered_seconds(counts: &CallCounts) -> i64 {
    counts.unanswered_ring_seconds + counts.unanswered_without_ring * DEFAULT_RING_SECONDS
}

pub fn call_stats(period: Period, c: CallCounts) -> CallStats {
    CallStats {
        period,
        dials: c.dials,
        connected: c.connected,
        connect_rate: rate(c.connected, c.dials),
        intent: IntentSplit {
            clear: c.intent_clear,
            unclear: c.intent_unclear,
            none: c.intent_none,
            clear_rate: rate(c.intent_clear, c.connected),
            unclear_rate: rate(c.intent_unclear, c.connected),
            none_rate: rate(c.intent_none, c.connected),
        },
        talk_seconds: c.talk_seconds,
        mean_talk_seconds: rate(c.talk_seconds, c.connected),
        unanswered_seconds: unanswered_seconds(&c),
        do_not_call_calls: c.do_not_call,
        touches: TouchStats {
            total: c.touches.total(),
            chat: c.touches.chat,
            sms: c.touches.sms,
            email: c.touches.email,
            meeting: c.touches.meeting,
        },
    }
}

// ---------------------------------------------------------------- cost

/// What the cost figures are computed from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CostInputs {
    /// Ledger spend in the period: a channel filter keeps that channel's entries, an owner
    /// filter that rep's.
    pub spend: i64,
    pub dials: i64,
    /// Cohort reached(k), k = 0..6; reached[0] is the cohort size.
    pub reached: [i64; 7],
    /// Deal values of cohort leads that are won.
    pub revenue: i64,
    /// Per channel: (channel, channel spend, channel cohort leads).
    pub channels: Vec<(String, i64, i64)>,
    /// Why the spend cannot be divided by these leads, if it cannot.
    pub not_applicable: Option<NotApplicable>,
}

/// Why a cost figure is not applicable: the filter chose leads the spend ledger does not
/// trace spend to, so dividing the spend by them would give a wrong number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotApplicable {
    /// Spend is recorded per channel and per rep, never per tag.
    TagFilter,
}

impl NotApplicable {
    pub fn as_str(self) -> &'static str {
        match self {
            NotApplicable::TagFilter => "tag_filter",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StageCost {
    pub stage: Stage,
    /// spend / reached(k), in minor units.
    pub cost: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ChannelCost {
    pub channel: String,
    pub spend: i64,
    pub leads: i64,
    /// channel spend / channel leads.
    pub cost_per_lead: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CostStats {
    pub period: Period,
    pub spend: i64,
    pub revenue: i64,
    pub cost_per_call: Option<i64>,
    pub cost_per_lead: Option<i64>,
    pub cost_per_deal: Option<i64>,
    pub cost_per_stage: Vec<StageCost>,
    pub cost_per_lead_by_channel: Vec<ChannelCost>,
    /// (revenue - spend) / spend.
    pub roi: Option<f64>,
    /// Set when the filters chose leads the spend cannot be traced to (a tag): every cost
    /// figure and the ROI are then null, not a wrong number.
    pub not_applicable: Option<NotApplicable>,
}

/// Cost per call = spend / dials.
pub fn cost_per_call(spend: i64, dials: i64) -> Option<i64> {
    divide_rounded(spend, dials)
}

/// Cost per lead = spend / cohort size.
pub fn cost_per_lead(spend: i64, leads: i64) -> Option<i64> {
    divide_rounded(spend, leads)
}

/// Cost per stage k = spend / reached(k); cost per deal (CAC) is k = decide.
pub fn cost_per_stage(spend: i64, reached: &[i64; 7], stage: Stage) -> Option<i64> {
    divide_rounded(spend, reached[stage.index() as usize])
}

/// ROI = (revenue - spend) / spend.
pub fn roi(revenue: i64, spend: i64) -> Option<f64> {
    rate(revenue - spend, spend)
}

pub fn cost_stats(period: Period, inputs: CostInputs) -> CostStats {
    let CostInputs {
        spend,
        dials,
        reached,
        revenue,
        channels,
        not_applicable,
    } = inputs;
    // A figure divides the spend only where the spend is that of the leads counted.
    let traced = |figure: Option<i64>| figure.filter(|_| not_applicable.is_none());
    CostStats {
        period,
        spend,
        revenue,
        cost_per_call: traced(cost_per_call(spend, dials)),
        cost_per_lead: traced(cost_per_lead(spend, reached[0])),
        cost_per_deal: traced(cost_per_stage(spend, &reached, Stage::Decide)),
        cost_per_stage: Stage::ALL
            .into_iter()
            .map(|stage| StageCost {
                stage,
                cost: traced(cost_per_stage(spend, &reached, stage)),
            })
            .collect(),
        cost_per_lead_by_channel: channels
            .into_iter()
            .map(|(channel, spend, leads)| ChannelCost {
                cost_per_lead: traced(cost_per_lead(spend, leads)),
                channel,
                spend,
                leads,
            })
            .collect(),
        roi: roi(revenue, spend).filter(|_| not_applicable.is_none()),
        not_applicable,
    }
}

// ---------------------------------------------------------------- tags

/// What the tag breakdown counts of one tag's (or one tag group's) cohort.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TagCounts {
    /// The group; for a tag, its group (null when it has none).
    pub group: Option<String>,
    /// The tag; null on a group's row.
    pub tag: Option<String>,
    /// reached(k), k = 0..6, among the cohort leads carrying the tag (or any tag of the group).
    pub reached: [i64; 7],
    /// Deal values of those of them that are won.
    pub revenue: i64,
    /// Their channels' spend, shared: each lead carries its channel's spend in the period
    /// divided by that channel's cohort leads (unrounded).
    pub channel_spend: f64,
}

/// One row of the tag breakdown: the funnel and the cost of a tag's (or group's) leads.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TagFigures {
    pub group: Option<String>,
    /// Null on a group's row.
    pub tag: Option<String>,
    /// reached(k), k = new..referral: reached[0] is the cohort.
    pub reached: Vec<i64>,
    /// Won leads: reached(decide).
    pub won: i64,
    /// won / leads.
    pub conversion: Option<f64>,
    pub revenue: i64,
    /// The channel spend its leads carry, minor units (spend with no channel is not shared).
    pub channel_spend: i64,
    /// channel_spend / leads.
    pub cost_per_lead: Option<i64>,
    /// channel_spend / won.
    pub cost_per_deal: Option<i64>,
}

pub fn tag_figures(counts: TagCounts) -> TagFigures {
    let leads = counts.reached[0];
    let won = counts.reached[Stage::Decide.index() as usize];
    let spend = counts.channel_spend.round() as i64;
    TagFigures {
        group: counts.group,
        tag: counts.tag,
        reached: counts.reached.to_vec(),
        won,
        conversion: rate(won, leads),
        revenue: counts.revenue,
        channel_spend: spend,
        cost_per_lead: divide_rounded(spend, leads),
        cost_per_deal: divide_rounded(spend, won),
    }
}

/// The tag breakdown: a row per tag and a row per tag group.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TagBreakdown {
    pub period: Period,
    pub tags: Vec<TagFigures>,
    pub groups: Vec<TagFigures>,
}

// ---------------------------------------------------------------- reps

/// Below this many dials per working day a rep is flagged (100-120 is normal).
pub const DIALS_PER_DAY_NORM: f64 = 80.0;
/// The typical range of effectiveness (seed 001: 5-15%).
pub const EFFECTIVENESS_RANGE: (f64, f64) = (0.05, 0.15);

/// Sums for one rep over a period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RepCounts {
    pub rep_id: Uuid,
    pub name: String,
    pub dials: i64,
    pub connected: i64,
    pub connected_clear: i64,
    pub talk_seconds: i64,
    /// Forward stage moves on the rep's leads in the period.
    pub leads_advanced: i64,
    /// The rep's leads first reaching `decide` in the period.
    pub deals_won: i64,
    /// Deal values of those deals.
    pub revenue: i64,
    /// The rep's open leads whose next contact time has passed.
    pub overdue_follow_ups: i64,
    /// The rep's leads first lost at a stage in the period (summed over stages), and of
    /// them those recovered: the activity view's recovery.
    pub lost: i64,
    pub recovered: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RepFlag {
    /// Fewer than 80 dials per working day.
    BelowNorm,
    /// Effectiveness under 5%.
    LowEffectiveness,
    /// Effectiveness over 15%: worth a look at how intent is being logged.
    HighEffectiveness,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RepStats {
    pub rep_id: Uuid,
    pub name: String,
    pub dials: i64,
    pub dials_per_day: Option<f64>,
    pub connected: i64,
    pub connect_rate: Option<f64>,
    pub talk_seconds: i64,
    /// Connected calls with clear intent / dials.
    pub effectiveness: Option<f64>,
    pub leads_advanced: i64,
    pub deals_won: i64,
    pub revenue: i64,
    pub overdue_follow_ups: i64,
    /// The rep's leads lost in the period (at each stage they were lost at first then).
    pub lost: i64,
    /// Of those, the leads that came back and moved past the stage.
    pub recovered: i64,
    /// `recovered / lost`.
    pub recovery_rate: Option<f64>,
    pub flags: Vec<RepFlag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RepsReport {
    pub period: Period,
    pub working_days: i64,
    pub reps: Vec<RepStats>,
}

/// Dials per working day (the company's working days in the period).
pub fn dials_per_day(dials: i64, working_days: i64) -> Option<f64> {
    rate(dials, working_days)
}

/// Effectiveness = connected calls with clear intent / dials.
pub fn effectiveness(connected_clear: i64, dials: i64) -> Option<f64> {
    rate(connected_clear, dials)
}

/// The norm flags of SPEC section 4; a figure with no data raises no flag.
pub fn rep_flags(dials_per_day: Option<f64>, effectiveness: Option<f64>) -> Vec<RepFlag> {
    let mut flags = Vec::new();
    if dials_per_day.is_some_and(|d| d < DIALS_PER_DAY_NORM) {
        flags.push(RepFlag::BelowNorm);
    }
    match effectiveness {
        Some(e) if e < EFFECTIVENESS_RANGE.0 => flags.push(RepFlag::LowEffectiveness),
        Some(e) if e > EFFECTIVENESS_RANGE.1 => flags.push(RepFlag::HighEffectiveness),
        _ => {}
    }
    flags
}

pub fn reps_report(period: Period, reps: Vec<RepCounts>, week: &WorkingWeek) -> RepsReport {
    let working_days = period.working_days(week);
    let reps = reps
        .into_iter()
        .map(|r| {
            let per_day = dials_per_day(r.dials, working_days);
            let eff = effectiveness(r.connected_clear, r.dials);
            RepStats {
                rep_id: r.rep_id,
                name: r.name,
                dials: r.dials,
                dials_per_day: per_day,
                connected: r.connected,
                connect_rate: rate(r.connected, r.dials),
                talk_seconds: r.talk_seconds,
                effectiveness: eff,
                leads_advanced: r.leads_advanced,
                deals_won: r.deals_won,
                revenue: r.revenue,
                overdue_follow_ups: r.overdue_follow_ups,
                lost: r.lost,
                recovered: r.recovered,
                recovery_rate: recovery_rate(r.recovered, r.lost),
                flags: rep_flags(per_day, eff),
            }
        })
        .collect();
    RepsReport {
        period,
        working_days,
        reps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    #[test]
    fn only_a_cohort_converts() {
        // October's moves: 8 leads came in, 16 older ones reached connect.
        let counts = FunnelCounts {
            reached: [8, 16, 4, 0, 0, 0, 0],
            ..FunnelCounts::default()
        };
        let period = Period::new(day(2026, 10, 1), day(2026, 11, 1), Zone::UTC);
        let activity = funnel(FunnelView::Activity, period, counts.clone());
        assert!(activity
            .stages
            .iter()
            .all(|s| s.step_conversion.is_none() && s.overall_conversion.is_none()));
        assert_eq!(activity.stages[1].reached, 16);
        let cohort = funnel(FunnelView::Cohort, period, counts);
        assert_eq!(cohort.stages[2].step_conversion, Some(0.25));
    }

    #[test]
    fn the_previous_period_has_equal_length_and_ends_at_the_start() {
        let p = Period::new(day(2026, 11, 1), day(2026, 11, 15), Zone::UTC);
        assert_eq!(
            p.previous(),
            Period::new(day(2026, 10, 18), day(2026, 11, 1), Zone::UTC)
        );
    }

    #[test]
    fn whole_local_days_compare_with_as_many_local_days() {
        let ny = Zone::parse("time_zone", "America/New_York").unwrap();
        let date = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        // The week after the clocks went forward (8 March), against the week before.
        let week = Period::days(date(3, 9), date(3, 16), ny);
        assert_eq!(week.previous(), Period::days(date(3, 2), date(3, 9), ny));
        assert_eq!(
            week.previous().to - week.previous().from,
            Duration::hours(7 * 24 - 1)
        );
        // In Jakarta, 4 December is 17:00Z on the 3rd to 17:00Z on the 4th.
        let jakarta = Zone::parse("time_zone", "Asia/Jakarta").unwrap();
        let day4 = Period::days(date(12, 4), date(12, 5), jakarta);
        assert_eq!(
            day4.from,
            Utc.with_ymd_and_hms(2026, 12, 3, 17, 0, 0).unwrap()
        );
        assert_eq!(
            (day4.first_day(), day4.end_day()),
            (date(12, 4), date(12, 5))
        );
        assert_eq!(day4.working_days(&WorkingWeek::default()), 1);
    }

    #[test]
    fn working_days_count_the_days_the_period_touches() {
        let week = WorkingWeek::default();
        // November 2026: starts on a Sunday, 30 days, 21 weekdays.
        assert_eq!(
            Period::new(day(2026, 11, 1), day(2026, 12, 1), Zone::UTC).working_days(&week),
            21
        );
        // A single Saturday.
        assert_eq!(
            Period::new(day(2026, 11, 7), day(2026, 11, 8), Zone::UTC).working_days(&week),
            0
        );
        // Monday to Monday: five working days.
        assert_eq!(
            Period::new(day(2026, 11, 2), day(2026, 11, 9), Zone::UTC).working_days(&week),
            5
        );
    }

    #[test]
    fn the_specs_worked_example() {
        let mut reached = [0; 7];
        reached[0] = 600;
        reached[Stage::Interest.index() as usize] = 495;
        reached[Stage::Decide.index() as usize] = 74;
        let spend = 3 * 2_000_000 + 3 * 400_000;
        assert_eq!(spend, 7_200_000);
        assert_eq!(cost_per_call(spend, 9_900), Some(727));
        assert_eq!(
            cost_per_stage(spend, &reached, Stage::Interest),
            Some(14_545)
        );
        assert_eq!(cost_per_stage(spend, &reached, Stage::Decide), Some(97_297));
    }

    #[test]
    fn zero_denominators_are_no_data() {
        let stats = cost_stats(
            Period::new(day(2026, 1, 1), day(2026, 2, 1), Zone::UTC),
            CostInputs {
                spend: 0,
                ..CostInputs::default()
            },
        );
        assert_eq!(stats.cost_per_call, None);
        assert_eq!(stats.cost_per_lead, None);
        assert_eq!(stats.cost_per_deal, None);
        assert_eq!(stats.roi, None);
        let calls = call_stats(stats.period, CallCounts::default());
        assert_eq!(calls.connect_rate, None);
        assert_eq!(calls.mean_talk_seconds, None);
    }

    #[test]
    fn unanswered_time_assumes_forty_seconds_when_not_logged() {
        // Seed 000: 186 unanswered calls of 40 s = 124 minutes.
        let counts = CallCounts {
            dials: 300,
            connected: 114,
            unanswered_without_ring: 186,
            ..Default::default()
        };
        assert_eq!(unanswered_seconds(&counts), 124 * 60);
        let mixed = CallCounts {
            unanswered_ring_seconds: 25,
            unanswered_without_ring: 1,
            ..Default::default()
        };
        assert_eq!(unanswered_seconds(&mixed), 65);
    }

    #[test]
    fn flags_follow_the_norms() {
        assert_eq!(rep_flags(Some(79.9), Some(0.10)), vec![RepFlag::BelowNorm]);
        assert_eq!(
            rep_flags(Some(110.0), Some(0.04)),
            vec![RepFlag::LowEffectiveness]
        );
        assert_eq!(
            rep_flags(Some(110.0), Some(0.16)),
            vec![RepFlag::HighEffectiveness]
        );
        assert!(rep_flags(Some(100.0), Some(0.05)).is_empty());
        assert!(rep_flags(None, None).is_empty());
    }

    #[test]
    fn roi_is_relative_to_spend() {
        assert_eq!(roi(300, 100), Some(2.0));
        assert_eq!(roi(50, 100), Some(-0.5));
    }
}
