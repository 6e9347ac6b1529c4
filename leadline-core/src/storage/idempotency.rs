//! Idempotency keys: a retried POST returns the first answer and stores nothing new.

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::StoreResult;

/// What a key already stands for.
pub enum Claim {
    /// The key is new: do the work in this transaction, then `save` the answer.
    Fresh,
    /// The key was used with this same request: here is the first answer.
    Replay {
        status: u16,
        body: serde_json::Value,
    },
    /// The key was used with a different request.
    Mismatch,
}

/// Claim `key` for this request inside the caller's transaction. A concurrent request
/// with the same key waits on the row until this transaction ends, then replays.
#[tracing::instrument(skip_all)]
pub async fn claim(
    tx: &mut Transaction<'_, Postgres>,
    user_id: Uuid,
    key: &str,
    request_hash: &[u8],
) -> StoreResult<Claim> {
    let inserted = sqlx::query!(
        "INSERT INTO idempotency_keys (user_id, key, request_hash, response_status, response_body)
         VALUES ($1, $2, $3, 0, 'null') ON CONFLICT DO NOTHING",
        user_id,
        key,
        request_hash,
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(Claim::Fresh);
    }
    let stored = sqlx::query!(
        "SELECT request_hash, response_status, response_body FROM idempotency_keys
         WHERE user_id = $1 AND key = $2",
        user_id,
        key,
    )
    .fetch_one(&mut **tx)
    .await?;
    if stored.request_hash != request_hash {
        return Ok(Claim::Mismatch);
    }
    Ok(Claim::Replay {
        status: stored.response_status as u16,
        body: stored.response_body,
    })
}

/// Record the answer given for a fresh key, in the same transaction as the work.
pub async fn save(
    tx: &mut Transaction<'_, Postgres>,
    user_id: Uuid,
    key: &str,
    status: u16,
    body: &serde_json::Value,
) -> StoreResult<()> {
    sqlx::query!(
        "UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2",
        user_id,
        key,
        status as i16,
        body,
    )
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Keys removed per statement: each batch is its own short transaction.
const PRUNE_BATCH: i64 = 10_000;

/// Remove the keys used before `before`, in batches; how many went. A retry after that
/// is a new request. Nodes pruning at once skip each other's rows.
#[tracing::instrument(skip_all)]
pub async fn prune(db: &PgPool, before: DateTime<Utc>) -> StoreResult<u64> {
    let mut removed = 0;
    loop {
        let batch = sqlx::query!(
            "DELETE FROM idempotency_keys WHERE (user_id, key) IN (
                 SELECT user_id, key FROM idempotency_keys WHERE created_at < $1
                 LIMIT $2 FOR UPDATE SKIP LOCKED)",
            before,
            PRUNE_BATCH,
        )
        .execute(db)
        .await?
        .rows_affected();
        removed += batch;
        if batch < PRUNE_BATCH as u64 {
            return Ok(removed);
        }
    }
}

/// How often the keys past their days are pruned.
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Prune the keys older than `days` now and every hour, until the task is dropped.
pub async fn prune_forever(db: PgPool, days: u32) {
    let mut ticks = tokio::time::interval(PRUNE_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let before = Utc::now() - chrono::Duration::days(i64::from(days));
        match prune(&db, before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(keys = n, days, "pruned old idempotency keys"),
            Err(e) => tracing::warn!(error = %e, "cannot prune the idempotency keys"),
        }
    }
}
