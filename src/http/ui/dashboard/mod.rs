//! The manager's dashboard: the funnel, costs, calls and reps, each beside the previous period.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, RawQuery, State};
use axum::response::Response;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::format::{
    change, count, duration, money, money_or_none, no_data, percent, points_change, trend,
};
use super::views::{self, ViewsBar};
use super::{render, url_escape, Layout, Manager, UiError, UiResult, UiUser};
use crate::domain::metrics::{
    self, CallStats, CostStats, Funnel, FunnelView, Period, Recovery, RepFlag, RepStats, RepsReport,
};
use crate::domain::money::Currency;
use crate::domain::stage::Stage;
use crate::domain::zone::Zone;
use crate::i18n::{stage_name, t, t_args, Arg, Translate};
use crate::service::figures::{self, Source};
use crate::service::settings::{self, Recount};
use crate::state::AppState;
use crate::storage::metrics::Filters;
use crate::storage::settings::Clock;
use crate::storage::views::ViewPage;
use crate::storage::{reference, teams, users, StoreError};

mod export;
pub mod tags;

pub use export::{export, ExportQuery};

#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    pub period: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub channel: Option<String>,
    pub owner_id: Option<String>,
    pub team_id: Option<String>,
    pub tag: Option<String>,
    pub tag_group: Option<String>,
    pub view: Option<String>,
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The named periods, each ending where it says: the query's value and the message
/// naming it.
pub const PRESETS: [(&str, &str); 6] = [
    ("7d", "dashboard-period-7d"),
    ("30d", "dashboard-period-30d"),
    ("this_month", "dashboard-period-this-month"),
    ("last_month", "dashboard-period-last-month"),
    ("this_quarter", "dashboard-period-this-quarter"),
    ("custom", "dashboard-period-custom"),
];

