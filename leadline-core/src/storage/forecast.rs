//! What the forecast reads: the leads closed in a window, by the stages they had reached;
//! the average won deal; the admins' overrides; the open pipeline, valued and dated in SQL;
//! and what was won in a period.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use super::StoreResult;
use crate::domain::forecast::{Closed, PipelineRow, WonRow};
use crate::domain::metrics::Period;
use crate::domain::stage::Stage;

/// Per open stage k (new to evaluate): of the leads won or lost in `window`, those that had
/// reached k, and of them the won.
/// `owners` keeps those owners' leads (`None`: everyone's), as every query here does.
pub async fn closed_by_stage(
    db: &PgPool,
    window: Period,
    owners: Option<&[Uuid]>,
) -> StoreResult<[Closed; 5]> {
    let rows = sqlx::query!(
        r#"SELECT k.stage AS "stage!", count(*) FILTER (WHERE l.status = 'won') AS "won!", count(*) AS "closed!"
           FROM leads l CROSS JOIN generate_series(0, 4) k (stage)
           WHERE l.status <> 'open' AND coalesce(l.won_at, l.lost_at) >= $1 AND coalesce(l.won_at, l.lost_at) < $2
             AND l.max_stage >= k.stage AND ($3::uuid[] IS NULL OR l.owner_id = ANY ($3))
           GROUP BY k.stage"#,
        window.from,
        window.to,
        owners,
    )
    .fetch_all(db)
    .await?;
    let mut closed = [Closed::default(); 5];
    for row in rows {
        if let Some(slot) = usize::try_from(row.stage)
            .ok()
            .and_then(|k| closed.get_mut(k))
        {
            *slot = Closed {
                won: row.won,
                closed: row.closed,
            };
        }
    }
    Ok(closed)
}

/// The average deal value of the leads won in `window`, minor units.
pub async fn average_won(
    db: &PgPool,
    window: Period,
    owners: Option<&[Uuid]>,
) -> StoreResult<Option<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT round(avg(deal_value))::int8 FROM leads
           WHERE status = 'won' AND coalesce(won_at, lost_at) >= $1 AND coalesce(won_at, lost_at) < $2
             AND ($3::uuid[] IS NULL OR owner_id = ANY ($3))"#,
        window.from,
        window.to,
        owners,
    )
    .fetch_one(db)
    .await?)
}

/// What values an open lead: its stage's chance of reaching `decide` and the seconds to
/// get there (open stages, new to evaluate), and the average won deal where it has no value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weights {
    pub chance: [f64; 5],
    pub to_decide: [Option<f64>; 5],
    pub average: i64,
}

/// The admins' chances per open stage, where one is set.
pub async fn overrides(db: impl PgExecutor<'_>) -> StoreResult<[Option<f64>; 5]> {
    let mut set = [None; 5];
    for row in sqlx::query!("SELECT stage, probability FROM forecast_overrides")
        .fetch_all(db)
        .await?
    {
        if let Some(slot) = usize::try_from(row.stage).ok().and_then(|k| set.get_mut(k)) {
            *slot = Some(row.probability);
        }
    }
    Ok(set)
}

/// Set (or, with `None`, clear) an admin's chance for `stage`.
pub async fn set_override(
    db: impl PgExecutor<'_>,
    stage: Stage,
    probability: Option<f64>,
    by: Option<Uuid>,
) -> StoreResult<()> {
    match probability {
        Some(p) => sqlx::query!(
            "INSERT INTO forecast_overrides (stage, probability, set_by) VALUES ($1, $2, $3)
             ON CONFLICT (stage) DO UPDATE SET probability = excluded.probability, set_by = excluded.set_by,
                                               set_at = now()",
            stage.index(),
            p,
            by,
        )
        .execute(db)
        .await?,
        None => sqlx::query!("DELETE FROM forecast_overrides WHERE stage = $1", stage.index())
            .execute(db)
            .await?,
    };
    Ok(())
}

/// The open leads at `new` to `evaluate`, each worth `chance[stage]` × its deal value (or
/// `average`), expected to close when it reached its stage plus `to_decide[stage]` seconds
/// and not before `now`; summed by owner, channel and month (months after `this_month`, in the
/// company's zone; undated where `to_decide` is unknown).
pub async fn pipeline(
    db: &PgPool,
    weights: &Weights,
    owners: Option<&[Uuid]>,
    now: DateTime<Utc>,
    this_month: NaiveDate,
    zone: &str,
) -> StoreResult<Vec<PipelineRow>> {
    let Weights {
        chance,
        to_decide,
        average,
    } = weights;
    let month_number = this_month.year() * 12 + this_month.month0() as i32;
    let rows = sqlx::query!(
        r#"SELECT l.owner_id, l.source,
                  CASE WHEN ($2::float8[])[l.stage + 1] IS NULL THEN NULL
                       ELSE (extract(year FROM c.local) * 12 + extract(month FROM c.local) - 1)::int4 - $6 END AS month,
                  sum(($1::float8[])[l.stage + 1] * coalesce(l.deal_value, $3))::float8 AS "expected!",
                  count(*) AS "leads!"
           FROM leads l
           LEFT JOIN stage_reaches r ON r.lead_id = l.id AND r.stage = l.stage
           CROSS JOIN LATERAL (
               SELECT greatest($4, coalesce(r.reached_at, l.created_at)
                                   + make_interval(secs => ($2::float8[])[l.stage + 1])) AT TIME ZONE $5 AS local
           ) c
           WHERE l.status = 'open' AND l.stage <= 4 AND ($7::uuid[] IS NULL OR l.owner_id = ANY ($7))
           GROUP BY 1, 2, 3"#,
        &chance[..],
        to_decide as &[Option<f64>],
        average,
        now,
        zone,
        month_number,
        owners,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PipelineRow {
            owner_id: r.owner_id,
            source: r.source,
            month: r.month,
            expected: r.expected,
            leads: r.leads,
        })
        .collect())
}

/// The deals won in `period`, by owner and channel.
pub async fn won_in(
    db: &PgPool,
    period: Period,
    owners: Option<&[Uuid]>,
) -> StoreResult<Vec<WonRow>> {
    Ok(sqlx::query!(
        r#"SELECT owner_id, source, coalesce(sum(deal_value), 0)::int8 AS "revenue!", count(*) AS "won!"
           FROM leads
           WHERE status = 'won' AND coalesce(won_at, lost_at) >= $1 AND coalesce(won_at, lost_at) < $2
             AND ($3::uuid[] IS NULL OR owner_id = ANY ($3))
           GROUP BY 1, 2"#,
        period.from,
        period.to,
        owners,
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| WonRow {
        owner_id: r.owner_id,
        source: r.source,
        revenue: r.revenue,
        won: r.won,
    })
    .collect())
}
