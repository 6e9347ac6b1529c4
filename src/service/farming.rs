//! Lead farming: lost leads coming back into the funnel on their lost reason's day
//! (`return_forever`), and leads that come back by themselves (a call in, a web form,
//! an import; see `storage::leads::come_back`).

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::storage::leads;
use crate::storage::StoreResult;

/// How often lost leads whose day has come are brought back.
const RETURN_EVERY: Duration = Duration::from_secs(60);
/// Leads brought back per transaction.
const BATCH: i64 = 500;

/// Bring back every lost lead whose day has come by `now`, in batches; returns how many.
/// The loop below calls it with the time of day, tests with a time of their own.
pub async fn return_due(db: &PgPool, now: DateTime<Utc>) -> StoreResult<usize> {
    let mut returned = 0;
    loop {
        let batch = leads::return_due(db, now, BATCH).await?.len();
        returned += batch;
        if batch < BATCH as usize {
            return Ok(returned);
        }
    }
}

/// Every minute, bring back the lost leads whose day has come. Several nodes may run it
/// at once: each takes the leads the others do not hold.
pub async fn return_forever(db: PgPool) {
    let mut every = tokio::time::interval(RETURN_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match return_due(&db, Utc::now()).await {
            Ok(n) if n > 0 => tracing::info!(leads = n, "lost leads came back on their day"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "lead farming: bringing back lost leads failed"),
        }
    }
}
