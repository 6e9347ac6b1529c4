//! Recovery (lead farming, SPEC section 4): per stage, the leads lost there, returned,
//! recovered and won, from the recovery rollups (migration 0050, kept by
//! `rollup_add_recovery` in sql/rollups.sql): by the day the lead came in (the cohort) or
//! by the day of its first loss at the stage (the activity view).

use super::*;
use crate::domain::metrics::RecoveryCounts;

/// The columns a recovery rollup's readers sum, after its stage.
const COUNTS: &str = "r.lost, r.returned, r.recovered, r.won, r.revenue";

fn rollup_of(view: FunnelView) -> Rollup {
    match view {
        FunnelView::Cohort => Rollup::RecoveryCohort,
        FunnelView::Activity => Rollup::RecoveryActivity,
    }
}

/// Recovery counts per stage for the period, `[k]` for stage k.
#[tracing::instrument(skip_all)]
pub async fn recovery_counts(
    db: &mut PgConnection,
    view: FunnelView,
    period: Period,
    filters: &Filters,
) -> StoreResult<[RecoveryCounts; 7]> {
    let span = Span::of(period);
    let sql = format!(
        "SELECT u.stage, sum(u.lost)::int8, sum(u.returned)::int8, sum(u.recovered)::int8, \
                sum(u.won)::int8, sum(u.revenue)::int8 \
         FROM {} GROUP BY 1",
        rollup_rows(
            rollup_of(view),
            &format!("r.stage, {COUNTS}"),
            filters,
            Grain::default(),
            span
        )
    );
    let rows = rollup_query::<(i16, i64, i64, i64, i64, i64)>(&sql, span, filters)
        .fetch_all(&mut *db)
        .await?;
    Ok(by_stage(rows))
}

/// Per owner, the leads first lost at a stage in the period and of them those recovered,
/// summed over the stages (the reps table's recovery): `(owner, lost, recovered)`.
#[tracing::instrument(skip_all)]
pub async fn recovery_per_owner(
    db: &mut PgConnection,
    period: Period,
    filters: &Filters,
) -> StoreResult<Vec<(Uuid, i64, i64)>> {
    let span = Span::of(period);
    let per_owner = Grain {
        per_channel: false,
        per_owner: true,
    };
    let sql = format!(
        "SELECT u.owner_id, sum(u.lost)::int8, sum(u.recovered)::int8 FROM {} GROUP BY 1",
        rollup_rows(
            Rollup::RecoveryActivity,
            &format!("r.owner_id, {COUNTS}"),
            filters,
            per_owner,
            span
        )
    );
    Ok(rollup_query::<(Uuid, i64, i64)>(&sql, span, filters)
        .fetch_all(&mut *db)
        .await?)
}

pub(super) fn by_stage(rows: Vec<(i16, i64, i64, i64, i64, i64)>) -> [RecoveryCounts; 7] {
    let mut counts = [RecoveryCounts::default(); 7];
    for (stage, lost, returned, recovered, won, revenue) in rows {
        counts[stage.clamp(0, 6) as usize] = RecoveryCounts {
            lost,
            returned,
            recovered,
            won,
            revenue,
        };
    }
    counts
}

/// The rows a recovery rollup would hold for the edges of a period (see
/// `Rollup::edge_rows`): each lead's recovery as `rollup_recovery_of` (sql/rollups.sql) makes it,
/// under the lead as the rollups count it, for the leads that came in during the edges
/// (cohort) or were first lost at a stage during them (activity).
pub(super) fn edge_rows(view: FunnelView) -> String {
    let farmed = "SELECT x.source, x.owner_id, f.stage, 1 AS lost, f.returned::int AS returned, \
                         f.recovered::int AS recovered, (f.recovered AND x.max_stage >= 5)::int AS won, \
                         CASE WHEN f.recovered THEN x.revenue ELSE 0 END AS revenue";
    let lead_filter = lead_filter();
    match view {
        FunnelView::Cohort => format!(
            "{farmed} FROM leads l {LEAD_AS_COUNTED} \
             CROSS JOIN LATERAL rollup_recovery_of(ARRAY[l.id]) f \
             WHERE {} AND {lead_filter}",
            in_edges("l.created_at")
        ),
        FunnelView::Activity => format!(
            "{farmed} FROM leads l {LEAD_AS_COUNTED} \
             CROSS JOIN LATERAL rollup_recovery_of(ARRAY[l.id]) f \
             WHERE l.id IN (SELECT e.lead_id FROM stage_events e WHERE e.kind = 'lost' AND {}) \
               AND {} AND {lead_filter}",
            in_edges("e.created_at"),
            in_edges("f.lost_at")
        ),
    }
}

/// The reps' counts with each rep's recovery from `per_owner` (`recovery_per_owner`).
pub(super) fn with_recovery(
    mut reps: Vec<RepCounts>,
    per_owner: &[(Uuid, i64, i64)],
) -> Vec<RepCounts> {
    let by_owner: HashMap<Uuid, (i64, i64)> = per_owner
        .iter()
        .map(|&(owner, lost, recovered)| (owner, (lost, recovered)))
        .collect();
    for rep in &mut reps {
        let (lost, recovered) = by_owner.get(&rep.rep_id).copied().unwrap_or_default();
        rep.lost = lost;
        rep.recovered = recovered;
    }
    reps
}
