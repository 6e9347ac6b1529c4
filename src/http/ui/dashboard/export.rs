//! The dashboard's tables as files, for the same filters as the page: every figure as a
//! number (money in major units, rates as fractions, times in seconds), never as the page
//! reads it, so that a spreadsheet can add them up. The header row and the words in the
//! cells (the measures' names, the reps' flags) are in the reader's language, read in the
//! request before the file is written; stage codes, dates and numbers stay as they are.

use super::*;
use crate::http::export::{self, Cell, FileFormat};

/// Which dashboard table to export, and as what.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    pub table: String,
    pub format: Option<String>,
}

/// `current` against `previous`, relative: 0.125 for +12.5%; empty when there is nothing
/// to compare with.
fn change_cell(current: Option<f64>, previous: Option<f64>) -> Cell {
    match (current, previous) {
        (Some(c), Some(p)) if p != 0.0 => Cell::Rate((c - p) / p.abs()),
        _ => Cell::Empty,
    }
}

fn value_cell(value: Option<f64>, kind: Kind, currency: Currency) -> Cell {
    let whole = value.map(|v| v.round() as i64);
    match kind {
        Kind::Money => Cell::opt_money(whole, currency),
        Kind::Count | Kind::Seconds => Cell::opt_int(whole),
        Kind::Rate => Cell::opt_rate(value),
    }
}

/// A figure, the one before and the change, as three cells.
fn compared_cells(
    current: Option<f64>,
    previous: Option<f64>,
    cell: impl Fn(Option<f64>) -> Cell,
) -> [Cell; 3] {
    [
        cell(current),
        cell(previous),
        change_cell(current, previous),
    ]
}

