//! The audit trail: who changed what, when, and through what. A lead's field changes are
//! written by the database (`audit_lead_changed`, migration 0039) with the actor the
//! transaction names (`act_as`); its tag changes by the code that makes them
//! (`record_tags`). Append-only.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{PgExecutor, Postgres, Transaction};
use uuid::Uuid;

use super::{Actor, StoreResult};

/// Through what a change was made: an API token, or a page (a signed-in user), or the
/// system when no one made it.
pub fn via(actor: Actor) -> &'static str {
    match (actor.token_id, actor.user_id) {
        (Some(_), _) => "api",
        (None, Some(_)) => "page",
        (None, None) => "system",
    }
}

/// Name `actor` as who makes this transaction's changes, for the rows the database writes.
pub async fn act_as(tx: &mut Transaction<'_, Postgres>, actor: Actor) -> StoreResult<()> {
    let named = serde_json::json!({
        "user_id": actor.user_id,
        "token_id": actor.token_id,
        "via": via(actor),
    });
    sqlx::query_scalar!(
        "SELECT set_config('leadline.actor', $1, true)",
        named.to_string()
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(())
}

/// Record the same tags put on and taken off each of `lead_ids` (names, each list sorted),
/// a row per lead, by the transaction's actor; nothing when both lists are empty.
pub async fn record_tags(
    tx: &mut Transaction<'_, Postgres>,
    lead_ids: &[Uuid],
    added: &[String],
    removed: &[String],
) -> StoreResult<()> {
    if lead_ids.is_empty() || added.is_empty() && removed.is_empty() {
        return Ok(());
    }
    let mut tags = serde_json::Map::new();
    if !added.is_empty() {
        tags.insert("added".into(), added.into());
    }
    if !removed.is_empty() {
        tags.insert("removed".into(), removed.into());
    }
    sqlx::query!(
        "INSERT INTO audit_log (actor_user_id, actor_token_id, via, entity, entity_id, lead_id, changes)
         SELECT (a ->> 'user_id')::uuid, (a ->> 'token_id')::uuid, coalesce(a ->> 'via', 'system'), 'lead', l.id, l.id,
                jsonb_build_object('tags', $2::jsonb)
         FROM unnest($1::uuid[]) l (id) CROSS JOIN (SELECT audit_actor() AS a) actor",
        lead_ids,
        Value::Object(tags),
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One change in a lead's history.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: Option<Uuid>,
    pub token_id: Option<Uuid>,
    /// `page`, `api` or `system`.
    pub via: String,
    /// `{"field": {"old": …, "new": …}}`, tags as `{"tags": {"added": […], "removed": […]}}`.
    pub changes: Value,
}

/// A lead's changes, newest first, before the change `before` (by id) if given.
pub async fn lead_history(
    db: impl PgExecutor<'_>,
    lead_id: Uuid,
    before: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<Change>> {
    Ok(sqlx::query_as!(
        Change,
        r#"SELECT id, at, actor_user_id AS user_id, actor_token_id AS token_id, via, changes
           FROM audit_log
           WHERE lead_id = $1 AND ($2::int8 IS NULL OR id < $2)
           ORDER BY id DESC LIMIT $3"#,
        lead_id,
        before,
        limit,
    )
    .fetch_all(db)
    .await?)
}
