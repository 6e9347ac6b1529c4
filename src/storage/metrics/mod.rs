//! The counts and sums behind SPEC section 4.
//!
//! Every period reads the day rollups of migration 0003 for the whole UTC days inside
//! it (every period the dashboard offers, and the API's default, is whole days): the
//! rollup rows of the grain the filters ask for plus the deltas not yet compacted, so
//! the cost follows the days, channels and reps in the period, never the rows. A
//! period that starts or ends inside a day adds what those hours hold, read from the
//! raw tables by their time indexes (`Span`), but for calls, whose whole hours there
//! come from an hour rollup (migration 0016), and velocity's durations, which come
//! from the pairs rollup by lead. The raw tables (`raw`) are also the
//! definitions the rollups are tested against. Two figures do not add up across days
//! and have rollups of their own (migration 0006): stage velocity, from histograms of
//! the durations and the few durations of the buckets its percentiles fall in, and
//! leads advanced, from advances counted with the day of the lead's previous advance.
//! Overdue follow-ups are a snapshot at a moment, from a rollup of open follow-ups by
//! the day they fall on (migration 0011), completed by the leads due earlier that
//! same day.

pub mod raw;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, DurationRound, Months, NaiveDate, NaiveTime, TimeDelta, Utc};
use futures::TryFutureExt;
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::metrics::{CallCounts, CostInputs, FunnelCounts, FunnelView, Period, RepCounts};
use crate::storage::{StoreError, StoreResult};

/// The dashboard filters. `owner_id` selects the owner's leads, and for call figures
/// the calls that rep made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub channel: Option<String>,
    pub owner_id: Option<Uuid>,
    pub tag: Option<String>,
}

/// A period as the rollups read it: the whole UTC days inside it from the rollups, and
/// the hours before its first midnight and after its last (`edges`) from the raw tables,
/// but for calls, whose edges read their whole hours from the hour rollup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    /// The first and the day after the last whole day ($1, $2).
    days: (NaiveDate, NaiveDate),
    /// For a period that starts or ends inside a day: `[from, start)` and `[end, to)`
    /// ($8 to $11), where `[start, end)` are its whole days; a period inside one day is
    /// all edge, with `start = end = to`.
    edges: Option<[DateTime<Utc>; 4]>,
}

impl Span {
    fn of(period: Period) -> Span {
        let midnight = |day: NaiveDate| day.and_time(NaiveTime::MIN).and_utc();
        let (from, to) = (period.from, period.to);
        let first = if from == midnight(from.date_naive()) {
            from.date_naive()
        } else {
            from.date_naive() + chrono::Days::new(1)
        };
        let last = to.date_naive();
        if first > last {
            return Span {
                days: (last, last),
                edges: Some([from, to, to, to]),
            };
        }
        let (start, end) = (midnight(first), midnight(last));
        Span {
            days: (first, last),
            edges: (from != start || to != end).then_some([from, start, end, to]),
        }
    }
}

/// The whole UTC hours inside each edge (`[$12, $13)` and `[$14, $15)` of the calls
/// statements), or for an edge that holds none the empty range at its end.
fn whole_hours(edges: [DateTime<Utc>; 4]) -> [DateTime<Utc>; 4] {
    let hour = TimeDelta::hours(1);
    let inside = |from: DateTime<Utc>, to: DateTime<Utc>| {
        let floor = |t: DateTime<Utc>| {
            t.duration_trunc(hour)
                .expect("a time within chrono's range")
        };
        let start = match floor(from) {
            f if f == from => f,
            f => f + hour,
        };
        let end = floor(to);
        if start < end {
            (start, end)
        } else {
            (to, to)
        }
    };
    let (first, last) = (inside(edges[0], edges[1]), inside(edges[2], edges[3]));
    [first.0, first.1, last.0, last.1]
}

/// `column` (a time) in one of the span's edges.
fn in_edges(column: &str) -> String {
    format!("({column} >= $8 AND {column} < $9 OR {column} >= $10 AND {column} < $11)")
}

/// `column` (a time) in one of the edges but outside their whole hours (`whole_hours`).
fn in_edges_between_hours(column: &str) -> String {
    format!(
        "({column} >= $8 AND {column} < $12 OR {column} >= $13 AND {column} < $9 \
          OR {column} >= $10 AND {column} < $14 OR {column} >= $15 AND {column} < $11)"
    )
}

/// The calls rollup's columns that readers sum or group by, as its edges give them.
const CALLS_COLUMNS: &str = "r.owner_id, r.dials, r.connected, r.intent_clear, r.intent_unclear, \
     r.intent_none, r.talk_seconds, r.unanswered_ring_seconds, r.unanswered_without_ring, r.do_not_call";

/// The lead `l` as the rollups count it, as `x` (see `Rollup::edge_rows`).
const LEAD_AS_COUNTED: &str = "CROSS JOIN LATERAL (SELECT (rollup_lead_of(l, NULL)).*) x";

/// Whether the lead `lead_id` carries the tag the filters name ($5), if they name one:
/// the tag's id is looked up once, and the lead's tag by the key of `lead_tags`.
/// `OFFSET 0` keeps the planner from hashing all the tag's leads instead: its generic
/// plan expects thousands of rows where a period's edges hold a few hundred, and it
/// hashed the 165,476 leads of one tag at 10M calls (50 ms, against 3 to 12 for the
/// lookups).
fn has_filter_tag(lead_id: &str) -> String {
    format!(
        "($5::text IS NULL OR EXISTS (SELECT 1 FROM lead_tags lt \
                                      WHERE lt.lead_id = {lead_id} AND lt.tag_id = {FILTER_TAG_ID} OFFSET 0))"
    )
}

/// `raw::LEAD_FILTER` as the rollup reads apply it to the few leads of a period's
/// edges, with the tag by `has_filter_tag`.
fn lead_filter() -> String {
    format!(
        "($3::text IS NULL OR l.source = $3) AND ($4::uuid IS NULL OR l.owner_id = $4) AND {}",
        has_filter_tag("l.id")
    )
}