/// A column of an exported table, titled for the manager who reads the file: a message,
/// or a measure's "before" or "change" column (each titled by a message naming the measure).
#[derive(Clone, Copy, Debug)]
enum Column {
    Of(&'static str),
    Before(&'static str),
    Change(&'static str),
}

use Column::{Before, Change, Of};

impl Column {
    /// The column's title in the request's language.
    fn title(self) -> String {
        let of = |id: &str, measure: &str| t_args(id, &[("column", Arg::Text(t(measure)))]);
        match self {
            Of(id) => t(id),
            Before(measure) => of("dashboard-column-before", measure),
            Change(measure) => of("dashboard-column-change-of", measure),
        }
    }
}

type Table = (&'static [Column], Vec<Vec<Cell>>);

const FUNNEL: &[Column] = &[
    Of("dashboard-column-stage"),
    Of("dashboard-column-reached"),
    Of("dashboard-column-previous"),
    Of("dashboard-column-change"),
    Of("dashboard-column-step-conversion"),
    Of("dashboard-column-overall-conversion"),
    Of("dashboard-column-lost-here"),
    Of("dashboard-column-top-reasons"),
    Of("dashboard-column-velocity-median"),
    Of("dashboard-column-velocity-p90"),
];

const FIGURES: &[Column] = &[
    Of("dashboard-column-figure"),
    Of("dashboard-column-value"),
    Of("dashboard-column-previous"),
    Of("dashboard-column-change"),
];

const STAGES: &[Column] = &[
    Of("dashboard-column-stage"),
    Of("dashboard-column-cost"),
    Of("dashboard-column-previous"),
];

const CHANNELS: &[Column] = &[
    Of("dashboard-column-channel"),
    Of("dashboard-column-spend"),
    Of("dashboard-column-leads"),
    Of("dashboard-column-cost-per-lead"),
];

const DIALS: &str = "dashboard-column-dials";
const CONNECT_RATE: &str = "dashboard-column-connect-rate";
const EFFECTIVENESS: &str = "dashboard-column-effectiveness";
const ADVANCED: &str = "dashboard-column-leads-advanced";
const DEALS: &str = "dashboard-column-deals";
const REVENUE: &str = "dashboard-column-revenue";

const REPS: &[Column] = &[
    Of("dashboard-column-rep"),
    Of(DIALS),
    Before(DIALS),
    Change(DIALS),
    Of("dashboard-column-dials-per-day"),
    Of(CONNECT_RATE),
    Before(CONNECT_RATE),
    Change(CONNECT_RATE),
    Of(EFFECTIVENESS),
    Before(EFFECTIVENESS),
    Change(EFFECTIVENESS),
    Of("dashboard-column-talk-seconds"),
    Of(ADVANCED),
    Before(ADVANCED),
    Change(ADVANCED),
    Of(DEALS),
    Before(DEALS),
    Change(DEALS),
    Of(REVENUE),
    Before(REVENUE),
    Change(REVENUE),
    Of("dashboard-column-overdue"),
    Of("dashboard-column-lost"),
    Of("dashboard-column-recovered"),
    Of(RECOVERY_RATE),
    Before(RECOVERY_RATE),
    Change(RECOVERY_RATE),
    Of("dashboard-column-needs-a-look"),
];

const RECOVERY_RATE: &str = "dashboard-column-recovery-rate";
const UPLIFT: &str = "dashboard-column-uplift";

const RECOVERY: &[Column] = &[
    Of("dashboard-column-stage"),
    Of("dashboard-column-lost"),
    Of("dashboard-column-returned"),
    Of("dashboard-column-recovered"),
    Of(RECOVERY_RATE),
    Before(RECOVERY_RATE),
    Change(RECOVERY_RATE),
    Of("dashboard-column-won"),
    Of(REVENUE),
    Of(UPLIFT),
    Before(UPLIFT),
    Change(UPLIFT),
];

/// The rows of one dashboard table, as numbers.
fn table_rows(g: Gathered, table: &str, currency: Currency) -> UiResult<Table> {
    let money = |v: Option<f64>| value_cell(v, Kind::Money, currency);
    let int = |v: Option<f64>| value_cell(v, Kind::Count, currency);
    let rate = Cell::opt_rate;
    let n = |v: i64| Some(v as f64);
    let rows = match table {
        "funnel" => {
            let rows = g
                .funnel
                .stages
                .iter()
                .zip(g.reached_before)
                .map(|(s, before)| {
                    let mut row = vec![Cell::text(s.stage.as_str())];
                    row.extend(compared_cells(n(s.reached), n(before), int));
                    row.extend([
                        rate(s.step_conversion),
                        rate(s.overall_conversion),
                        Cell::Int(s.lost),
                        Cell::Text(
                            s.lost_reasons
                                .iter()
                                .map(|r| format!("{} ({})", r.reason, r.leads))
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                        int(s.velocity_median_seconds),
                        int(s.velocity_p90_seconds),
                    ]);
                    row
                })
                .collect();
            (FUNNEL, rows)
        }
        "figures" => {
            let rows = money_measures(&g.cost, &g.cost_before)
                .into_iter()
                .chain(call_measures(&g.calls, &g.calls_before))
                .map(|m| {
                    let mut row = vec![Cell::text(t(m.label))];
                    row.extend(compared_cells(m.current, m.previous, |v| {
                        value_cell(v, m.kind, currency)
                    }));
                    row
                })
                .collect();
            (FIGURES, rows)
        }
        "stages" => {
            let rows = g
                .cost
                .cost_per_stage
                .iter()
                .zip(&g.cost_before.cost_per_stage)
                .skip(1)
                .map(|(c, b)| {
                    vec![
                        Cell::text(c.stage.as_str()),
                        Cell::opt_money(c.cost, currency),
                        Cell::opt_money(b.cost, currency),
                    ]
                })
                .collect();
            (STAGES, rows)
        }
        "channels" => {
            let rows = g
                .cost
                .cost_per_lead_by_channel
                .iter()
                .map(|c| {
                    vec![
                        Cell::text(c.channel.clone()),
                        Cell::Money(c.spend, currency),
                        Cell::Int(c.leads),
                        Cell::opt_money(c.cost_per_lead, currency),
                    ]
                })
                .collect();
            (CHANNELS, rows)
        }
        "reps" => {
            let before: HashMap<Uuid, RepStats> = g
                .reps_before
                .reps
                .into_iter()
                .map(|r| (r.rep_id, r))
                .collect();
            let mut reps = g.reps.reps;
            reps.sort_by(|a, b| b.dials.cmp(&a.dials).then_with(|| a.name.cmp(&b.name)));
            let rows = reps
                .into_iter()
                .map(|r| {
                    let b = before.get(&r.rep_id);
                    let prev = |f: fn(&RepStats) -> Option<f64>| b.and_then(f);
                    let mut row = vec![Cell::Text(r.name)];
                    row.extend(compared_cells(
                        n(r.dials),
                        prev(|b| Some(b.dials as f64)),
                        int,
                    ));
                    row.push(Cell::opt_number(r.dials_per_day));
                    row.extend(compared_cells(
                        r.connect_rate,
                        prev(|b| b.connect_rate),
                        rate,
                    ));
                    row.extend(compared_cells(
                        r.effectiveness,
                        prev(|b| b.effectiveness),
                        rate,
                    ));
                    row.push(Cell::Int(r.talk_seconds));
                    row.extend(compared_cells(
                        n(r.leads_advanced),
                        prev(|b| Some(b.leads_advanced as f64)),
                        int,
                    ));
                    row.extend(compared_cells(
                        n(r.deals_won),
                        prev(|b| Some(b.deals_won as f64)),
                        int,
                    ));
                    row.extend(compared_cells(
                        n(r.revenue),
                        prev(|b| Some(b.revenue as f64)),
                        money,
                    ));
                    row.push(Cell::Int(r.overdue_follow_ups));
                    row.push(Cell::Int(r.lost));
                    row.push(Cell::Int(r.recovered));
                    row.extend(compared_cells(
                        r.recovery_rate,
                        prev(|b| b.recovery_rate),
                        rate,
                    ));
                    row.push(Cell::Text(
                        r.flags
                            .iter()
                            .map(|f| flag_label(*f))
                            .collect::<Vec<_>>()
                            .join("; "),
                    ));
                    row
                })
                .collect();
            (REPS, rows)
        }
        "recovery" => {
            let rows = g
                .recovery
                .stages
                .iter()
                .zip(&g.recovery_before.stages)
                .map(|(s, b)| {
                    let mut row = vec![
                        Cell::text(s.stage.as_str()),
                        Cell::Int(s.ever_lost),
                        Cell::Int(s.returned),
                        Cell::Int(s.recovered),
                    ];
                    row.extend(compared_cells(s.recovery_rate, b.recovery_rate, rate));
                    row.push(Cell::Int(s.won));
                    row.push(money(n(s.revenue)));
                    row.extend(compared_cells(s.uplift, b.uplift, rate));
                    row
                })
                .collect();
            (RECOVERY, rows)
        }
        other => {
            return Err(UiError::BadRequest(t_args(
                "dashboard-error-table",
                &[("table", Arg::from(other))],
            )))
        }
    };
    Ok(rows)
}

/// `GET /dashboard/export?table=...&format=...`: one of the dashboard's tables for the
/// same filters, as CSV (the default), CSV for Excel or XLSX.
pub async fn export(
    State(state): State<AppState>,
    Manager(user): Manager,
    Query(query): Query<DashboardQuery>,
    Query(export): Query<ExportQuery>,
) -> UiResult<Response> {
    let format = FileFormat::parse("format", export.format.as_deref())
        .map_err(|e| UiError::BadRequest(e.to_string()))?;
    let g = gather(&state, &user, &query).await?;
    let stem = format!(
        "leadline-{}-{}-{}",
        export.table,
        g.period.first_day(),
        g.period.end_day() - Duration::days(1)
    );
    let (columns, rows) = table_rows(g, &export.table, state.config.currency)?;
    // The titles are read here, in the request's language: the file is written from them.
    let titles: Vec<String> = columns.iter().map(|c| c.title()).collect();
    let header: Vec<&str> = titles.iter().map(String::as_str).collect();
    Ok(export::table(format, &stem, &header, rows))
}
