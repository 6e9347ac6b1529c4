//! The forecast: what the open pipeline will bring, month by month.
//!
//! Each open lead is worth its chance of reaching `decide` from the stage it is at, times its
//! deal value (or the team's average won deal where it has none). The chance is learned from
//! the team's own funnel over a window: of the leads closed in the window (won or lost) that
//! had reached stage k, the share that were won. An admin may override a stage's chance. A lead
//! is expected to close when it reached its stage plus the measured median time of each step
//! left to `decide` (stage velocity over the window), and never before today; a stage whose
//! remaining steps have no measured time leaves its leads undated.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::metrics::Period;
use super::stage::Stage;
use super::zone::Zone;

/// The stages an open lead can be at: `new` to `evaluate` (reaching `decide` wins it).
pub const OPEN_STAGES: [Stage; 5] = [
    Stage::New,
    Stage::Connect,
    Stage::Interest,
    Stage::Need,
    Stage::Evaluate,
];

/// What was learned of one stage over the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Closed {
    /// Leads closed in the window that had reached the stage and were won.
    pub won: i64,
    /// Leads closed in the window (won or lost) that had reached the stage.
    pub closed: i64,
}

/// A stage's chance of reaching `decide`, as learned and as used.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StageChance {
    pub stage: Stage,
    pub won: i64,
    pub closed: i64,
    /// won / closed; null when no lead that reached the stage closed in the window.
    pub learned: Option<f64>,
    /// An admin's figure for the stage, which replaces the learned one.
    pub override_probability: Option<f64>,
    /// The chance the forecast uses: the override, else the learned one, else 0.
    pub used: f64,
    /// Median seconds from reaching this stage to reaching `decide`, step by step; null
    /// when a step has no measured time in the window.
    pub seconds_to_decide: Option<f64>,
}

/// The chances per open stage, each from its closed counts and override.
pub fn chances(
    closed: &[Closed; 5],
    overrides: &[Option<f64>; 5],
    step_medians: &[Option<f64>; 7],
) -> Vec<StageChance> {
    OPEN_STAGES
        .iter()
        .enumerate()
        .map(|(k, &stage)| {
            let learned =
                (closed[k].closed > 0).then(|| closed[k].won as f64 / closed[k].closed as f64);
            StageChance {
                stage,
                won: closed[k].won,
                closed: closed[k].closed,
                learned,
                override_probability: overrides[k],
                used: overrides[k].or(learned).unwrap_or(0.0),
                seconds_to_decide: seconds_to_decide(step_medians, k),
            }
        })
        .collect()
}

/// Median seconds from reaching stage `k` to reaching `decide`: the medians of each step
/// k→k+1 … evaluate→decide (`step_medians[j]` is the step into stage j).
pub fn seconds_to_decide(step_medians: &[Option<f64>; 7], k: usize) -> Option<f64> {
    (k + 1..=Stage::Decide.index() as usize)
        .map(|j| step_medians[j])
        .sum()
}

/// The month `offset` months after the one `day` is in, as its first day.
pub fn month_after(day: NaiveDate, offset: u32) -> NaiveDate {
    let first = day.with_day(1).unwrap_or(day);
    first
        .checked_add_months(chrono::Months::new(offset))
        .unwrap_or(first)
}

/// Open leads summed as the forecast groups them: by owner, channel and the month they are
/// expected to close in (months after this one; `None`: undated).
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineRow {
    pub owner_id: Option<Uuid>,
    pub source: Option<String>,
    pub month: Option<i32>,
    /// Σ chance × value, minor units (not yet rounded).
    pub expected: f64,
    pub leads: i64,
}