/// Resolve the period from a preset or a custom range, in whole local days of `zone`
/// (`today` is its date now); `to` is exclusive.
pub fn resolve_period(
    query: &DashboardQuery,
    today: NaiveDate,
    zone: Zone,
) -> Result<(String, Period), UiError> {
    let tomorrow = today + Duration::days(1);
    let first_of_month = today.with_day(1).unwrap_or(today);
    let preset = non_empty(&query.period).unwrap_or(if non_empty(&query.from).is_some() {
        "custom"
    } else {
        "30d"
    });
    let days = |first, end| Period::days(first, end, zone);
    let period = match preset {
        "7d" => days(tomorrow - Duration::days(7), tomorrow),
        "30d" => days(tomorrow - Duration::days(30), tomorrow),
        "this_month" => days(first_of_month, tomorrow),
        "last_month" => {
            let start = (first_of_month - Duration::days(1))
                .with_day(1)
                .unwrap_or(first_of_month);
            days(start, first_of_month)
        }
        "this_quarter" => {
            let quarter_month = (today.month0() / 3) * 3 + 1;
            let start = NaiveDate::from_ymd_opt(today.year(), quarter_month, 1).unwrap_or(today);
            days(start, tomorrow)
        }
        "custom" => {
            let parse = |field: &str, value: &Option<String>| {
                non_empty(value)
                    .map(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d"))
                    .transpose()
                    .map_err(|_| {
                        UiError::BadRequest(t_args(
                            "dashboard-error-date",
                            &[("field", Arg::from(field))],
                        ))
                    })
            };
            let from = parse("from", &query.from)?.unwrap_or(today - Duration::days(29));
            // The custom `to` is the last day shown, inclusive.
            let to = parse("to", &query.to)?.unwrap_or(today);
            if from > to {
                return Err(UiError::BadRequest(t("dashboard-error-range-backwards")));
            }
            if to - from > Duration::days(3 * 366) {
                return Err(UiError::BadRequest(t("dashboard-error-range-too-long")));
            }
            days(from, to + Duration::days(1))
        }
        other => {
            return Err(UiError::BadRequest(t_args(
                "dashboard-error-period",
                &[("period", Arg::from(other))],
            )))
        }
    };
    Ok((preset.to_owned(), period))
}

pub struct Figure {
    pub label: String,
    pub value: String,
    pub previous: String,
    pub change: String,
    pub trend: &'static str,
}

/// A figure beside the same figure for the previous period.
pub struct Compared {
    pub value: String,
    pub before: String,
    pub change: String,
    pub trend: &'static str,
}

/// A figure beside the previous period's: a rate's change in percentage points, any
/// other's as a percentage of what it was.
fn compared(
    current: Option<f64>,
    previous: Option<f64>,
    higher_is_better: bool,
    kind: Kind,
    currency: Currency,
) -> Compared {
    Compared {
        value: shown(current, kind, currency),
        before: shown(previous, kind, currency),
        change: match kind {
            Kind::Rate => points_change(current, previous),
            Kind::Money | Kind::Count | Kind::Seconds => change(current, previous),
        },
        trend: trend(current, previous, higher_is_better),
    }
}

fn figure(
    label: String,
    current: Option<f64>,
    previous: Option<f64>,
    higher_is_better: bool,
    kind: Kind,
    currency: Currency,
) -> Figure {
    let Compared {
        value,
        before,
        change,
        trend,
    } = compared(current, previous, higher_is_better, kind, currency);
    Figure {
        label,
        value,
        previous: before,
        change,
        trend,
    }
}

pub struct FunnelBar {
    /// The stage's code (`data-stage`, which scripts and tests look for).
    pub code: &'static str,
    /// The stage's name, as the reader reads it.
    pub stage: String,
    pub reached: String,
    /// How many reached it, for the plural of "leads".
    pub reached_count: i64,
    pub previous: String,
    pub change: String,
    pub trend: &'static str,
    pub step: String,
    pub overall: String,
    pub dropped: String,
    pub dropped_count: i64,
    pub lost: String,
    pub lost_reasons: String,
    pub velocity: String,
    pub width: i64,
    pub y: i64,
    /// The bar on a phone's chart: as wide as the screen, under its label.
    pub narrow_width: i64,
    pub narrow_y: i64,
    pub href: String,
}

pub struct RepRow {
    pub name: String,
    pub dials: Compared,
    pub per_day: String,
    pub connect_rate: Compared,
    pub effectiveness: Compared,
    pub talk: String,
    pub advanced: Compared,
    pub deals: Compared,
    pub revenue: Compared,
    pub overdue: String,
    /// Of the rep's leads lost in the period, how many came back and moved on.
    pub recovered: String,
    pub recovery_rate: Compared,
    pub flags: Vec<String>,
}

/// One stage's recovery row: what came of the leads lost there.
pub struct RecoveryRow {
    pub code: &'static str,
    pub stage: String,
    pub lost: String,
    pub returned: String,
    pub recovered: String,
    pub rate: Compared,
    pub won: String,
    pub revenue: String,
    /// The points recovered leads add to the step conversion (cohort only).
    pub uplift: Compared,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    pub layout: Layout,
    pub presets: Vec<Choice>,
    pub custom: bool,
    pub from: String,
    pub to: String,
    pub channels: Vec<Choice>,
    pub owners: Vec<Choice>,
    pub teams: Vec<Choice>,
    pub tags: Vec<Choice>,
    pub tag_groups: Vec<Choice>,
    pub cohort: bool,
    pub period_label: String,
    pub previous_label: String,
    pub empty: bool,
    pub bars: Vec<FunnelBar>,
    pub chart_height: i64,
    pub narrow_chart_height: i64,
    pub money_figures: Vec<Figure>,
    /// Why the cost figures are not applicable to these filters (a tag), if they are not.
    pub cost_not_applicable: Option<String>,
    pub call_figures: Vec<Figure>,
    pub stage_costs: Vec<(String, String, String)>,
    pub channel_costs: Vec<(String, String, String, String)>,
    pub reps: Vec<RepRow>,
    pub recovery: Vec<RecoveryRow>,
    /// Every stage's recovery together, beside the period before's.
    pub recovery_total: RecoveryRow,
    /// The CSV export of these filters, waiting for a table name.
    pub export: String,
    /// The tag breakdown's query string: these filters.
    pub tags_query: String,
    /// The company's zone, whose days the periods are.
    pub time_zone: String,
    /// The recount of the rollups under way after a change of zone: the figures are
    /// computed from the raw records meanwhile.
    pub recount: Option<Recount>,
    pub views: ViewsBar,
}

impl DashboardPage {
    /// What to do when the period holds nothing: a sentence with four links (HTML,
    /// output with `|safe`).
    pub fn empty_help(&self) -> String {
        crate::i18n::with_links(
            "dashboard-empty-text",
            &[
                ("new", "/leads/new", "dashboard-empty-new-link"),
                ("import", "/import", "dashboard-empty-import-link"),
                ("queue", "/queue", "dashboard-empty-queue-link"),
                ("spend", "/spend", "dashboard-empty-spend-link"),
            ],
        )
    }
}

/// The period's first and last local days.
fn day_label(period: &Period) -> String {
    let last = period.end_day() - Duration::days(1);
    t_args(
        "dashboard-period-range",
        &[
            ("from", Arg::Text(super::format::day(period.first_day()))),
            ("to", Arg::Text(super::format::day(last))),
        ],
    )
}

fn velocity(median: Option<f64>, p90: Option<f64>) -> String {
    // Stages passed in one step (one call's moves) take no time: "0s" read as a fault.
    let span = |seconds: f64| match seconds.round() as i64 {
        0 => t("dashboard-velocity-at-once"),
        s => duration(s),
    };
    match (median, p90) {
        (Some(m), Some(p)) => t_args(
            "dashboard-velocity",
            &[("median", Arg::Text(span(m))), ("p90", Arg::Text(span(p)))],
        ),
        _ => String::new(),
    }
}

const BAR_MAX: f64 = 420.0;
const BAR_ROW: i64 = 44;
/// A phone's chart is drawn 360 wide, so that its words keep their size on a 390 px screen.
const NARROW_BAR_MAX: f64 = 356.0;
const NARROW_BAR_ROW: i64 = 50;

pub async fn page(
    State(state): State<AppState>,
    Manager(user): Manager,
    Query(query): Query<DashboardQuery>,
    RawQuery(raw): RawQuery,
) -> UiResult<Response> {
    let mut page = build(&state, &user, &query).await?;
    page.views = views::bar(
        &state,
        &user,
        ViewPage::Dashboard,
        raw.as_deref().unwrap_or(""),
    )
    .await?;
    render(&page)
}

/// The dashboard's figures for a period and its filters, beside the period before, as
/// they are counted: the page shows them, the exports write them.
struct Gathered {
    clock: Clock,
    preset: String,
    period: Period,
    previous_period: Period,
    view: FunnelView,
    filters: Filters,
    funnel: Funnel,
    reached_before: [i64; 7],
    calls: CallStats,
    calls_before: CallStats,
    cost: CostStats,
    cost_before: CostStats,
    reps: RepsReport,
    reps_before: RepsReport,
    recovery: Recovery,
    recovery_before: Recovery,
    /// The filters' choices.
    choices: Choices,
}

/// What the dashboard's filters offer: read beside the figures, on their connection.
struct Choices {
    channels: Vec<String>,
    owners: Vec<users::UserRow>,
    tags: Vec<String>,
    groups: Vec<String>,
    teams: Vec<teams::TeamRow>,
    /// The owners `user` may see, when not everyone's.
    visible: Option<Vec<Uuid>>,
}

/// What a figure counts, and so how it reads and what cell it makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Money,
    Count,
    Rate,
    Seconds,
}