/// `raw::CALL_FILTER` for the calls of the minutes outside an edge's whole hours: the
/// lead is looked up only for a channel, and its tag by `has_filter_tag`.
fn minute_call_filter() -> String {
    format!(
        "($4::uuid IS NULL OR c.rep_id = $4) \
         AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM leads l WHERE l.id = c.lead_id AND l.source = $3)) \
         AND {}",
        has_filter_tag("c.lead_id")
    )
}

/// The nil uuid, which the rollups count a missing owner or lost reason under.
const NIL: &str = "'00000000-0000-0000-0000-000000000000'::uuid";

/// The rollups the dashboard reads, each with the rows it would hold for the edges of
/// a period, computed from the raw tables with the filters ($3 to $5) applied.
#[derive(Clone, Copy)]
enum Rollup {
    Cohort,
    Reaches,
    Lost,
    Calls,
    VelocityCohort,
    VelocityActivity,
}

impl Rollup {
    fn table(self) -> &'static str {
        match self {
            Rollup::Cohort => "rollup_cohort",
            Rollup::Reaches => "rollup_reaches",
            Rollup::Lost => "rollup_lost",
            Rollup::Calls => "rollup_calls",
            Rollup::VelocityCohort => "rollup_velocity_cohort",
            Rollup::VelocityActivity => "rollup_velocity_activity",
        }
    }

    /// The edges' rows, under the names of the rollup's columns that readers sum or
    /// group by. Velocity's come from the `edge_pairs` of the statement that reads them
    /// (`velocity`). Calls' whole hours come from the hour rollup (migration 0016) at
    /// the grain the filters and `grain` ask for, as the days do.
    fn edge_rows(self, filters: &Filters, grain: Grain) -> String {
        let lead_filter = lead_filter();
        match self {
            // A lead counts under what `rollup_lead_of` (migration 0003) makes of it.
            // Called in the select list of a subquery, PostgreSQL inlines the function
            // into plain expressions; as a function in FROM it would be a function scan
            // per lead (2.4 ms instead of 0.5 for the 1,891 leads of a 30-day period's
            // hours at 10M calls).
            Rollup::Cohort => format!(
                "SELECT x.source, x.owner_id, x.max_stage, x.lost_stage, x.lost_reason_id, 1 AS leads, x.revenue \
                 FROM leads l {LEAD_AS_COUNTED} WHERE {} AND {lead_filter}",
                in_edges("l.created_at")
            ),
            Rollup::Reaches => format!(
                "SELECT x.source, x.owner_id, s.stage, 1 AS leads, \
                        CASE WHEN s.stage = 5 THEN x.revenue ELSE 0 END AS revenue \
                 FROM stage_reaches s JOIN leads l ON l.id = s.lead_id {LEAD_AS_COUNTED} \
                 WHERE {} AND {lead_filter}",
                in_edges("s.reached_at")
            ),
            Rollup::Lost => format!(
                "SELECT x.source, x.owner_id, e.to_stage AS stage, \
                        coalesce(e.lost_reason_id, {NIL}) AS lost_reason_id, 1 AS leads \
                 FROM stage_events e JOIN leads l ON l.id = e.lead_id {LEAD_AS_COUNTED} \
                 WHERE e.kind = 'lost' AND {} AND {lead_filter}",
                in_edges("e.created_at")
            ),
            Rollup::Calls => format!(
                "SELECT c.rep_id AS owner_id, 1 AS dials, \
                        CASE WHEN c.outcome = 'connected' THEN 1 ELSE 0 END AS connected, \
                        CASE WHEN c.intent = 'clear' THEN 1 ELSE 0 END AS intent_clear, \
                        CASE WHEN c.intent = 'unclear' THEN 1 ELSE 0 END AS intent_unclear, \
                        CASE WHEN c.intent = 'none' THEN 1 ELSE 0 END AS intent_none, \
                        CASE WHEN c.outcome = 'connected' THEN c.talk_seconds ELSE 0 END AS talk_seconds, \
                        CASE WHEN c.outcome <> 'connected' THEN coalesce(c.ring_seconds, 0) ELSE 0 END \
                            AS unanswered_ring_seconds, \
                        CASE WHEN c.outcome <> 'connected' AND c.ring_seconds IS NULL THEN 1 ELSE 0 END \
                            AS unanswered_without_ring, \
                        CASE WHEN c.do_not_call THEN 1 ELSE 0 END AS do_not_call \
                 FROM calls c WHERE {} AND {} \
                 UNION ALL {}",
                in_edges_between_hours("c.started_at"),
                minute_call_filter(),
                hour_rows(filters, grain)
            ),
            Rollup::VelocityCohort | Rollup::VelocityActivity => {
                "SELECT e.stage, e.bucket, 1 AS pairs FROM edge_pairs e".to_owned()
            }
        }
    }
}

/// The calls rollup's hour rows and pending hour deltas for the edges' whole hours
/// ($12 to $15), at the grain the filters and `grain` ask for: a range of the key per
/// edge, as `period_rows` reads the days.
fn hour_rows(filters: &Filters, grain: Grain) -> String {
    let (in_rollup, in_delta) = grain_conditions(filters, grain);
    format!(
        "SELECT {CALLS_COLUMNS} FROM rollup_calls_hours r WHERE r.hour >= $12 AND r.hour < $13 AND {in_rollup} \
         UNION ALL \
         SELECT {CALLS_COLUMNS} FROM rollup_calls_hours r WHERE r.hour >= $14 AND r.hour < $15 AND {in_rollup} \
         UNION ALL \
         SELECT {CALLS_COLUMNS} FROM rollup_calls_hours_delta r \
         WHERE (r.hour >= $12 AND r.hour < $13 OR r.hour >= $14 AND r.hour < $15) AND {in_delta}"
    )
}

/// Which rows of a rollup to read: grouped per channel and / or per owner, or summed.
#[derive(Clone, Copy, Default)]
struct Grain {
    per_channel: bool,
    per_owner: bool,
}