/// Won deals in a period, grouped as the forecast groups them.
#[derive(Clone, Debug, PartialEq)]
pub struct WonRow {
    pub owner_id: Option<Uuid>,
    pub source: Option<String>,
    pub revenue: i64,
    pub won: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct MonthForecast {
    /// The month's first day, in the company's time zone.
    pub month: NaiveDate,
    /// Expected revenue, minor units.
    pub expected: i64,
    /// Open leads expected to close in it.
    pub leads: i64,
}

/// One rep's or one channel's share.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct GroupForecast {
    /// The owner (by rep) or the channel (by channel); null: none.
    pub key: Option<String>,
    /// Expected revenue from their open leads, all months, minor units.
    pub expected: i64,
    /// Expected in each month of `months`, in the same order.
    pub months: Vec<i64>,
    /// Beyond the months shown, and undated.
    pub later: i64,
    /// What they actually won in the last period.
    pub last_period_won: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Forecast {
    /// The window the chances and the step times were learned over.
    pub window: Period,
    pub chances: Vec<StageChance>,
    /// The average won deal over the window, used where an open lead has no deal value.
    pub average_won_deal: Option<i64>,
    pub months: Vec<MonthForecast>,
    /// Expected beyond the months shown.
    pub later: i64,
    /// Expected from leads whose remaining steps have no measured time.
    pub undated: i64,
    /// All expected revenue, minor units.
    pub total: i64,
    /// The open leads counted.
    pub open_leads: i64,
    /// The period before this month, of the same length as one month: what was won in it.
    pub last_period: Period,
    pub last_period_won: i64,
    pub last_period_deals: i64,
    pub by_rep: Vec<GroupForecast>,
    pub by_channel: Vec<GroupForecast>,
}

/// The forecast's sums from its rows: months 0..`horizon` after this one, the rest later.
#[allow(clippy::too_many_arguments)]
pub fn forecast(
    window: Period,
    chances: Vec<StageChance>,
    average_won_deal: Option<i64>,
    this_month: NaiveDate,
    horizon: u32,
    rows: &[PipelineRow],
    last_period: Period,
    won: &[WonRow],
) -> Forecast {
    let months: Vec<NaiveDate> = (0..horizon).map(|i| month_after(this_month, i)).collect();
    let slot = |month: Option<i32>| -> Option<usize> {
        month
            .and_then(|m| usize::try_from(m.max(0)).ok())
            .filter(|&m| m < months.len())
    };
    let mut by_month = vec![(0.0_f64, 0_i64); months.len()];
    let (mut later, mut undated, mut total) = (0.0_f64, 0.0_f64, 0.0_f64);
    for row in rows {
        total += row.expected;
        match (row.month, slot(row.month)) {
            (None, _) => undated += row.expected,
            (_, Some(i)) => {
                by_month[i].0 += row.expected;
                by_month[i].1 += row.leads;
            }
            (Some(_), None) => later += row.expected,
        }
    }
    let group = |key_of: &dyn Fn(&PipelineRow) -> Option<String>,
                 won_key: &dyn Fn(&WonRow) -> Option<String>|
     -> Vec<GroupForecast> {
        let mut groups: std::collections::BTreeMap<Option<String>, (f64, Vec<f64>, f64, i64)> =
            std::collections::BTreeMap::new();
        for row in rows {
            let entry = groups
                .entry(key_of(row))
                .or_insert_with(|| (0.0, vec![0.0; months.len()], 0.0, 0));
            entry.0 += row.expected;
            match slot(row.month) {
                Some(i) if row.month.is_some() => entry.1[i] += row.expected,
                _ => entry.2 += row.expected,
            }
        }
        for w in won {
            groups
                .entry(won_key(w))
                .or_insert_with(|| (0.0, vec![0.0; months.len()], 0.0, 0))
                .3 += w.revenue;
        }
        let mut out: Vec<GroupForecast> = groups
            .into_iter()
            .map(|(key, (expected, months, later, won))| GroupForecast {
                key,
                expected: expected.round() as i64,
                months: months.into_iter().map(|m| m.round() as i64).collect(),
                later: later.round() as i64,
                last_period_won: won,
            })
            .collect();
        out.sort_by(|a, b| b.expected.cmp(&a.expected).then(a.key.cmp(&b.key)));
        out
    };
    let by_rep = group(&|r| r.owner_id.map(|o| o.to_string()), &|w| {
        w.owner_id.map(|o| o.to_string())
    });
    let by_channel = group(&|r| r.source.clone(), &|w| w.source.clone());
    Forecast {
        window,
        chances,
        average_won_deal,
        months: months
            .iter()
            .zip(by_month)
            .map(|(&month, (expected, leads))| MonthForecast {
                month,
                expected: expected.round() as i64,
                leads,
            })
            .collect(),
        later: later.round() as i64,
        undated: undated.round() as i64,
        total: total.round() as i64,
        open_leads: rows.iter().map(|r| r.leads).sum(),
        last_period,
        last_period_won: won.iter().map(|w| w.revenue).sum(),
        last_period_deals: won.iter().map(|w| w.won).sum(),
        by_rep,
        by_channel,
    }
}

/// The window ending now, `days` long, in whole days of `zone`.
pub fn window(now: DateTime<Utc>, days: i64, zone: Zone) -> Period {
    let end = zone.date_of(now) + Duration::days(1);
    Period::days(end - Duration::days(days), end, zone)
}

/// Last month, whole, in `zone`: what the forecast's months are set beside.
pub fn last_month(now: DateTime<Utc>, zone: Zone) -> Period {
    let this_month = month_after(zone.date_of(now), 0);
    let first = this_month
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(this_month);
    Period::days(first, this_month, zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_chance_is_the_share_won_of_those_closed_after_reaching_it() {
        let closed = [
            Closed { won: 1, closed: 4 },
            Closed { won: 1, closed: 3 },
            Closed { won: 1, closed: 2 },
            Closed { won: 1, closed: 1 },
            Closed { won: 0, closed: 0 },
        ];
        let mut medians = [None; 7];
        for (j, m) in medians.iter_mut().enumerate().skip(1).take(5) {
            *m = Some(j as f64 * 10.0);
        }
        let got = chances(&closed, &[None, Some(0.5), None, None, None], &medians);
        assert_eq!(got[0].learned, Some(0.25));
        assert_eq!(got[1].used, 0.5, "the override wins");
        assert_eq!(got[4].learned, None);
        assert_eq!(got[4].used, 0.0);
        // From evaluate (4): the step into decide (5) alone; from new (0): steps 1 to 5.
        assert_eq!(got[4].seconds_to_decide, Some(50.0));
        assert_eq!(got[0].seconds_to_decide, Some(150.0));
        medians[3] = None;
        assert_eq!(seconds_to_decide(&medians, 1), None);
        assert_eq!(seconds_to_decide(&medians, 3), Some(90.0));
    }

    #[test]
    fn rows_fall_into_their_months_later_or_undated() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let period = Period::days(day, day + Duration::days(1), Zone::UTC);
        let row = |month, expected| PipelineRow {
            owner_id: None,
            source: Some("Facebook".into()),
            month,
            expected,
            leads: 1,
        };
        let rows = [
            row(Some(0), 100.4),
            row(Some(2), 50.0),
            row(Some(5), 7.0),
            row(None, 3.0),
        ];
        let f = forecast(period, vec![], None, day, 3, &rows, period, &[]);
        assert_eq!(
            f.months.iter().map(|m| m.expected).collect::<Vec<_>>(),
            [100, 0, 50]
        );
        assert_eq!(
            f.months[2].month,
            NaiveDate::from_ymd_opt(2027, 2, 1).unwrap()
        );
        assert_eq!((f.later, f.undated, f.total), (7, 3, 160));
        assert_eq!(f.by_channel[0].months, [100, 0, 50]);
        assert_eq!(f.by_channel[0].later, 10);
    }
}