/// One figure of the cards, beside the previous period's.
struct Measure {
    /// The message naming it.
    label: &'static str,
    current: Option<f64>,
    previous: Option<f64>,
    higher_is_better: bool,
    kind: Kind,
}

fn measure(
    label: &'static str,
    current: Option<f64>,
    previous: Option<f64>,
    higher_is_better: bool,
    kind: Kind,
) -> Measure {
    Measure {
        label,
        current,
        previous,
        higher_is_better,
        kind,
    }
}

/// The money cards: spend, revenue, cost per call, lead and deal, ROI.
fn money_measures(cost: &CostStats, before: &CostStats) -> Vec<Measure> {
    let i = |v: Option<i64>| v.map(|n| n as f64);
    let n = |v: i64| Some(v as f64);
    vec![
        measure(
            "dashboard-measure-spend",
            n(cost.spend),
            n(before.spend),
            false,
            Kind::Money,
        ),
        measure(
            "dashboard-measure-revenue",
            n(cost.revenue),
            n(before.revenue),
            true,
            Kind::Money,
        ),
        measure(
            "dashboard-measure-cost-per-call",
            i(cost.cost_per_call),
            i(before.cost_per_call),
            false,
            Kind::Money,
        ),
        measure(
            "dashboard-measure-cost-per-lead",
            i(cost.cost_per_lead),
            i(before.cost_per_lead),
            false,
            Kind::Money,
        ),
        measure(
            "dashboard-measure-cost-per-deal",
            i(cost.cost_per_deal),
            i(before.cost_per_deal),
            false,
            Kind::Money,
        ),
        measure(
            "dashboard-measure-roi",
            cost.roi,
            before.roi,
            true,
            Kind::Rate,
        ),
    ]
}