/// The first and the day after the last day of the whole months inside `days`, or
/// an empty range at the end of the period when it covers no whole month.
fn whole_months(days: (NaiveDate, NaiveDate)) -> (NaiveDate, NaiveDate) {
    let (from, to) = days;
    let first_of = |d: NaiveDate| d.with_day(1).expect("the first of a month");
    let start = if from.day() == 1 {
        from
    } else {
        first_of(from)
            .checked_add_months(Months::new(1))
            .unwrap_or(to)
    };
    let end = first_of(to);
    if start < end {
        (start, end)
    } else {
        (to, to)
    }
}

/// The id of the tag the filters name ($5), for a condition on a `tag_id` column.
const FILTER_TAG_ID: &str = "(SELECT t.id FROM tags t WHERE t.name = $5)";

/// The conditions on a rollup (alias `r`) and on its deltas that select the grain
/// the filters ($3 channel, $4 owner, $5 tag name) and `grain` ask for.
fn grain_conditions(filters: &Filters, grain: Grain) -> (String, String) {
    let tag = if filters.tag.is_some() {
        format!("r.tag_id = {FILTER_TAG_ID}")
    } else {
        "r.tag_id IS NULL".to_owned()
    };
    // In the rollup, NULL is the row for all channels / owners; deltas are per channel and owner.
    let (source, delta_source) = match (&filters.channel, grain.per_channel) {
        (Some(_), _) => ("r.source = $3", "r.source = $3"),
        (None, true) => ("r.source IS NOT NULL", "true"),
        (None, false) => ("r.source IS NULL", "true"),
    };
    let (owner, delta_owner) = match (filters.owner_id, grain.per_owner) {
        (Some(_), _) => ("r.owner_id = $4", "r.owner_id = $4"),
        (None, true) => ("r.owner_id IS NOT NULL", "true"),
        (None, false) => ("r.owner_id IS NULL", "true"),
    };
    (
        format!("{tag} AND {source} AND {owner}"),
        format!("{tag} AND {delta_source} AND {delta_owner}"),
    )
}

/// `SELECT columns FROM table r` for the rows of the period meeting `conditions`: month
/// rows for its whole months ($6, $7), day rows for the days before and after them.
/// Three ranges of the rollup's key, one statement each, so that each is a plain index
/// range (an OR of them made the planner read the whole grain).
fn period_rows(table: &str, columns: &str, conditions: &str) -> String {
    [
        "r.months AND r.day >= $6 AND r.day < $7",
        "NOT r.months AND r.day >= $1 AND r.day < $6",
        "NOT r.months AND r.day >= $7 AND r.day < $2",
    ]
    .map(|days| format!("SELECT {columns} FROM {table} r WHERE {days} AND {conditions}"))
    .join(" UNION ALL ")
}

/// `(SELECT columns FROM rollup ... UNION ALL SELECT columns FROM its deltas ...) u`:
/// the rows of `rollup` for the span's whole days ($1, $2; its whole months $6, $7) at
/// the grain the filters and `grain` ask for, and those its edges would add, if any.
/// `columns` are over alias `r`.
fn rollup_rows(
    rollup: Rollup,
    columns: &str,
    filters: &Filters,
    grain: Grain,
    span: Span,
) -> String {
    let table = rollup.table();
    let (in_rollup, in_delta) = grain_conditions(filters, grain);
    let edges = match span.edges {
        Some(_) => format!(
            " UNION ALL SELECT {columns} FROM ({}) r",
            rollup.edge_rows(filters, grain)
        ),
        None => String::new(),
    };
    format!(
        "({} \
          UNION ALL \
          SELECT {columns} FROM {table}_delta r WHERE r.day >= $1 AND r.day < $2 AND {in_delta}{edges}) u",
        period_rows(table, columns, &in_rollup)
    )
}

/// A query over the period's days ($1, $2) and the filters ($3, $4, $5).
fn filtered_query<'q, O>(
    sql: &'q str,
    days: (NaiveDate, NaiveDate),
    filters: &'q Filters,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    sqlx::query_as::<_, O>(sql)
        .bind(days.0)
        .bind(days.1)
        .bind(filters.channel.as_deref())
        .bind(filters.owner_id)
        .bind(filters.tag.as_deref())
}

/// A query over `rollup_rows`: `filtered_query` over the span's whole days, their
/// whole months ($6, $7), and its edges ($8 to $11) if it has any.
fn rollup_query<'q, O>(
    sql: &'q str,
    span: Span,
    filters: &'q Filters,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let months = whole_months(span.days);
    let query = filtered_query(sql, span.days, filters)
        .bind(months.0)
        .bind(months.1);
    match span.edges {
        Some(edges) => edges.into_iter().fold(query, |query, t| query.bind(t)),
        None => query,
    }
}

/// A query over the calls rollup's `rollup_rows`: `rollup_query`, and if the span has
/// edges, their whole hours ($12 to $15).
fn calls_query<'q, O>(
    sql: &'q str,
    span: Span,
    filters: &'q Filters,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let query = rollup_query(sql, span, filters);
    match span.edges {
        Some(edges) => whole_hours(edges)
            .into_iter()
            .fold(query, |query, t| query.bind(t)),
        None => query,
    }
}

