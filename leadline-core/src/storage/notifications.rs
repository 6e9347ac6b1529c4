//! Notifications (migration 0029): a lead assigned to a user, their follow-up or task
//! fallen due, their import finished; kept until read. Writing or reading one notifies
//! `CHANNEL` with the user's id, which every node listens on.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::{Actor, StoreError, StoreResult};
pub use crate::domain::notice::NoticeKind;

/// The channel a notification written or read is announced on, with its user's id.
pub const CHANNEL: &str = "leadline_notifications";

/// A notification, with what it refers to as it is now.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = Notification)]
pub struct NoticeRow {
    pub id: i64,
    pub kind: NoticeKind,
    pub created_at: DateTime<Utc>,
    /// When it was read (none: unread).
    pub read_at: Option<DateTime<Utc>>,
    pub lead_id: Option<Uuid>,
    pub lead_name: Option<String>,
    pub task_id: Option<Uuid>,
    pub task_title: Option<String>,
    /// The follow-up's or task's due time when it fell due.
    pub due_at: Option<DateTime<Utc>>,
    /// Who assigned the lead (none: an API token's owner since removed).
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub import_id: Option<Uuid>,
    pub import_file: Option<String>,
    /// `done` or `failed`.
    pub import_status: Option<String>,
    pub import_rows: Option<i32>,
    pub imported_rows: Option<i32>,
    /// How many leads were given to the user at once (`leads_assigned`).
    pub leads: Option<i64>,
}

/// Tell `owner` that the lead is now theirs, unless they took it themselves.
pub async fn lead_assigned(
    tx: &mut Transaction<'_, Postgres>,
    lead_id: Uuid,
    owner: Uuid,
    actor: Actor,
) -> StoreResult<()> {
    if actor.user_id == Some(owner) {
        return Ok(());
    }
    sqlx::query!(
        "INSERT INTO notifications (user_id, kind, lead_id, actor_id) VALUES ($1, 'lead_assigned', $2, $3)",
        owner,
        lead_id,
        actor.user_id,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How many of the user's notifications are unread.
pub async fn unread(db: impl PgExecutor<'_>, user_id: Uuid) -> StoreResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM notifications WHERE user_id = $1 AND read_at IS NULL"#,
        user_id
    )
    .fetch_one(db)
    .await?)
}

/// The user's latest notifications, newest first: all, or those after `after` (a stream
/// sending the ones it has not sent), or only the unread.
pub async fn list(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    after: Option<i64>,
    unread_only: bool,
    limit: i64,
) -> StoreResult<Vec<NoticeRow>> {
    Ok(sqlx::query_as!(
        NoticeRow,
        r#"SELECT n.id, n.kind AS "kind: NoticeKind", n.created_at, n.read_at,
                  n.lead_id, l.name AS "lead_name?", n.task_id, t.title AS "task_title?", n.due_at,
                  n.actor_id, a.name AS "actor_name?",
                  n.import_id, i.file_name AS "import_file?", i.status AS "import_status?",
                  i.total_rows AS "import_rows?", i.imported_rows AS "imported_rows?", n.leads
           FROM notifications n
           LEFT JOIN leads l ON l.id = n.lead_id
           LEFT JOIN tasks t ON t.id = n.task_id
           LEFT JOIN users a ON a.id = n.actor_id
           LEFT JOIN imports i ON i.id = n.import_id
           WHERE n.user_id = $1 AND ($2::bigint IS NULL OR n.id > $2) AND (NOT $3 OR n.read_at IS NULL)
           ORDER BY n.id DESC
           LIMIT $4"#,
        user_id,
        after,
        unread_only,
        limit,
    )
    .fetch_all(db)
    .await?)
}

/// The newest notification of the user's, if any: what a page has shown them.
pub async fn latest(db: impl PgExecutor<'_>, user_id: Uuid) -> StoreResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT coalesce(max(id), 0) AS "latest!" FROM notifications WHERE user_id = $1"#,
        user_id
    )
    .fetch_one(db)
    .await?)
}