/// The call cards: dials, connections, intent, talk, time lost, do-not-call calls; then
/// the touches other than calls, in all and by kind.
fn call_measures(calls: &CallStats, before: &CallStats) -> Vec<Measure> {
    let n = |v: i64| Some(v as f64);
    vec![
        measure(
            "dashboard-measure-dials",
            n(calls.dials),
            n(before.dials),
            true,
            Kind::Count,
        ),
        measure(
            "dashboard-measure-connected",
            n(calls.connected),
            n(before.connected),
            true,
            Kind::Count,
        ),
        measure(
            "dashboard-measure-connect-rate",
            calls.connect_rate,
            before.connect_rate,
            true,
            Kind::Rate,
        ),
        measure(
            "dashboard-measure-clear-intent",
            calls.intent.clear_rate,
            before.intent.clear_rate,
            true,
            Kind::Rate,
        ),
        measure(
            "dashboard-measure-unclear-intent",
            calls.intent.unclear_rate,
            before.intent.unclear_rate,
            true,
            Kind::Rate,
        ),
        measure(
            "dashboard-measure-no-intent",
            calls.intent.none_rate,
            before.intent.none_rate,
            false,
            Kind::Rate,
        ),
        measure(
            "dashboard-measure-mean-talk",
            calls.mean_talk_seconds,
            before.mean_talk_seconds,
            true,
            Kind::Seconds,
        ),
        measure(
            "dashboard-measure-unanswered-time",
            n(calls.unanswered_seconds),
            n(before.unanswered_seconds),
            false,
            Kind::Seconds,
        ),
        measure(
            "dashboard-measure-do-not-call-calls",
            n(calls.do_not_call_calls),
            n(before.do_not_call_calls),
            false,
            Kind::Count,
        ),
        // Touches beside the calls, which count in none of the figures above.
        measure(
            "dashboard-measure-touches",
            n(calls.touches.total),
            n(before.touches.total),
            true,
            Kind::Count,
        ),
        measure(
            "dashboard-measure-touches-chat",
            n(calls.touches.chat),
            n(before.touches.chat),
            true,
            Kind::Count,
        ),
        measure(
            "dashboard-measure-touches-sms",
            n(calls.touches.sms),
            n(before.touches.sms),
            true,
            Kind::Count,
        ),
        measure(
            "dashboard-measure-touches-email",
            n(calls.touches.email),
            n(before.touches.email),
            true,
            Kind::Count,
        ),
        measure(
            "dashboard-measure-touches-meeting",
            n(calls.touches.meeting),
            n(before.touches.meeting),
            true,
            Kind::Count,
        ),
    ]
}

/// A figure as the page reads it.
fn shown(value: Option<f64>, kind: Kind, currency: Currency) -> String {
    match kind {
        Kind::Money => money_or_none(value.map(|m| m.round() as i64), currency),
        Kind::Count => value.map_or_else(no_data, |n| count(n as i64)),
        Kind::Rate => percent(value),
        Kind::Seconds => value.map_or_else(no_data, |n| duration(n.round() as i64)),
    }
}

fn figure_of(m: Measure, currency: Currency) -> Figure {
    figure(
        t(m.label),
        m.current,
        m.previous,
        m.higher_is_better,
        m.kind,
        currency,
    )
}

/// What a rep's flag asks of their manager.
fn flag_label(flag: RepFlag) -> String {
    t(match flag {
        RepFlag::BelowNorm => "dashboard-flag-below-norm",
        RepFlag::LowEffectiveness => "dashboard-flag-low-effectiveness",
        RepFlag::HighEffectiveness => "dashboard-flag-high-effectiveness",
    })
}