/// Funnel counts for the period: cohort (leads created in the period, by `max_stage`)
/// or activity (first reaches of each stage inside the period).
#[tracing::instrument(skip_all)]
pub async fn funnel_counts(
    db: &PgPool,
    view: FunnelView,
    period: Period,
    filters: &Filters,
) -> StoreResult<FunnelCounts> {
    let span = Span::of(period);
    let mut counts = FunnelCounts::default();
    let lost_sql = match view {
        FunnelView::Cohort => format!(
            "SELECT u.lost_stage, coalesce(lr.label, 'Unspecified'), sum(u.leads)::int8 FROM {} \
             LEFT JOIN lost_reasons lr ON lr.id = u.lost_reason_id \
             WHERE u.lost_stage >= 0 GROUP BY 1, 2 HAVING sum(u.leads) > 0 ORDER BY 1, 3 DESC, 2",
            rollup_rows(
                Rollup::Cohort,
                "r.lost_stage, r.lost_reason_id, r.leads",
                filters,
                Grain::default(),
                span
            )
        ),
        FunnelView::Activity => format!(
            "SELECT u.stage, coalesce(lr.label, 'Unspecified'), sum(u.leads)::int8 FROM {} \
             LEFT JOIN lost_reasons lr ON lr.id = u.lost_reason_id \
             GROUP BY 1, 2 HAVING sum(u.leads) > 0 ORDER BY 1, 3 DESC, 2",
            rollup_rows(
                Rollup::Lost,
                "r.stage, r.lost_reason_id, r.leads",
                filters,
                Grain::default(),
                span
            )
        ),
    };
    // The three reads are independent: run them side by side on the pool.
    let (reached, lost, velocity) = tokio::try_join!(
        reached(db, view, span, filters),
        rollup_query::<(i16, String, i64)>(&lost_sql, span, filters)
            .fetch_all(db)
            .err_into(),
        velocity(db, view, span, filters),
    )?;
    counts.reached = reached;
    raw::add_lost(&mut counts, lost);
    match velocity {
        Some(velocity) => raw::add_velocity(&mut counts, velocity),
        // The histogram and the durations disagreed, which one snapshot rules out.
        None => raw::velocity(db, view, period, filters, &mut counts).await?,
    }
    Ok(counts)
}

/// The funnel's reached counts alone (`funnel_counts(..).reached`), for a comparison
/// with another period that shows no lost reasons or velocity.
#[tracing::instrument(skip_all)]
pub async fn funnel_reached(
    db: &PgPool,
    view: FunnelView,
    period: Period,
    filters: &Filters,
) -> StoreResult<[i64; 7]> {
    reached(db, view, Span::of(period), filters).await
}

/// Leads that reached each stage in `span`: cohort rows count leads by max stage,
/// activity rows count the first reaches of each stage.
async fn reached(
    db: &PgPool,
    view: FunnelView,
    span: Span,
    filters: &Filters,
) -> StoreResult<[i64; 7]> {
    let sql = match view {
        FunnelView::Cohort => format!(
            "SELECT u.max_stage, sum(u.leads)::int8 FROM {} GROUP BY 1",
            rollup_rows(
                Rollup::Cohort,
                "r.max_stage, r.leads",
                filters,
                Grain::default(),
                span
            )
        ),
        FunnelView::Activity => format!(
            "SELECT u.stage, sum(u.leads)::int8 FROM {} GROUP BY 1",
            rollup_rows(
                Rollup::Reaches,
                "r.stage, r.leads",
                filters,
                Grain::default(),
                span
            )
        ),
    };
    let by_stage: Vec<(i16, i64)> = rollup_query(&sql, span, filters).fetch_all(db).await?;
    Ok(match view {
        FunnelView::Cohort => raw::reached_from_counts(&by_stage),
        FunnelView::Activity => raw::reached_at_stages(&by_stage),
    })
}

/// Sums over calls started in the period.
#[tracing::instrument(skip_all)]
pub async fn call_counts(
    db: &PgPool,
    period: Period,
    filters: &Filters,
) -> StoreResult<CallCounts> {
    let span = Span::of(period);
    let sql = format!(
        "SELECT coalesce(sum(dials), 0)::int8, coalesce(sum(connected), 0)::int8, \
                coalesce(sum(intent_clear), 0)::int8, coalesce(sum(intent_unclear), 0)::int8, \
                coalesce(sum(intent_none), 0)::int8, coalesce(sum(talk_seconds), 0)::int8, \
                coalesce(sum(unanswered_ring_seconds), 0)::int8, \
                coalesce(sum(unanswered_without_ring), 0)::int8, coalesce(sum(do_not_call), 0)::int8 \
         FROM {}",
        rollup_rows(
            Rollup::Calls,
            "r.dials, r.connected, r.intent_clear, r.intent_unclear, r.intent_none, r.talk_seconds, \
             r.unanswered_ring_seconds, r.unanswered_without_ring, r.do_not_call",
            filters,
            Grain::default(),
            span
        )
    );
    #[allow(clippy::type_complexity)]
    let row: (i64, i64, i64, i64, i64, i64, i64, i64, i64) =
        calls_query(&sql, span, filters).fetch_one(db).await?;
    Ok(CallCounts {
        dials: row.0,
        connected: row.1,
        intent_clear: row.2,
        intent_unclear: row.3,
        intent_none: row.4,
        talk_seconds: row.5,
        unanswered_ring_seconds: row.6,
        unanswered_without_ring: row.7,
        do_not_call: row.8,
    })
}

/// Spend, dials, cohort reach and revenue for the cost figures. The ledger is small
/// and read as it is; see `raw::cost_inputs` for what counts.
#[tracing::instrument(skip_all)]
pub async fn cost_inputs(
    db: &PgPool,
    period: Period,
    filters: &Filters,
) -> StoreResult<CostInputs> {
    let span = Span::of(period);
    let per_channel = Grain {
        per_channel: true,
        per_owner: false,
    };
    let sql = format!(
        "SELECT u.source, u.max_stage, sum(u.leads)::int8, sum(u.revenue)::int8 FROM {} \
         GROUP BY 1, 2 HAVING sum(u.leads) <> 0",
        rollup_rows(
            Rollup::Cohort,
            "r.source, r.max_stage, r.leads, r.revenue",
            filters,
            per_channel,
            span
        )
    );
    // The three reads are independent: run them side by side on the pool.
    let (spend_by_channel, cohort, calls) = tokio::try_join!(
        raw::spend_by_channel(db, period, filters),
        rollup_query::<(String, i16, i64, i64)>(&sql, span, filters)
            .fetch_all(db)
            .err_into(),
        call_counts(db, period, filters),
    )?;
    let by_max: Vec<(i16, i64)> = cohort.iter().map(|(_, stage, n, _)| (*stage, *n)).collect();
    let revenue = cohort.iter().map(|(_, _, _, revenue)| revenue).sum();
    // Leads with no channel are counted under '' and belong to no channel's row.
    let cohort_by_channel = cohort
        .iter()
        .filter(|(source, _, _, _)| !source.is_empty())
        .map(|(source, _, leads, _)| (Some(source.clone()), *leads));
    Ok(CostInputs {
        spend: spend_by_channel.iter().map(|(_, amount)| amount).sum(),
        dials: calls.dials,
        reached: raw::reached_from_counts(&by_max),
        revenue,
        channels: raw::channel_rows(&spend_by_channel, cohort_by_channel),
    })
}

