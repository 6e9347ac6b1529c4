//! Upkeep of the dashboard rollups (migration 0003): every write adds its deltas in
//! its own transaction; `compact` folds them into the rollup rows, and `rebuild`
//! recomputes everything from the raw tables.

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

/// Recompute every rollup from the raw tables, holding writes off meanwhile. Returns
/// the number of leads counted.
pub async fn rebuild(db: &PgPool) -> StoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT rollup_rebuild()")
        .fetch_one(db)
        .await?)
}

/// Compact every `COMPACT_EVERY` until the process ends; a failure is logged and the
/// next round tries again (readers stay exact meanwhile, only a little slower).
pub async fn compact_forever(db: PgPool) {
    let mut ticks = tokio::time::interval(COMPACT_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match compact(&db).await {
            Ok(Some(folded)) if folded > 0 => tracing::debug!(folded, "rollups compacted"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "cannot compact the rollups"),
        }
    }
}