/// The query's filters, checked, within what `user` may see: a manager limited to their
/// teams sees their teams' figures, and no one else's.
async fn filters_of(state: &AppState, user: &UiUser, query: &DashboardQuery) -> UiResult<Filters> {
    let owner = non_empty(&query.owner_id)
        .map(|o| {
            o.parse::<Uuid>()
                .map_err(|_| UiError::BadRequest(t("dashboard-error-owner")))
        })
        .transpose()?;
    let team = super::team_filter(&query.team_id)?;
    let owners = teams::owners_of(&state.db, user.scope(), owner, team)
        .await
        .map_err(|e| match e {
            StoreError::Forbidden(_) => UiError::Forbidden(t("dashboard-error-not-yours")),
            other => other.into(),
        })?;
    Ok(Filters {
        channel: non_empty(&query.channel).map(str::to_lowercase),
        owners,
        tag: non_empty(&query.tag).map(str::to_owned),
        tag_group: non_empty(&query.tag_group).map(str::to_owned),
    })
}

/// The figures for these filters, this period and the one before.
async fn gather(state: &AppState, user: &UiUser, query: &DashboardQuery) -> UiResult<Gathered> {
    let clock = settings::clock(&state.db).await?;
    let today = clock.zone.date_of(Utc::now());
    let (preset, period) = resolve_period(query, today, clock.zone)?;
    let filters = filters_of(state, user, query).await?;
    let view = if non_empty(&query.view) == Some("activity") {
        FunnelView::Activity
    } else {
        FunnelView::Cohort
    };
    let previous_period = period.previous();
    let scope = user.scope();
    // The period before shows only how many reached each stage: its lost reasons and
    // velocity percentiles are not read. The period's figures, then the period before's
    // and the filters' choices (an export reads them too: six small lookups): on one
    // connection from the rollups, on two at once from the raw tables (`read_two`).
    let source = Source::of(state, &clock, &filters);
    let (
        (funnel, calls, cost, reps, farmed),
        (reached_before, calls_before, cost_before, reps_before, farmed_before, choices),
    ) = figures::read_two(
        state,
        source,
        &filters,
        move |f| {
            Box::pin(async move {
                // A tuple's parts are read in order, each statement after the one before.
                Ok((
                    f.funnel(period, view).await?,
                    f.calls(period).await?,
                    f.cost(period).await?,
                    f.reps_in(period).await?,
                    f.recovery_counts(period, view).await?,
                ))
            })
        },
        move |f| {
            Box::pin(async move {
                Ok((
                    f.reached(previous_period, view).await?,
                    f.calls(previous_period).await?,
                    f.cost(previous_period).await?,
                    f.reps_in(previous_period).await?,
                    f.recovery_counts(previous_period, view).await?,
                    Choices {
                        channels: reference::channels(f.db()).await?,
                        owners: users::list(f.db()).await?,
                        tags: reference::tag_names(f.db()).await?,
                        groups: reference::tag_groups(f.db()).await?,
                        teams: teams::visible_to(f.db(), scope).await?,
                        visible: teams::visible_owners(f.db(), scope).await?,
                    },
                ))
            })
        },
    )
    .await?;
    // Recovery's uplift divides by the funnel's `reached`, read once above.
    let mut reached = [0i64; 7];
    for (slot, stage) in reached.iter_mut().zip(&funnel.stages) {
        *slot = stage.reached;
    }
    let recovery = metrics::recovery(view, period, farmed, reached);
    let recovery_before = metrics::recovery(view, previous_period, farmed_before, reached_before);
    Ok(Gathered {
        clock,
        preset,
        period,
        previous_period,
        view,
        filters,
        funnel,
        reached_before,
        calls,
        calls_before,
        cost,
        cost_before,
        reps,
        reps_before,
        recovery,
        recovery_before,
        choices,
    })
}