/// Per-rep sums for the period: every active rep, and anyone else who made calls in it.
#[tracing::instrument(skip_all)]
pub async fn rep_counts(
    db: &PgPool,
    period: Period,
    filters: &Filters,
    now: DateTime<Utc>,
) -> StoreResult<Vec<RepCounts>> {
    let span = Span::of(period);
    let (sums, overdue) = tokio::try_join!(
        rep_sums(db, span, filters),
        overdue_follow_ups(db, filters, now)
    )?;
    Ok(with_overdue(sums, &overdue))
}

/// The reps table for `period` and for `previous`, as `rep_counts` gives each. Overdue
/// follow-ups are a snapshot at `now`, the same for both periods: read once.
#[tracing::instrument(skip_all)]
pub async fn rep_counts_compared(
    db: &PgPool,
    period: Period,
    previous: Period,
    filters: &Filters,
    now: DateTime<Utc>,
) -> StoreResult<(Vec<RepCounts>, Vec<RepCounts>)> {
    let (sums, sums_before, overdue) = tokio::try_join!(
        rep_sums(db, Span::of(period), filters),
        rep_sums(db, Span::of(previous), filters),
        overdue_follow_ups(db, filters, now)
    )?;
    Ok((
        with_overdue(sums, &overdue),
        with_overdue(sums_before, &overdue),
    ))
}

/// Open leads of each owner whose follow-up time is before `now`, whatever the period:
/// from the follow-ups rollup (migration 0011), its month rows before now's month and
/// day rows before today, with the pending deltas before today, and today's follow-ups
/// before `now` from the leads (`leads_follow_up_due_idx`). Leads with no owner come
/// back under the nil uuid (the rollup's) or none (today's), and count for no rep.
#[tracing::instrument(skip_all)]
pub async fn overdue_follow_ups(
    db: &PgPool,
    filters: &Filters,
    now: DateTime<Utc>,
) -> StoreResult<Vec<(Option<Uuid>, i64)>> {
    let today = now.date_naive();
    let this_month = today.with_day(1).expect("the first of a month");
    let per_owner = Grain {
        per_channel: false,
        per_owner: true,
    };
    let (rollup, delta) = grain_conditions(filters, per_owner);
    let lead_filter = lead_filter();
    let sql = format!(
        "SELECT u.owner_id, sum(u.leads)::int8 FROM ( \
             SELECT r.owner_id, r.leads FROM rollup_follow_ups r WHERE r.months AND r.day < $1 AND {rollup} \
             UNION ALL \
             SELECT r.owner_id, r.leads FROM rollup_follow_ups r \
             WHERE NOT r.months AND r.day >= $1 AND r.day < $2 AND {rollup} \
             UNION ALL \
             SELECT r.owner_id, r.leads FROM rollup_follow_ups_delta r WHERE r.day < $2 AND {delta} \
             UNION ALL \
             SELECT l.owner_id, 1 FROM leads l \
             WHERE l.status = 'open' AND l.next_contact_at >= $6 AND l.next_contact_at < $7 AND {lead_filter} \
         ) u GROUP BY 1 HAVING sum(u.leads) <> 0"
    );
    let midnight = today.and_time(NaiveTime::MIN).and_utc();
    Ok(filtered_query(&sql, (this_month, today), filters)
        .bind(midnight)
        .bind(now)
        .fetch_all(db)
        .await?)
}

/// Each rep's overdue follow-ups from `overdue_follow_ups`' rows.
fn with_overdue(mut reps: Vec<RepCounts>, overdue: &[(Option<Uuid>, i64)]) -> Vec<RepCounts> {
    let overdue: HashMap<Uuid, i64> = overdue
        .iter()
        .filter_map(|&(owner, n)| owner.map(|o| (o, n)))
        .collect();
    for rep in &mut reps {
        rep.overdue_follow_ups = overdue.get(&rep.rep_id).copied().unwrap_or_default();
    }
    reps
}

