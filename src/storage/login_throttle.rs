//! Sign-in throttling: failed attempts counted per account (the e-mail typed, whether
//! or not it exists) and per client address over a sliding window. Kept in the
//! database, so every app node sees the same counts.

use std::net::IpAddr;

use sqlx::PgPool;

use super::StoreResult;

/// How far back failures count.
pub const WINDOW_MINUTES: i32 = 15;
/// Failures for one e-mail within the window before it must wait.
pub const PER_ACCOUNT: i64 = 5;
/// Failures from one address within the window before it must wait.
pub const PER_ADDRESS: i64 = 30;

/// Seconds to wait before the next attempt for this e-mail from this address, if
/// either has used up its failures: until the failure that reached the limit leaves
/// the window.
pub async fn wait_seconds(
    db: &PgPool,
    email: &str,
    address: Option<IpAddr>,
) -> StoreResult<Option<i64>> {
    let wait: Option<i64> = sqlx::query_scalar(
        "WITH account AS ( \
             SELECT at FROM login_failures \
             WHERE email = $1 AND at > now() - make_interval(mins => $3) \
             ORDER BY at DESC OFFSET $4 - 1 LIMIT 1), \
         address AS ( \
             SELECT at FROM login_failures \
             WHERE $2::inet IS NOT NULL AND address = $2::inet AND at > now() - make_interval(mins => $3) \
             ORDER BY at DESC OFFSET $5 - 1 LIMIT 1) \
         SELECT ceil(extract(epoch FROM \
             greatest((SELECT at FROM account), (SELECT at FROM address)) \
             + make_interval(mins => $3) - now()))::int8",
    )
    .bind(email)
    .bind(address.map(|a| a.to_string()))
    .bind(WINDOW_MINUTES)
    .bind(PER_ACCOUNT)
    .bind(PER_ADDRESS)
    .fetch_one(db)
    .await?;
    Ok(wait.filter(|s| *s > 0))
}

/// Count a failed attempt, and forget failures older than a day.
pub async fn record_failure(db: &PgPool, email: &str, address: Option<IpAddr>) -> StoreResult<()> {
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO login_failures (email, address) VALUES ($1, $2::inet)")
        .bind(email)
        .bind(address.map(|a| a.to_string()))
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM login_failures WHERE at < now() - interval '1 day'")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A successful sign-in clears the account's failures.
pub async fn clear(db: &PgPool, email: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1")
        .bind(email)
        .execute(db)
        .await?;
    Ok(())
}