/// Every figure and table of the dashboard for these filters.
async fn build(state: &AppState, user: &UiUser, query: &DashboardQuery) -> UiResult<DashboardPage> {
    let Gathered {
        clock,
        preset,
        period,
        previous_period,
        view,
        filters,
        funnel,
        reached_before,
        calls,
        calls_before,
        cost,
        cost_before,
        reps,
        reps_before,
        recovery,
        recovery_before,
        choices,
    } = gather(state, user, query).await?;
    let currency = state.config.currency;

    let top = funnel.stages.first().map_or(0, |s| s.reached).max(1) as f64;
    let drill = |stage: Stage| {
        let mut href = format!("/leads?reached={}", stage.as_str());
        if view == FunnelView::Cohort {
            href.push_str(&format!(
                "&created_from={}&created_to={}",
                period.first_day(),
                period.end_day()
            ));
        }
        if let Some(c) = &filters.channel {
            href.push_str(&format!("&source={}", url_escape(c)));
        }
        if let Some(o) = non_empty(&query.owner_id) {
            href.push_str(&format!("&owner_id={}", url_escape(o)));
        }
        if let Some(team) = non_empty(&query.team_id) {
            href.push_str(&format!("&team_id={}", url_escape(team)));
        }
        if let Some(t) = &filters.tag {
            href.push_str(&format!("&tag={}", url_escape(t)));
        }
        href
    };
    let bars: Vec<FunnelBar> = funnel
        .stages
        .iter()
        .zip(reached_before)
        .enumerate()
        .map(|(k, (s, before))| {
            let dropped = if k == 0 {
                0
            } else {
                funnel.stages[k - 1].reached - s.reached
            };
            FunnelBar {
                code: s.stage.as_str(),
                stage: stage_name(s.stage),
                reached: count(s.reached),
                reached_count: s.reached,
                previous: count(before),
                change: change(Some(s.reached as f64), Some(before as f64)),
                trend: trend(Some(s.reached as f64), Some(before as f64), true),
                // The chart's note says the step's conversion: a cohort's only.
                step: if k == 0 || view != FunnelView::Cohort {
                    String::new()
                } else {
                    percent(s.step_conversion)
                },
                overall: percent(s.overall_conversion),
                dropped: if k == 0 {
                    String::new()
                } else {
                    count(dropped.max(0))
                },
                dropped_count: dropped.max(0),
                lost: count(s.lost),
                lost_reasons: s
                    .lost_reasons
                    .iter()
                    .map(|r| {
                        t_args(
                            "dashboard-lost-reason",
                            &[
                                ("reason", Arg::from(&r.reason)),
                                ("leads", Arg::Text(r.leads.to_string())),
                            ],
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                velocity: velocity(s.velocity_median_seconds, s.velocity_p90_seconds),
                width: ((s.reached as f64 / top) * BAR_MAX)
                    .round()
                    .max(if s.reached > 0 { 2.0 } else { 0.0 }) as i64,
                y: k as i64 * BAR_ROW,
                narrow_width: ((s.reached as f64 / top) * NARROW_BAR_MAX)
                    .round()
                    .max(if s.reached > 0 { 2.0 } else { 0.0 })
                    as i64,
                narrow_y: k as i64 * NARROW_BAR_ROW,
                href: drill(s.stage),
            }
        })
        .collect();

    // Where the filters chose leads the spend is not traced to, the figures that divide it
    // say so instead of showing a wrong number.
    let cost_not_applicable = cost.not_applicable.map(|why| {
        t(&format!(
            "dashboard-cost-not-applicable-{}",
            why.as_str().replace('_', "-")
        ))
    });
    let money_figures = money_measures(&cost, &cost_before)
        .into_iter()
        .map(|m| {
            let divides = !matches!(
                m.label,
                "dashboard-measure-spend" | "dashboard-measure-revenue"
            );
            let mut figure = figure_of(m, currency);
            if divides && cost_not_applicable.is_some() {
                figure.value = t("dashboard-not-applicable");
                figure.previous = t("dashboard-not-applicable");
                figure.change = String::new();
                figure.trend = "flat";
            }
            figure
        })
        .collect();
    let call_figures = call_measures(&calls, &calls_before)
        .into_iter()
        .map(|m| figure_of(m, currency))
        .collect();
    let stage_costs = cost
        .cost_per_stage
        .iter()
        .zip(&cost_before.cost_per_stage)
        .skip(1)
        .map(|(c, b)| {
            (
                stage_name(c.stage),
                money_or_none(c.cost, currency),
                money_or_none(b.cost, currency),
            )
        })
        .collect();
    let channel_costs = cost
        .cost_per_lead_by_channel
        .iter()
        .map(|c| {
            (
                c.channel.clone(),
                money(c.spend, currency),
                count(c.leads),
                money_or_none(c.cost_per_lead, currency),
            )
        })
        .collect();
    let before: HashMap<Uuid, RepStats> = reps_before
        .reps
        .into_iter()
        .map(|r| (r.rep_id, r))
        .collect();
    let mut rep_stats = reps.reps;
    rep_stats.sort_by(|a, b| b.dials.cmp(&a.dials).then_with(|| a.name.cmp(&b.name)));
    let reps = rep_stats
        .into_iter()
        .map(|r| {
            let b = before.get(&r.rep_id);
            let n = |v: i64| Some(v as f64);
            let prev = |f: fn(&RepStats) -> Option<f64>| b.and_then(f);
            RepRow {
                dials: compared(
                    n(r.dials),
                    prev(|b| Some(b.dials as f64)),
                    true,
                    Kind::Count,
                    currency,
                ),
                per_day: r.dials_per_day.map_or_else(no_data, |d| format!("{d:.0}")),
                connect_rate: compared(
                    r.connect_rate,
                    prev(|b| b.connect_rate),
                    true,
                    Kind::Rate,
                    currency,
                ),
                effectiveness: compared(
                    r.effectiveness,
                    prev(|b| b.effectiveness),
                    true,
                    Kind::Rate,
                    currency,
                ),
                talk: duration(r.talk_seconds),
                advanced: compared(
                    n(r.leads_advanced),
                    prev(|b| Some(b.leads_advanced as f64)),
                    true,
                    Kind::Count,
                    currency,
                ),
                deals: compared(
                    n(r.deals_won),
                    prev(|b| Some(b.deals_won as f64)),
                    true,
                    Kind::Count,
                    currency,
                ),
                revenue: compared(
                    n(r.revenue),
                    prev(|b| Some(b.revenue as f64)),
                    true,
                    Kind::Money,
                    currency,
                ),
                overdue: count(r.overdue_follow_ups),
                recovered: t_args(
                    "dashboard-recovered-of",
                    &[
                        ("recovered", Arg::from(count(r.recovered))),
                        ("lost", Arg::from(count(r.lost))),
                    ],
                ),
                recovery_rate: compared(
                    r.recovery_rate,
                    prev(|b| b.recovery_rate),
                    true,
                    Kind::Rate,
                    currency,
                ),
                flags: r.flags.iter().map(|f| flag_label(*f)).collect(),
                name: r.name,
            }
        })
        .collect();

    let recovery_rows = recovery_rows(&recovery, &recovery_before, currency);
    let recovery_total = recovery_total(&recovery, &recovery_before, currency);

    let Choices {
        channels: channel_names,
        owners,
        tags,
        groups,
        teams: team_choices,
        visible,
    } = choices;
    let owners = owners
        .into_iter()
        .filter(|u| visible.as_ref().is_none_or(|v| v.contains(&u.id)));
    let selected_owner = non_empty(&query.owner_id).unwrap_or_default();
    let selected_team = non_empty(&query.team_id).unwrap_or_default();
    let selected_group = filters.tag_group.clone().unwrap_or_default();
    let selected_channel = filters.channel.clone().unwrap_or_default();
    let selected_tag = filters.tag.clone().unwrap_or_default();
    let page = DashboardPage {
        layout: Layout::new(user, "dashboard"),
        presets: PRESETS
            .iter()
            .map(|(v, l)| Choice {
                value: (*v).into(),
                label: t(l),
                selected: *v == preset,
            })
            .collect(),
        custom: preset == "custom",
        from: period.first_day().to_string(),
        to: (period.end_day() - Duration::days(1)).to_string(),
        channels: channel_names
            .into_iter()
            .map(|c| Choice {
                selected: c == selected_channel,
                label: c.clone(),
                value: c,
            })
            .collect(),
        owners: owners
            .map(|u| Choice {
                selected: u.id.to_string() == selected_owner,
                value: u.id.to_string(),
                label: u.name,
            })
            .collect(),
        teams: team_choices
            .into_iter()
            .map(|team| Choice {
                selected: team.id.to_string() == selected_team,
                value: team.id.to_string(),
                label: team.name,
            })
            .collect(),
        tags: tags
            .into_iter()
            .map(|name| Choice {
                selected: name == selected_tag,
                label: name.clone(),
                value: name,
            })
            .collect(),
        tag_groups: groups
            .into_iter()
            .map(|name| Choice {
                selected: name == selected_group,
                label: name.clone(),
                value: name,
            })
            .collect(),
        cohort: view == FunnelView::Cohort,
        period_label: day_label(&period),
        previous_label: day_label(&previous_period),
        empty: funnel.stages.first().is_none_or(|s| s.reached == 0)
            && calls.dials == 0
            && cost.spend == 0,
        chart_height: BAR_ROW * 7,
        narrow_chart_height: NARROW_BAR_ROW * 7,
        bars,
        money_figures,
        cost_not_applicable,
        call_figures,
        stage_costs,
        channel_costs,
        reps,
        recovery: recovery_rows,
        recovery_total,
        export: export_link(query),
        tags_query: format!("?{}", filter_pairs(query)),
        time_zone: clock.zone.to_string(),
        recount: clock.rebuild.clone().map(Recount::from),
        // The page's handler adds the saved views, which the exports have no use for.
        views: ViewsBar::default(),
    };
    Ok(page)
}

/// The recovery table's rows: per stage a lead can be lost at, beside the period before.
fn recovery_rows(now: &Recovery, before: &Recovery, currency: Currency) -> Vec<RecoveryRow> {
    now.stages
        .iter()
        .zip(&before.stages)
        .map(|(s, b)| RecoveryRow {
            code: s.stage.as_str(),
            stage: stage_name(s.stage),
            lost: count(s.ever_lost),
            returned: count(s.returned),
            recovered: count(s.recovered),
            rate: compared(s.recovery_rate, b.recovery_rate, true, Kind::Rate, currency),
            won: count(s.won),
            revenue: money(s.revenue, currency),
            uplift: compared(s.uplift, b.uplift, true, Kind::Rate, currency),
        })
        .collect()
}

/// Every stage's recovery together, as a row of the same table.
fn recovery_total(now: &Recovery, before: &Recovery, currency: Currency) -> RecoveryRow {
    let (n, b) = (&now.total, &before.total);
    RecoveryRow {
        code: "total",
        stage: t("dashboard-recovery-total"),
        lost: count(n.ever_lost),
        returned: count(n.returned),
        recovered: count(n.recovered),
        rate: compared(n.recovery_rate, b.recovery_rate, true, Kind::Rate, currency),
        won: count(n.won),
        revenue: money(n.revenue, currency),
        uplift: compared(None, None, true, Kind::Rate, currency),
    }
}

fn export_link(query: &DashboardQuery) -> String {
    format!("/dashboard/export?{}table=", filter_pairs(query))
}

/// The query's filters as `name=value&` pairs, for links that keep them.
fn filter_pairs(query: &DashboardQuery) -> String {
    let pairs = [
        ("period", &query.period),
        ("from", &query.from),
        ("to", &query.to),
        ("channel", &query.channel),
        ("owner_id", &query.owner_id),
        ("team_id", &query.team_id),
        ("tag", &query.tag),
        ("tag_group", &query.tag_group),
        ("view", &query.view),
    ];
    let mut link = String::new();
    for (k, v) in pairs {
        if let Some(v) = non_empty(v) {
            link.push_str(&format!("{k}={}&", url_escape(v)));
        }
    }
    link
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(period: &str) -> DashboardQuery {
        DashboardQuery {
            period: Some(period.into()),
            ..Default::default()
        }
    }

    fn day(month: u32, day: u32) -> chrono::DateTime<Utc> {
        Zone::UTC.start_of(NaiveDate::from_ymd_opt(2026, month, day).unwrap())
    }

    #[test]
    fn presets_resolve_to_whole_days() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for (preset, from, to) in [
            ("this_month", day(11, 1), day(11, 24)),
            ("last_month", day(10, 1), day(11, 1)),
            ("this_quarter", day(10, 1), day(11, 24)),
        ] {
            let (_, period) = resolve_period(&query(preset), today, Zone::UTC).unwrap();
            assert_eq!((period.from, period.to), (from, to), "{preset}");
        }
    }

    #[test]
    fn a_custom_range_includes_its_last_day() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let q = DashboardQuery {
            from: Some("2026-10-01".into()),
            to: Some("2026-10-31".into()),
            ..Default::default()
        };
        let (preset, p) = resolve_period(&q, today, Zone::UTC).unwrap();
        assert_eq!(preset, "custom");
        assert_eq!(p.to, day(11, 1));
        let backwards = DashboardQuery {
            from: Some("2026-10-31".into()),
            to: Some("2026-10-01".into()),
            ..Default::default()
        };
        assert!(resolve_period(&backwards, today, Zone::UTC).is_err());
    }
}
