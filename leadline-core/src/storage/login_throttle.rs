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

/// Start a sign-in attempt: either the seconds to wait, because this e-mail or this
/// address has used up its failures (until the failure that reached the limit leaves the
/// window), or the attempt counted as a failure before the password is checked.
///
/// Counting and recording are one step under a lock per e-mail and per address, so
/// attempts made at the same moment each see the others: of any number sent at once,
/// at most the limit get their password checked. A sign-in that then succeeds clears
/// the account's failures, this one included (`clear`).
pub async fn begin_attempt(
    db: &PgPool,
    email: &str,
    address: Option<IpAddr>,
) -> StoreResult<Option<i64>> {
    let address = address.map(|a| a.to_string());
    let mut tx = db.begin().await?;
    // Always the e-mail's lock first, then the address's: no two attempts wait on each other in a cycle.
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended('login email ' || $1, 0)),
                pg_advisory_xact_lock(hashtextextended('login address ' || coalesce($2, ''), 0))",
        email,
        address.as_deref(),
    )
    .execute(&mut *tx)
    .await?;
    let wait: Option<i64> = sqlx::query_scalar!(
        "WITH account AS (
             SELECT at FROM login_failures
             WHERE email = $1 AND at > now() - make_interval(mins => $3)
             ORDER BY at DESC OFFSET $4::int8 - 1 LIMIT 1),
         address AS (
             SELECT at FROM login_failures
             WHERE $2::text IS NOT NULL AND address = $2::text::inet AND at > now() - make_interval(mins => $3)
             ORDER BY at DESC OFFSET $5::int8 - 1 LIMIT 1)
         SELECT ceil(extract(epoch FROM
             greatest((SELECT at FROM account), (SELECT at FROM address))
             + make_interval(mins => $3) - now()))::int8",
        email,
        address.as_deref(),
        WINDOW_MINUTES,
        PER_ACCOUNT,
        PER_ADDRESS,
    )
    .fetch_one(&mut *tx)
    .await?;
    if let Some(wait) = wait.filter(|s| *s > 0) {
        tx.rollback().await?;
        return Ok(Some(wait));
    }
    // now() is the transaction's start: the clock_timestamp() orders attempts made together.
    sqlx::query!(
        "INSERT INTO login_failures (email, address, at) VALUES ($1, $2::text::inet, clock_timestamp())",
        email,
        address.as_deref(),
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("DELETE FROM login_failures WHERE at < now() - interval '1 day'")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(None)
}

/// A successful sign-in clears the account's failures.
pub async fn clear(db: &PgPool, email: &str) -> StoreResult<()> {
    sqlx::query!("DELETE FROM login_failures WHERE email = $1", email)
        .execute(db)
        .await?;
    Ok(())
}