/// `rep_counts` from the rollups, but for overdue follow-ups (left at 0).
async fn rep_sums(db: &PgPool, span: Span, filters: &Filters) -> StoreResult<Vec<RepCounts>> {
    let per_owner = Grain {
        per_channel: false,
        per_owner: true,
    };
    let calls_sql = format!(
        "SELECT u.owner_id, sum(u.dials)::int8, sum(u.connected)::int8, sum(u.intent_clear)::int8, \
                sum(u.talk_seconds)::int8 FROM {} GROUP BY 1 HAVING sum(u.dials) > 0",
        rollup_rows(
            Rollup::Calls,
            "r.owner_id, r.dials, r.connected, r.intent_clear, r.talk_seconds",
            filters,
            per_owner,
            span
        )
    );
    let deals_sql = format!(
        "SELECT u.owner_id, sum(u.leads)::int8, sum(u.revenue)::int8 FROM {} WHERE u.stage = 5 GROUP BY 1",
        rollup_rows(
            Rollup::Reaches,
            "r.owner_id, r.stage, r.leads, r.revenue",
            filters,
            per_owner,
            span
        )
    );
    // A lead advanced in the period when one of its advances there has no earlier
    // advance, or one before the period: and only its first advance there has. An
    // advance with an earlier one counts when the period starts in the span between
    // them. A short period's advances are few, and found by day
    // (`rollup_advanced_owners_later_idx`, or the key for one rep); over a long one the
    // GiST index finds the few spans across its start. (Given both forms at once, the
    // planner's generic plan took the day range over two years: a p95 of 33 ms, not 9.)
    let (rollup, delta) = grain_conditions(filters, per_owner);
    let (days, lead_filter) = (span.days, lead_filter());
    let later = if days.1 - days.0 > SHORT_ADVANCES_PERIOD {
        "daterange(r.prev_day, r.day, '(]') @> $1 AND r.day < $2"
    } else {
        "NOT r.months AND r.prev_day < $1 AND r.day >= $1 AND r.day < $2"
    };
    // The edges add the leads that advanced there and not in the whole days between.
    let edges = match span.edges {
        Some(_) => format!(
            "UNION ALL \
             SELECT coalesce(l.owner_id, {NIL}), 1 FROM leads l \
             WHERE l.id IN (SELECT e.lead_id FROM stage_events e \
                            WHERE e.kind IN ('advance', 'skip') AND {}) \
               AND NOT EXISTS (SELECT 1 FROM stage_events e WHERE e.lead_id = l.id \
                               AND e.kind IN ('advance', 'skip') AND e.created_at >= $9 AND e.created_at < $10) \
               AND {lead_filter}",
            in_edges("e.created_at")
        ),
        None => String::new(),
    };
    let advanced_sql = format!(
        "SELECT u.owner_id, sum(u.leads)::int8 FROM ( \
             {} \
             UNION ALL \
             SELECT r.owner_id, r.leads FROM rollup_advanced r \
             WHERE r.prev_day IS NOT NULL AND {later} AND {rollup} \
             UNION ALL \
             SELECT r.owner_id, r.leads FROM rollup_advanced_delta r \
             WHERE r.day >= $1 AND r.day < $2 AND (r.prev_day IS NULL OR r.prev_day < $1) AND {delta} \
             {edges}) u \
         GROUP BY 1",
        period_rows(
            "rollup_advanced",
            "r.owner_id, r.leads",
            &format!("r.prev_day IS NULL AND {rollup}")
        )
    );
    // The three reads are independent: run them side by side on the pool.
    let (calls, deals, advanced) = tokio::try_join!(
        calls_query::<(Uuid, i64, i64, i64, i64)>(&calls_sql, span, filters)
            .fetch_all(db)
            .err_into::<StoreError>(),
        rollup_query::<(Uuid, i64, i64)>(&deals_sql, span, filters)
            .fetch_all(db)
            .err_into(),
        rollup_query::<(Uuid, i64)>(&advanced_sql, span, filters)
            .fetch_all(db)
            .err_into(),
    )?;
    let deals: HashMap<Uuid, (i64, i64)> = deals
        .into_iter()
        .map(|(owner, leads, revenue)| (owner, (leads, revenue)))
        .collect();
    let advanced: HashMap<Uuid, i64> = advanced.into_iter().collect();

    let callers: Vec<Uuid> = calls.iter().map(|c| c.0).collect();
    let people: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT u.id, u.name FROM users u \
         WHERE ((u.role = 'rep' AND u.active) OR u.id = ANY($1)) AND ($2::uuid IS NULL OR u.id = $2) \
         ORDER BY u.name, u.id",
    )
    .bind(&callers)
    .bind(filters.owner_id)
    .fetch_all(db)
    .await?;
    let calls: BTreeMap<Uuid, (i64, i64, i64, i64)> = calls
        .into_iter()
        .map(|(rep, dials, connected, clear, talk)| (rep, (dials, connected, clear, talk)))
        .collect();
    Ok(people
        .into_iter()
        .map(|(rep_id, name)| {
            let (dials, connected, connected_clear, talk_seconds) =
                calls.get(&rep_id).copied().unwrap_or_default();
            let (deals_won, revenue) = deals.get(&rep_id).copied().unwrap_or_default();
            RepCounts {
                rep_id,
                name,
                dials,
                connected,
                connected_clear,
                talk_seconds,
                leads_advanced: advanced.get(&rep_id).copied().unwrap_or_default(),
                deals_won,
                revenue,
                overdue_follow_ups: 0,
            }
        })
        .collect())
}

/// Stage velocity from the rollups alone: `None` where they cannot answer it (histogram
/// and durations disagreeing), and `funnel_counts` reads the raw tables instead. Tests check that the rollups answer by themselves.
pub async fn velocity_from_rollups(
    db: &PgPool,
    view: FunnelView,
    period: Period,
    filters: &Filters,
) -> StoreResult<Option<Vec<(i16, f64, f64)>>> {
    velocity(db, view, Span::of(period), filters).await
}

/// Periods up to this long read the advances that have an earlier one by day, longer
/// ones by the span since the earlier one.
const SHORT_ADVANCES_PERIOD: chrono::TimeDelta = chrono::TimeDelta::days(62);

/// Periods longer than this read velocity durations in order of duration, shorter ones by day.
const LONG_VELOCITY_PERIOD: chrono::TimeDelta = chrono::TimeDelta::days(180);

