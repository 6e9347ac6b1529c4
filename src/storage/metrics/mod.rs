//! The counts and sums behind SPEC section 4.
//!
//! A period that starts and ends at midnight UTC (every period the dashboard offers,
//! and the API's default) reads the day rollups of migration 0003: the rollup rows of
//! the grain the filters ask for plus the deltas not yet compacted, so the cost
//! follows the days, channels and reps in the period, never the rows. Any other
//! period reads the raw tables (`raw`), which are also the definitions the rollups
//! are tested against. Two figures do not add up across days and have rollups of
//! their own (migration 0006): stage velocity, from histograms of the durations and
//! the few durations of the buckets its percentiles fall in, and leads advanced, from
//! advances counted with the day of the lead's previous advance. Overdue follow-ups
//! are a snapshot at a moment, from a rollup of open follow-ups by the day they fall
//! on (migration 0011), completed by the leads due earlier that same day.

pub mod raw;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Utc};
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

/// The first and the day after the last day of a period that covers whole UTC days.
fn whole_days(period: Period) -> Option<(NaiveDate, NaiveDate)> {
    let midnight = |t: DateTime<Utc>| t.time() == NaiveTime::MIN;
    (midnight(period.from) && midnight(period.to))
        .then(|| (period.from.date_naive(), period.to.date_naive()))
}

