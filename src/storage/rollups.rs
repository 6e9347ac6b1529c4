//! Upkeep of the dashboard rollups (migrations 0003, 0006, 0011, 0014 and 0016): every
//! write adds its deltas in its own transaction; `compact` folds them into the rollup
//! rows, and `rebuild` recomputes everything from the raw tables.

use std::time::Duration;

use sqlx::PgPool;

use super::StoreResult;

/// How often a serving node folds pending deltas into the rollups.
pub const COMPACT_EVERY: Duration = Duration::from_secs(2);

/// Fold the pending deltas into the rollups. Returns how many delta rows were folded,
/// or `None` when another node or command was compacting at the time.
pub async fn compact(db: &PgPool) -> StoreResult<Option<i64>> {
    let folded: i64 = sqlx::query_scalar("SELECT rollup_compact()")
        .fetch_one(db)
        .await?;
    Ok((folded >= 0).then_some(folded))
}

/// The tables compaction empties: readers scan them on every request.
const DELTA_TABLES: &str = "rollup_cohort_delta, rollup_reaches_delta, rollup_lost_delta, \
     rollup_calls_delta, rollup_calls_hours_delta, rollup_advanced_delta, \
     rollup_velocity_cohort_delta, rollup_velocity_activity_delta, rollup_follow_ups_delta";

/// Above this many rows folded in one compaction, the delta tables are vacuumed at
/// once rather than when autovacuum comes round: readers scan their dead rows meanwhile.
const VACUUM_AFTER: i64 = 50_000;

/// Recompute every rollup from the raw tables, holding writes off meanwhile, then
/// vacuum and analyze the result. Returns the number of leads counted.
///
/// Every row the rebuild wrote is new: until a vacuum marks their pages all-visible,
/// the readers' index-only scans visit the table for each entry (the 730-day funnel at
/// 10M calls took 0.7 s instead of 60 ms). Autovacuum would come round in time, or
/// never where it is off; this does it at once.
pub async fn rebuild(db: &PgPool) -> StoreResult<i64> {
    let leads = sqlx::query_scalar("SELECT rollup_rebuild()")
        .fetch_one(db)
        .await?;
    sqlx::query(
        "VACUUM (ANALYZE) rollup_cohort, rollup_reaches, rollup_lost, rollup_calls, rollup_calls_hours, \
         rollup_advanced, rollup_velocity_cohort, rollup_velocity_activity, velocity_pairs, \
         velocity_tag_pairs, rollup_follow_ups",
    )
    .execute(db)
    .await?;
    Ok(leads)
}

/// Reclaim the delta tables' dead rows (after a burst of writes, such as an import).
pub async fn vacuum_deltas(db: &PgPool) -> StoreResult<()> {
    sqlx::query(&format!("VACUUM (ANALYZE) {DELTA_TABLES}"))
        .execute(db)
        .await?;
    Ok(())
}

/// Compact every `COMPACT_EVERY` until the process ends; a failure is logged and the
/// next round tries again (readers stay exact meanwhile, only a little slower).
pub async fn compact_forever(db: PgPool) {
    let mut ticks = tokio::time::interval(COMPACT_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match compact(&db).await {
            Ok(Some(folded)) if folded > VACUUM_AFTER => {
                tracing::debug!(folded, "rollups compacted");
                if let Err(e) = vacuum_deltas(&db).await {
                    tracing::warn!(error = %e, "cannot vacuum the rollup deltas");
                }
            }
            Ok(Some(folded)) if folded > 0 => tracing::debug!(folded, "rollups compacted"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "cannot compact the rollups"),
        }
    }
}