/// Stage velocity per stage: `(stage, median, p90)` seconds, as `raw::velocity`'s
/// `percentile_cont(0.5)` and `percentile_disc(0.9)` give them, in one statement (one
/// snapshot). The histogram rollup gives each stage's number of durations `n` and
/// the bucket each wanted rank falls in; the durations at those ranks are read from
/// the bucket's index. The ranks are computed in float8, as PostgreSQL's ordered-set
/// aggregates compute them: for the median the values at floor and ceil of
/// 0.5 (n - 1), for p90 the ceil(0.9 n)-th. `None` if a rank finds no duration,
/// which one snapshot rules out.
///
/// A probe walks its bucket from the nearer end, so it passes at most half of it, and
/// the median's two neighbouring ranks are one probe when they share a bucket.
async fn velocity(
    db: &PgPool,
    view: FunnelView,
    span: Span,
    filters: &Filters,
) -> StoreResult<Option<Vec<(i16, f64, f64)>>> {
    let days = span.days;
    let lead_filter = lead_filter();
    // The edges' durations, from the pairs rollup (migration 0006) by lead: one lookup
    // per lead created (cohort) or per stage reached (activity) in the edges, where
    // pairing the raw reaches took two. For the activity view its dimensions filter the
    // pairs, as they do for the whole days; only a tag needs the lead's tags.
    let (rollup, day, edge_pairs) = match view {
        FunnelView::Cohort => (
            Rollup::VelocityCohort,
            "created_day",
            format!(
                "FROM leads l JOIN velocity_pairs p ON p.lead_id = l.id WHERE {} AND {lead_filter}",
                in_edges("l.created_at")
            ),
        ),
        FunnelView::Activity => (
            Rollup::VelocityActivity,
            "reached_day",
            format!(
                "FROM stage_reaches b JOIN velocity_pairs p ON p.lead_id = b.lead_id AND p.stage = b.stage \
                 WHERE {} AND ($3::text IS NULL OR p.source = $3) AND ($4::uuid IS NULL OR p.owner_id = $4) \
                   AND {}",
                in_edges("b.reached_at"),
                has_filter_tag("p.lead_id")
            ),
        ),
    };
    // A short period's durations are one range of the by-day index (migration 0008),
    // sorted on the spot; over a long one most of a bucket is in the period, and walking
    // the bucket in order of duration (`velocity_pairs_rank_idx`) reads less. `+ 0`
    // keeps the planner off the by-day index.
    let in_period = if days.1 - days.0 > LONG_VELOCITY_PERIOD {
        format!("p.{day} + 0")
    } else {
        format!("p.{day}")
    };
    // Only the filters asked for, so that a rep's, a channel's or a tag's durations are
    // a range of their own rank index (migrations 0009, 0014) or, over a short period, of
    // their own by-day index (0013, 0014) instead of a walk past everyone's. Over a long
    // period the planner may take the by-day index too and sort the bucket's durations:
    // at 10M calls that costs what the rank index does (BENCHMARKS.md, seventh run).
    // A tag's durations are copies, one per tag of the lead, in a table of their own.
    let (pairs, tag) = match filters.tag {
        Some(_) => (
            "velocity_tag_pairs",
            format!("p.tag_id = {FILTER_TAG_ID} AND "),
        ),
        None => ("velocity_pairs", String::new()),
    };
    let mut in_bucket = format!(
        "{tag}p.stage = q.stage AND p.bucket = q.bucket AND {in_period} >= $1 AND {in_period} < $2"
    );
    if filters.channel.is_some() {
        in_bucket.push_str(" AND p.source = $3");
    }
    if filters.owner_id.is_some() {
        in_bucket.push_str(" AND p.owner_id = $4");
    }
    // A bucket's durations: the whole days' and, when the period has edges, theirs.
    let (edges, durations) = match span.edges {
        Some(_) => (
            format!(
                "edge_pairs AS MATERIALIZED (SELECT p.stage, p.bucket, p.seconds {edge_pairs}), "
            ),
            format!(
                "(SELECT p.seconds FROM {pairs} p WHERE {in_bucket} \
                  UNION ALL \
                  SELECT e.seconds FROM edge_pairs e WHERE e.stage = q.stage AND e.bucket = q.bucket) p"
            ),
        ),
        None => (String::new(), format!("{pairs} p WHERE {in_bucket}")),
    };
    // `probes` holds, per stage, bucket and percentile, the durations from the first
    // rank wanted there to the last (`first`, `last` counted within the bucket), read
    // upwards from the bucket's bottom or downwards from its top, whichever is nearer.
    let sql = format!(
        "WITH {edges}histogram AS ( \
             SELECT u.stage, u.bucket, sum(u.pairs)::int8 AS pairs FROM {rows} \
             GROUP BY 1, 2 HAVING sum(u.pairs) <> 0), \
         buckets AS ( \
             SELECT h.*, (sum(h.pairs) OVER (PARTITION BY h.stage ORDER BY h.bucket))::int8 - h.pairs AS below, \
                    (sum(h.pairs) OVER (PARTITION BY h.stage))::int8 AS n \
             FROM histogram h), \
         ranks AS ( \
             SELECT DISTINCT b.stage, b.n, x.which, x.rank FROM buckets b \
             CROSS JOIN LATERAL (VALUES \
                 (1, floor(0.5::float8 * (b.n - 1)::float8)::int8), \
                 (2, ceil(0.5::float8 * (b.n - 1)::float8)::int8), \
                 (3, greatest(ceil(0.9::float8 * b.n::float8)::int8, 1) - 1)) x (which, rank)), \
         probes AS MATERIALIZED ( \
             SELECT q.*, CASE WHEN q.first <= q.pairs - 1 - q.last \
                 THEN ARRAY(SELECT p.seconds FROM {durations} \
                            ORDER BY p.seconds OFFSET q.first LIMIT q.last - q.first + 1) \
                 ELSE ARRAY(SELECT d.seconds FROM ( \
                                SELECT p.seconds FROM {durations} \
                                ORDER BY p.seconds DESC OFFSET q.pairs - 1 - q.last LIMIT q.last - q.first + 1) d \
                            ORDER BY d.seconds) \
                 END AS seconds \
             FROM (SELECT b.stage, b.bucket, b.below, b.pairs, r.which = 3 AS p90, \
                          min(r.rank) - b.below AS first, max(r.rank) - b.below AS last \
                   FROM ranks r JOIN buckets b \
                     ON b.stage = r.stage AND r.rank >= b.below AND r.rank < b.below + b.pairs \
                   GROUP BY 1, 2, 3, 4, 5) q) \
         SELECT r.stage, r.n, r.which, q.seconds[r.rank - q.below - q.first + 1] \
         FROM ranks r JOIN probes q ON q.stage = r.stage AND q.p90 = (r.which = 3) \
             AND r.rank >= q.below + q.first AND r.rank <= q.below + q.last \
         ORDER BY 1, 3",
        rows = rollup_rows(
            rollup,
            "r.stage, r.bucket, r.pairs",
            filters,
            Grain::default(),
            span
        )
    );
    let rows: Vec<(i16, i64, i32, Option<f64>)> =
        rollup_query(&sql, span, filters).fetch_all(db).await?;
    let mut by_stage: BTreeMap<i16, (i64, [Option<f64>; 3])> = BTreeMap::new();
    for (stage, n, which, seconds) in rows {
        let entry = by_stage.entry(stage).or_insert((n, [None; 3]));
        if let Some(slot) = usize::try_from(which - 1)
            .ok()
            .and_then(|i| entry.1.get_mut(i))
        {
            *slot = seconds;
        }
    }
    let mut velocity = Vec::with_capacity(by_stage.len());
    for (stage, (n, values)) in by_stage {
        let [Some(low), Some(high), Some(p90)] = values else {
            tracing::warn!(stage, "velocity histogram and durations disagree");
            return Ok(None);
        };
        velocity.push((stage, median_between(n, low, high), p90));
    }
    Ok(Some(velocity))
}

