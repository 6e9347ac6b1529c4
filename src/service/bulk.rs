//! Bulk changes of more leads than a page waits for (`LEADLINE_BULK_INLINE_LIMIT`): the
//! list queues them, and a node makes each in one transaction that also marks it done
//! (`storage::leads::make_queued_bulk_change`).

use std::time::Duration;

use sqlx::PgPool;
use uuid::Uuid;

use crate::storage::leads;

/// How often a node looks for queued changes no node is making: those a stopped node left.
const LOOK_EVERY: Duration = Duration::from_secs(15);

/// Make the queued change `id`, unless another node is making it or it is made. A change
/// that fails is marked failed: nothing of it was made, and it is not tried again.
pub async fn make(db: PgPool, id: Uuid) {
    match leads::make_queued_bulk_change(&db, Some(id)).await {
        Ok(Some((id, changed))) => tracing::info!(%id, changed, "a queued bulk change is made"),
        Ok(None) => {}
        Err(e) => {
            tracing::warn!(%id, error = %e, "a queued bulk change failed; nothing of it was made");
            if let Err(e) = leads::fail_bulk_change(&db, id).await {
                tracing::warn!(%id, error = %e, "cannot mark a bulk change failed");
            }
        }
    }
}

/// Take up, one after another, the queued changes no node is making.
pub async fn make_forever(db: PgPool) {
    let mut every = tokio::time::interval(LOOK_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match leads::queued_bulk_changes(&db).await {
            Ok(ids) => {
                for id in ids {
                    make(db.clone(), id).await;
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot read the queued bulk changes"),
        }
    }
}
