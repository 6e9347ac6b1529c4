//! The call queue: which lead a rep should call next, with a short claim so that two
//! reps never work the same lead (SPEC section 2).

use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::StoreResult;

/// Why the queue offered a lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueReason {
    /// The rep already holds a claim on this lead.
    Claimed,
    /// Its next contact time has passed.
    FollowUp,
    /// A lost lead that came back (lead farming), not called since.
    Returning,
    /// A new lead nobody has called yet.
    New,
    /// Its last call went unanswered, busy or unclear, long enough ago to try again.
    Retry,
}

/// A lead that may be called: open, callable number, not do-not-call, not claimed by
/// another rep, and the rep's own or unassigned.
const WORKABLE: &str =
    "status = 'open' AND NOT do_not_call AND NOT phone_bad AND phone IS NOT NULL \
    AND (owner_id IS NULL OR owner_id = $1) \
    AND (claimed_until IS NULL OR claimed_until < now() OR claimed_by = $1)";

/// Pick and claim the next lead for `rep`; `None` when the queue is empty.
#[tracing::instrument(skip_all)]
pub async fn claim_next(
    tx: &mut Transaction<'_, Postgres>,
    rep: Uuid,
    retry_after_minutes: i64,
    claim_minutes: i64,
) -> StoreResult<Option<(Uuid, QueueReason, DateTime<Utc>)>> {
    // Each bucket reads its own partial index; SKIP LOCKED lets two reps asking at
    // the same moment pass each other instead of both taking the first lead.
    let buckets: [(QueueReason, String); 5] = [
        (
            QueueReason::Claimed,
            format!("{WORKABLE} AND claimed_by = $1 AND claimed_until >= now() ORDER BY claimed_until DESC"),
        ),
        (
            QueueReason::FollowUp,
            format!("{WORKABLE} AND next_contact_at <= now() ORDER BY next_contact_at"),
        ),
        (
            QueueReason::Returning,
            format!("{WORKABLE} AND returning_since IS NOT NULL ORDER BY returning_since"),
        ),
        (
            QueueReason::New,
            format!("{WORKABLE} AND call_count = 0 AND next_contact_at IS NULL ORDER BY created_at"),
        ),
        (
            QueueReason::Retry,
            format!(
                "{WORKABLE} AND call_count > 0 AND next_contact_at IS NULL \
                 AND (last_call_outcome IN ('no_answer', 'busy') OR last_call_intent = 'unclear') \
                 AND last_call_at < now() - make_interval(mins => $2::int) ORDER BY last_call_at"
            ),
        ),
    ];
    for (reason, condition) in buckets {
        let sql = format!("SELECT id FROM leads WHERE {condition} LIMIT 1 FOR UPDATE SKIP LOCKED");
        let found: Option<Uuid> = sqlx::query_scalar(&sql)
            .bind(rep)
            .bind(retry_after_minutes as i32)
            .fetch_optional(&mut **tx)
            .await?;
        if let Some(id) = found {
            let until: DateTime<Utc> = sqlx::query_scalar!(
                r#"UPDATE leads SET claimed_by = $2, claimed_until = now() + make_interval(mins => $3::int)
                   WHERE id = $1 RETURNING claimed_until AS "claimed_until!""#,
                id,
                rep,
                claim_minutes as i32,
            )
            .fetch_one(&mut **tx)
            .await?;
            return Ok(Some((id, reason, until)));
        }
    }
    Ok(None)
}

/// Give a claimed lead back to the queue (the rep skipped it).
pub async fn release(db: impl sqlx::PgExecutor<'_>, lead_id: Uuid, rep: Uuid) -> StoreResult<bool> {
    let released = sqlx::query!(
        "UPDATE leads SET claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by = $2",
        lead_id,
        rep,
    )
    .execute(db)
    .await?
    .rows_affected();
    Ok(released == 1)
}