/// Whether the figures of `period` are read from the rollups, which hold whole UTC
/// days; a period that starts or ends inside a day is computed from the raw tables.
pub fn from_rollups(period: Period) -> bool {
    whole_days(period).is_some()
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
/// the rows of `table` for the period ($1, $2; its whole months $6, $7) at the grain
/// the filters and `grain` ask for. `columns` are over alias `r`.
fn rollup_rows(table: &str, columns: &str, filters: &Filters, grain: Grain) -> String {
    let (rollup, delta) = grain_conditions(filters, grain);
    format!(
        "({} \
          UNION ALL \
          SELECT {columns} FROM {table}_delta r WHERE r.day >= $1 AND r.day < $2 AND {delta}) u",
        period_rows(table, columns, &rollup)
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

/// A query over `rollup_rows`: `filtered_query` and the period's whole months ($6, $7).
fn rollup_query<'q, O>(
    sql: &'q str,
    days: (NaiveDate, NaiveDate),
    filters: &'q Filters,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let months = whole_months(days);
    filtered_query(sql, days, filters)
        .bind(months.0)
        .bind(months.1)
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
    let Some(days) = whole_days(period) else {
        return raw::funnel_counts(db, view, period, filters).await;
    };
    let mut counts = FunnelCounts::default();
    let lost_sql = match view {
        FunnelView::Cohort => format!(
            "SELECT u.lost_stage, coalesce(lr.label, 'Unspecified'), sum(u.leads)::int8 FROM {} \
             LEFT JOIN lost_reasons lr ON lr.id = u.lost_reason_id \
             WHERE u.lost_stage >= 0 GROUP BY 1, 2 HAVING sum(u.leads) > 0 ORDER BY 1, 3 DESC, 2",
            rollup_rows(
                "rollup_cohort",
                "r.lost_stage, r.lost_reason_id, r.leads",
                filters,
                Grain::default()
            )
        ),
        FunnelView::Activity => format!(
            "SELECT u.stage, coalesce(lr.label, 'Unspecified'), sum(u.leads)::int8 FROM {} \
             LEFT JOIN lost_reasons lr ON lr.id = u.lost_reason_id \
             GROUP BY 1, 2 HAVING sum(u.leads) > 0 ORDER BY 1, 3 DESC, 2",
            rollup_rows(
                "rollup_lost",
                "r.stage, r.lost_reason_id, r.leads",
                filters,
                Grain::default()
            )
        ),
    };
    // The three reads are independent: run them side by side on the pool.
    let (reached, lost, velocity) = tokio::try_join!(
        reached(db, view, days, filters),
        rollup_query::<(i16, String, i64)>(&lost_sql, days, filters)
            .fetch_all(db)
            .err_into(),
        velocity(db, view, days, filters),
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
    match whole_days(period) {
        Some(days) => reached(db, view, days, filters).await,
        None => raw::funnel_reached(db, view, period, filters).await,
    }
}

/// Leads that reached each stage in the whole days `days`: cohort rows count leads by
/// max stage, activity rows count the first reaches of each stage.
async fn reached(
    db: &PgPool,
    view: FunnelView,
    days: (NaiveDate, NaiveDate),
    filters: &Filters,
) -> StoreResult<[i64; 7]> {
    let sql = match view {
        FunnelView::Cohort => format!(
            "SELECT u.max_stage, sum(u.leads)::int8 FROM {} GROUP BY 1",
            rollup_rows(
                "rollup_cohort",
                "r.max_stage, r.leads",
                filters,
                Grain::default()
            )
        ),
        FunnelView::Activity => format!(
            "SELECT u.stage, sum(u.leads)::int8 FROM {} GROUP BY 1",
            rollup_rows(
                "rollup_reaches",
                "r.stage, r.leads",
                filters,
                Grain::default()
            )
        ),
    };
    let by_stage: Vec<(i16, i64)> = rollup_query(&sql, days, filters).fetch_all(db).await?;
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
    let Some(days) = whole_days(period) else {
        return raw::call_counts(db, period, filters).await;
    };
    let sql = format!(
        "SELECT coalesce(sum(dials), 0)::int8, coalesce(sum(connected), 0)::int8, \
                coalesce(sum(intent_clear), 0)::int8, coalesce(sum(intent_unclear), 0)::int8, \
                coalesce(sum(intent_none), 0)::int8, coalesce(sum(talk_seconds), 0)::int8, \
                coalesce(sum(unanswered_ring_seconds), 0)::int8, \
                coalesce(sum(unanswered_without_ring), 0)::int8, coalesce(sum(do_not_call), 0)::int8 \
         FROM {}",
        rollup_rows(
            "rollup_calls",
            "r.dials, r.connected, r.intent_clear, r.intent_unclear, r.intent_none, r.talk_seconds, \
             r.unanswered_ring_seconds, r.unanswered_without_ring, r.do_not_call",
            filters,
            Grain::default()
        )
    );
    #[allow(clippy::type_complexity)]
    let row: (i64, i64, i64, i64, i64, i64, i64, i64, i64) =
        rollup_query(&sql, days, filters).fetch_one(db).await?;
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
    let Some(days) = whole_days(period) else {
        return raw::cost_inputs(db, period, filters).await;
    };
    let per_channel = Grain {
        per_channel: true,
        per_owner: false,
    };
    let sql = format!(
        "SELECT u.source, u.max_stage, sum(u.leads)::int8, sum(u.revenue)::int8 FROM {} \
         GROUP BY 1, 2 HAVING sum(u.leads) <> 0",
        rollup_rows(
            "rollup_cohort",
            "r.source, r.max_stage, r.leads, r.revenue",
            filters,
            per_channel
        )
    );
    // The three reads are independent: run them side by side on the pool.
    let (spend_by_channel, cohort, calls) = tokio::try_join!(
        raw::spend_by_channel(db, period, filters),
        rollup_query::<(String, i16, i64, i64)>(&sql, days, filters)
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
    let Some(days) = whole_days(period) else {
        return raw::rep_counts(db, period, filters, now).await;
    };
    let (sums, overdue) = tokio::try_join!(
        rep_sums(db, days, filters),
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
    let (Some(days), Some(days_before)) = (whole_days(period), whole_days(previous)) else {
        return tokio::try_join!(
            rep_counts(db, period, filters, now),
            rep_counts(db, previous, filters, now)
        );
    };
    let (sums, sums_before, overdue) = tokio::try_join!(
        rep_sums(db, days, filters),
        rep_sums(db, days_before, filters),
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
    let lead_filter = raw::LEAD_FILTER;
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
async fn rep_sums(
    db: &PgPool,
    days: (NaiveDate, NaiveDate),
    filters: &Filters,
) -> StoreResult<Vec<RepCounts>> {
    let per_owner = Grain {
        per_channel: false,
        per_owner: true,
    };
    let calls_sql = format!(
        "SELECT u.owner_id, sum(u.dials)::int8, sum(u.connected)::int8, sum(u.intent_clear)::int8, \
                sum(u.talk_seconds)::int8 FROM {} GROUP BY 1 HAVING sum(u.dials) > 0",
        rollup_rows(
            "rollup_calls",
            "r.owner_id, r.dials, r.connected, r.intent_clear, r.talk_seconds",
            filters,
            per_owner
        )
    );
    let deals_sql = format!(
        "SELECT u.owner_id, sum(u.leads)::int8, sum(u.revenue)::int8 FROM {} WHERE u.stage = 5 GROUP BY 1",
        rollup_rows(
            "rollup_reaches",
            "r.owner_id, r.stage, r.leads, r.revenue",
            filters,
            per_owner
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
    let later = if days.1 - days.0 > SHORT_ADVANCES_PERIOD {
        "daterange(r.prev_day, r.day, '(]') @> $1 AND r.day < $2"
    } else {
        "NOT r.months AND r.prev_day < $1 AND r.day >= $1 AND r.day < $2"
    };
    let advanced_sql = format!(
        "SELECT u.owner_id, sum(u.leads)::int8 FROM ( \
             {} \
             UNION ALL \
             SELECT r.owner_id, r.leads FROM rollup_advanced r \
             WHERE r.prev_day IS NOT NULL AND {later} AND {rollup} \
             UNION ALL \
             SELECT r.owner_id, r.leads FROM rollup_advanced_delta r \
             WHERE r.day >= $1 AND r.day < $2 AND (r.prev_day IS NULL OR r.prev_day < $1) AND {delta}) u \
         GROUP BY 1",
        period_rows(
            "rollup_advanced",
            "r.owner_id, r.leads",
            &format!("r.prev_day IS NULL AND {rollup}")
        )
    );
    // The three reads are independent: run them side by side on the pool.
    let (calls, deals, advanced) = tokio::try_join!(
        rollup_query::<(Uuid, i64, i64, i64, i64)>(&calls_sql, days, filters)
            .fetch_all(db)
            .err_into::<StoreError>(),
        rollup_query::<(Uuid, i64, i64)>(&deals_sql, days, filters)
            .fetch_all(db)
            .err_into(),
        rollup_query::<(Uuid, i64)>(&advanced_sql, days, filters)
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

/// Stage velocity from the rollups alone: `None` where they cannot answer it (a period
/// not in whole days, or histogram and durations disagreeing), and `funnel_counts`
/// reads the raw tables instead. Tests check that the rollups answer by themselves.
pub async fn velocity_from_rollups(
    db: &PgPool,
    view: FunnelView,
    period: Period,
    filters: &Filters,
) -> StoreResult<Option<Vec<(i16, f64, f64)>>> {
    match whole_days(period) {
        Some(days) => velocity(db, view, days, filters).await,
        None => Ok(None),
    }
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
    days: (NaiveDate, NaiveDate),
    filters: &Filters,
) -> StoreResult<Option<Vec<(i16, f64, f64)>>> {
    let (table, day) = match view {
        FunnelView::Cohort => ("rollup_velocity_cohort", "created_day"),
        FunnelView::Activity => ("rollup_velocity_activity", "reached_day"),
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
    // `probes` holds, per stage, bucket and percentile, the durations from the first
    // rank wanted there to the last (`first`, `last` counted within the bucket), read
    // upwards from the bucket's bottom or downwards from its top, whichever is nearer.
    let sql = format!(
        "WITH histogram AS ( \
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
                 THEN ARRAY(SELECT p.seconds FROM {pairs} p WHERE {in_bucket} \
                            ORDER BY p.seconds OFFSET q.first LIMIT q.last - q.first + 1) \
                 ELSE ARRAY(SELECT d.seconds FROM ( \
                                SELECT p.seconds FROM {pairs} p WHERE {in_bucket} \
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
            table,
            "r.stage, r.bucket, r.pairs",
            filters,
            Grain::default()
        )
    );
    let rows: Vec<(i16, i64, i32, Option<f64>)> =
        rollup_query(&sql, days, filters).fetch_all(db).await?;
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