/// Mark one of the user's notifications read (again: it keeps its first time); another
/// user's is not found.
pub async fn mark_read(db: impl PgExecutor<'_>, user_id: Uuid, id: i64) -> StoreResult<NoticeRef> {
    sqlx::query_as!(
        NoticeRef,
        "UPDATE notifications SET read_at = coalesce(read_at, now())
         WHERE id = $1 AND user_id = $2
         RETURNING lead_id, import_id, kind AS \"kind: NoticeKind\"",
        id,
        user_id,
    )
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound("notification"))
}

/// What a notification leads to.
#[derive(Clone, Copy, Debug)]
pub struct NoticeRef {
    pub lead_id: Option<Uuid>,
    pub import_id: Option<Uuid>,
    pub kind: NoticeKind,
}

/// Mark all the user's unread notifications up to `up_to` read (those the page showed;
/// none newer), answering how many.
pub async fn mark_all_read(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    up_to: Option<i64>,
) -> StoreResult<u64> {
    Ok(sqlx::query!(
        "UPDATE notifications SET read_at = now()
         WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint IS NULL OR id <= $2)",
        user_id,
        up_to,
    )
    .execute(db)
    .await?
    .rows_affected())
}

/// The longest a sweep looks back: after a stop, follow-ups that fell due before are on
/// the agenda as overdue, and are not each announced.
const SWEEP_AT_MOST: Duration = Duration::from_secs(24 * 60 * 60);

/// Announce the follow-ups and tasks that fell due since the last sweep, on whichever
/// node gets there first: another node's sweep in progress is left to it (`None`).
/// Answers how many notifications were written.
pub async fn sweep_due(db: &PgPool) -> StoreResult<Option<u64>> {
    let mut tx = db.begin().await?;
    let Some(swept_to) =
        sqlx::query_scalar!("SELECT swept_to FROM notification_sweep FOR UPDATE SKIP LOCKED")
            .fetch_optional(&mut *tx)
            .await?
    else {
        return Ok(None);
    };
    let at_most = chrono::Duration::from_std(SWEEP_AT_MOST).unwrap_or(chrono::Duration::MAX);
    let now: DateTime<Utc> = sqlx::query_scalar!(r#"SELECT now() AS "now!""#)
        .fetch_one(&mut *tx)
        .await?;
    let from = swept_to.max(now - at_most);
    // Follow-ups: the open, callable leads a rep owns (the queue's follow-up index).
    let follow_ups = sqlx::query!(
        "INSERT INTO notifications (user_id, kind, lead_id, due_at)
         SELECT owner_id, 'follow_up_due', id, next_contact_at FROM leads
         WHERE next_contact_at > $1 AND next_contact_at <= $2
           AND status = 'open' AND NOT do_not_call AND NOT phone_bad AND owner_id IS NOT NULL",
        from,
        now,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let tasks = sqlx::query!(
        "INSERT INTO notifications (user_id, kind, task_id, lead_id, due_at)
         SELECT assignee_id, 'task_due', id, lead_id, due_at FROM tasks
         WHERE due_at > $1 AND due_at <= $2 AND done_at IS NULL",
        from,
        now,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query!("UPDATE notification_sweep SET swept_to = $1", now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(follow_ups + tasks))
}

/// Delete read notifications older than `keep`; answers how many.
pub async fn prune(db: impl PgExecutor<'_>, keep: Duration) -> StoreResult<u64> {
    let keep_secs = i64::try_from(keep.as_secs()).unwrap_or(i64::MAX);
    Ok(sqlx::query!(
        "DELETE FROM notifications
         WHERE read_at IS NOT NULL AND created_at < now() - make_interval(secs => $1::bigint::double precision)",
        keep_secs,
    )
    .execute(db)
    .await?
    .rows_affected())
}
