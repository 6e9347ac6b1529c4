//! The counts and sums behind SPEC section 4.
//!
//! A period that starts and ends at midnight UTC (every period the dashboard offers,
//! and the API's default) reads the day rollups of migration 0003: the rollup rows of
//! the grain the filters ask for plus the deltas not yet compacted, so the cost
//! follows the days, channels and reps in the period, never the rows. Any other
//! period reads the raw tables (`raw`), which are also the definitions the rollups
//! are tested against. Three figures do not add up across days and always come from
//! the raw tables through time indexes: stage velocity (percentiles), leads advanced
//! (distinct leads) and overdue follow-ups (a snapshot now).

pub mod raw;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::metrics::{CallCounts, CostInputs, FunnelCounts, FunnelView, Period, RepCounts};
use crate::storage::StoreResult;

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

/// Which rows of a rollup to read: grouped per channel and / or per owner, or summed.
#[derive(Clone, Copy, Default)]
struct Grain {
    per_channel: bool,
    per_owner: bool,
}

/// `(SELECT columns FROM rollup ... UNION ALL SELECT columns FROM its deltas ...) u`:
/// the rows of `table` for the period's days ($1, $2) at the grain the filters ($3
/// channel, $4 owner, $5 tag name) and `grain` ask for. `columns` are over alias `r`.
fn rollup_rows(table: &str, columns: &str, filters: &Filters, grain: Grain) -> String {
    let tag = if filters.tag.is_some() {
        "r.tag_id = (SELECT t.id FROM tags t WHERE t.name = $5)"
    } else {
        "r.tag_id IS NULL"
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
    format!(
        "(SELECT {columns} FROM {table} r WHERE r.day >= $1 AND r.day < $2 AND {tag} AND {source} AND {owner} \
          UNION ALL \
          SELECT {columns} FROM {table}_delta r WHERE r.day >= $1 AND r.day < $2 AND {tag} AND {delta_source} AND {delta_owner}) u"
    )
}

fn rollup_query<'q, O>(
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
    let (reached_sql, lost_sql) = match view {
        FunnelView::Cohort => (
            format!(
                "SELECT u.max_stage, sum(u.leads)::int8 FROM {} GROUP BY 1",
                rollup_rows("rollup_cohort", "r.max_stage, r.leads", filters, Grain::default())
            ),
            format!(
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
        ),
        FunnelView::Activity => (
            format!(
                "SELECT u.stage, sum(u.leads)::int8 FROM {} GROUP BY 1",
                rollup_rows("rollup_reaches", "r.stage, r.leads", filters, Grain::default())
            ),
            format!(
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
        ),
    };
    let by_stage: Vec<(i16, i64)> = rollup_query(&reached_sql, days, filters)
        .fetch_all(db)
        .await?;
    counts.reached = match view {
        // Cohort rows count leads by max stage; activity rows count reaches of each stage.
        FunnelView::Cohort => raw::reached_from_counts(&by_stage),
        FunnelView::Activity => {
            let mut reached = [0; 7];
            for (stage, leads) in by_stage {
                reached[stage.clamp(0, 6) as usize] = leads;
            }
            reached
        }
    };
    let lost: Vec<(i16, String, i64)> =
        rollup_query(&lost_sql, days, filters).fetch_all(db).await?;
    raw::add_lost(&mut counts, lost);
    raw::velocity(db, view, period, filters, &mut counts).await?;
    Ok(counts)
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
    let spend_by_channel = raw::spend_by_channel(db, period, filters).await?;
    let per_channel = Grain {
        per_channel: true,
        per_owner: false,
    };
    let sql = format!(
        "SELECT u.source, u.max_stage, sum(u.leads)::int8, sum(u.revenue)::int8 FROM {} GROUP BY 1, 2",
        rollup_rows(
            "rollup_cohort",
            "r.source, r.max_stage, r.leads, r.revenue",
            filters,
            per_channel
        )
    );
    let cohort: Vec<(String, i16, i64, i64)> =
        rollup_query(&sql, days, filters).fetch_all(db).await?;
    let by_max: Vec<(i16, i64)> = cohort.iter().map(|(_, stage, n, _)| (*stage, *n)).collect();
    let revenue = cohort.iter().map(|(_, _, _, revenue)| revenue).sum();
    // Leads with no channel are counted under '' and belong to no channel's row.
    let cohort_by_channel = cohort
        .iter()
        .filter(|(source, _, _, _)| !source.is_empty())
        .map(|(source, _, leads, _)| (Some(source.clone()), *leads));
    Ok(CostInputs {
        spend: spend_by_channel.iter().map(|(_, amount)| amount).sum(),
        dials: call_counts(db, period, filters).await?.dials,
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
    let per_owner = Grain {
        per_channel: false,
        per_owner: true,
    };
    let sql = format!(
        "SELECT u.owner_id, sum(u.dials)::int8, sum(u.connected)::int8, sum(u.intent_clear)::int8, \
                sum(u.talk_seconds)::int8 FROM {} GROUP BY 1 HAVING sum(u.dials) > 0",
        rollup_rows(
            "rollup_calls",
            "r.owner_id, r.dials, r.connected, r.intent_clear, r.talk_seconds",
            filters,
            per_owner
        )
    );
    let calls: Vec<(Uuid, i64, i64, i64, i64)> =
        rollup_query(&sql, days, filters).fetch_all(db).await?;
    let sql = format!(
        "SELECT u.owner_id, sum(u.leads)::int8, sum(u.revenue)::int8 FROM {} WHERE u.stage = 5 GROUP BY 1",
        rollup_rows(
            "rollup_reaches",
            "r.owner_id, r.stage, r.leads, r.revenue",
            filters,
            per_owner
        )
    );
    let deals: HashMap<Uuid, (i64, i64)> = rollup_query::<(Uuid, i64, i64)>(&sql, days, filters)
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|(owner, leads, revenue)| (owner, (leads, revenue)))
        .collect();
    let by_owner = |rows: Vec<(Option<Uuid>, i64)>| -> HashMap<Uuid, i64> {
        rows.into_iter()
            .filter_map(|(owner, n)| owner.map(|o| (o, n)))
            .collect()
    };
    let advanced = by_owner(raw::leads_advanced(db, period, filters).await?);
    let overdue = by_owner(raw::overdue_follow_ups(db, period, filters, now).await?);

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
                overdue_follow_ups: overdue.get(&rep_id).copied().unwrap_or_default(),
            }
        })
        .collect())
}