/// `percentile_cont(0.5)` of `n` sorted values, from the two values at floor and
/// ceil of 0.5 (n - 1): PostgreSQL's interpolation, `low + proportion * (high - low)`.
fn median_between(n: i64, low: f64, high: f64) -> f64 {
    let position = 0.5 * (n - 1) as f64;
    let first = position.floor();
    if first == position.ceil() {
        low
    } else {
        low + (position - first) * (high - low)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_interpolates_as_postgresql_does() {
        // An odd count has a middle value; an even one lies halfway between two.
        assert_eq!(median_between(5, 3.0, 3.0), 3.0);
        assert_eq!(median_between(4, 2.0, 3.0), 2.5);
        assert_eq!(median_between(2, 10.0, 20.0), 15.0);
        assert_eq!(median_between(1, 7.0, 7.0), 7.0);
    }

    #[test]
    fn a_period_is_its_whole_days_and_the_hours_at_either_end() {
        let at = |d, h| {
            NaiveDate::from_ymd_opt(2026, 11, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
                .and_utc()
        };
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let span = |from, to| Span::of(Period { from, to });
        // Midnight to midnight: days alone.
        assert_eq!(
            span(at(1, 0), at(20, 0)),
            Span {
                days: (day(1), day(20)),
                edges: None
            }
        );
        // From 09:00 on the 1st to 15:00 on the 20th: the 2nd to the 19th, and two edges.
        assert_eq!(
            span(at(1, 9), at(20, 15)),
            Span {
                days: (day(2), day(20)),
                edges: Some([at(1, 9), at(2, 0), at(20, 0), at(20, 15)])
            }
        );
        // One edge empty when one end is at midnight.
        assert_eq!(
            span(at(1, 0), at(3, 6)).edges,
            Some([at(1, 0), at(1, 0), at(3, 0), at(3, 6)])
        );
        // Across one midnight: no whole day, the hours on each side.
        assert_eq!(
            span(at(1, 18), at(2, 6)),
            Span {
                days: (day(2), day(2)),
                edges: Some([at(1, 18), at(2, 0), at(2, 0), at(2, 6)])
            }
        );
        // Inside one day: all edge, the whole days empty.
        assert_eq!(
            span(at(5, 6), at(5, 18)),
            Span {
                days: (day(5), day(5)),
                edges: Some([at(5, 6), at(5, 18), at(5, 18), at(5, 18)])
            }
        );
    }

    #[test]
    fn the_calls_of_an_edge_are_its_whole_hours_and_the_minutes_around_them() {
        let at = |d, h, m, s| {
            NaiveDate::from_ymd_opt(2026, 11, d)
                .unwrap()
                .and_hms_opt(h, m, s)
                .unwrap()
                .and_utc()
        };
        // The whole hours of one edge, `[from, to)`, with the other edge empty.
        let hours = |from, to| {
            let hours = whole_hours([from, to, to, to]);
            assert_eq!(hours[2..], [to, to], "an empty edge has no hours");
            (hours[0], hours[1])
        };
        // 09:30 to midnight: 10:00 to midnight. Midnight to 14:45: midnight to 14:00.
        assert_eq!(
            hours(at(1, 9, 30, 0), at(2, 0, 0, 0)),
            (at(1, 10, 0, 0), at(2, 0, 0, 0))
        );
        assert_eq!(
            hours(at(20, 0, 0, 0), at(20, 14, 45, 0)),
            (at(20, 0, 0, 0), at(20, 14, 0, 0))
        );
        // On the hour: every hour whole, nothing left for the raw tables.
        assert_eq!(
            hours(at(1, 6, 0, 0), at(1, 18, 0, 0)),
            (at(1, 6, 0, 0), at(1, 18, 0, 0))
        );
        // No whole hour inside: the empty range at the edge's end, so the raw tables
        // read all of it.
        assert_eq!(
            hours(at(5, 10, 15, 0), at(5, 10, 50, 0)),
            (at(5, 10, 50, 0), at(5, 10, 50, 0))
        );
        assert_eq!(
            hours(at(5, 10, 59, 59), at(5, 11, 0, 1)),
            (at(5, 11, 0, 1), at(5, 11, 0, 1))
        );
        // Fractions of a second count: 08:00:00.5 starts the whole hours at 09:00.
        let late = at(7, 8, 0, 0) + TimeDelta::milliseconds(500);
        assert_eq!(
            hours(late, at(8, 0, 0, 0)),
            (at(7, 9, 0, 0), at(8, 0, 0, 0))
        );
        // Each edge has its own hours.
        assert_eq!(
            whole_hours([
                at(1, 9, 30, 0),
                at(2, 0, 0, 0),
                at(20, 0, 0, 0),
                at(20, 14, 45, 0)
            ]),
            [
                at(1, 10, 0, 0),
                at(2, 0, 0, 0),
                at(20, 0, 0, 0),
                at(20, 14, 0, 0)
            ]
        );
    }

    #[test]
    fn whole_months_are_read_from_month_rows() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // Two years from the 24th: 23 whole months, the days at both ends.
        assert_eq!(
            whole_months((day(2024, 11, 24), day(2026, 11, 24))),
            (day(2024, 12, 1), day(2026, 11, 1))
        );
        // From the first of a month to the first of another: months only.
        assert_eq!(
            whole_months((day(2026, 10, 1), day(2026, 12, 1))),
            (day(2026, 10, 1), day(2026, 12, 1))
        );
        // No whole month inside: an empty range, so day rows cover it all.
        assert_eq!(
            whole_months((day(2026, 10, 5), day(2026, 10, 20))),
            (day(2026, 10, 20), day(2026, 10, 20))
        );
        assert_eq!(
            whole_months((day(2026, 10, 5), day(2026, 11, 20))),
            (day(2026, 11, 20), day(2026, 11, 20))
        );
    }
}
