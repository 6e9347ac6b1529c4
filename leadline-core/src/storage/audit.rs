//! The audit trail: who changed what, when, and through what. Changes to a lead's fields,
//! to users, tokens, the company's settings, spend, lost reasons and webhooks are written by
//! the database (`audit_lead_changed`, migration 0039; `audit_row_changed`, migration 0040)
//! with the actor the transaction names (`act_as`, `begin_as`); a lead's tag changes, the
//! holidays and the leads an import creates by the code that makes them. Append-only.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{PgExecutor, PgPool, Postgres, QueryBuilder, Transaction};
use uuid::Uuid;

use super::{Actor, StoreResult};

/// What the trail records changes to, as `entity` names them.
pub const ENTITIES: [&str; 9] = [
    "lead",
    "user",
    "team",
    "token",
    "settings",
    "spend",
    "lost_reason",
    "webhook",
    "custom_field",
];

/// Through what a change can be made, as `via` names it.
pub const VIAS: [&str; 4] = ["page", "api", "import", "system"];

/// The entity id of the company's settings, which are one row without an id.
pub const SETTINGS_ID: Uuid = Uuid::nil();

/// Through what a change was made: an API token, or a page (a signed-in user), or the
/// system when no one made it.
pub fn via(actor: Actor) -> &'static str {
    match (actor.token_id, actor.user_id) {
        (Some(_), _) => "api",
        (None, Some(_)) => "page",
        (None, None) => "system",
    }
}

/// `actor` as the setting `leadline.actor` holds it.
fn named(actor: Actor) -> String {
    serde_json::json!({
        "user_id": actor.user_id,
        "token_id": actor.token_id,
        "via": via(actor),
    })
    .to_string()
}

/// Name `actor` as who makes this transaction's changes, for the rows the database writes.
pub async fn act_as(tx: &mut Transaction<'_, Postgres>, actor: Actor) -> StoreResult<()> {
    sqlx::query_scalar!(
        "SELECT set_config('leadline.actor', $1, true)",
        named(actor)
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(())
}

/// Begin a transaction whose changes `actor` makes: `BEGIN` and [`act_as`] sent together,
/// one round trip.
pub async fn begin_as(db: &PgPool, actor: Actor) -> StoreResult<Transaction<'static, Postgres>> {
    // Ids and a word of `VIAS`: nothing to quote but the quote itself.
    let named = named(actor).replace('\'', "''");
    Ok(db
        .begin_with(format!(
            "BEGIN; SELECT set_config('leadline.actor', '{named}', true)"
        ))
        .await?)
}

/// Record a change the database does not see as one row's (the holidays, which are
/// replaced as a list), by the transaction's actor.
pub async fn record(
    tx: &mut Transaction<'_, Postgres>,
    entity: &str,
    entity_id: Uuid,
    changes: Value,
) -> StoreResult<()> {
    record_action(tx, entity, entity_id, None, "changed", changes).await
}

/// Record what was done to a thing (`created`, `changed`, `deleted`, `erased`), to the lead
/// `lead_id` where it is to one, by the transaction's actor.
pub async fn record_action(
    tx: &mut Transaction<'_, Postgres>,
    entity: &str,
    entity_id: Uuid,
    lead_id: Option<Uuid>,
    action: &str,
    changes: Value,
) -> StoreResult<()> {
    sqlx::query!(
        "INSERT INTO audit_log (actor_user_id, actor_token_id, via, entity, entity_id, lead_id, action, changes)
         SELECT (a ->> 'user_id')::uuid, (a ->> 'token_id')::uuid, coalesce(a ->> 'via', 'system'), $1, $2, $3,
                $4, $5
         FROM (SELECT audit_actor() AS a) actor",
        entity,
        entity_id,
        lead_id,
        action,
        changes,
    )
    .execute(&mut **tx)
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

/// Which entries of the trail to read; `None` reads all.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// One of [`ENTITIES`].
    pub entity: Option<&'static str>,
    pub entity_id: Option<Uuid>,
    /// Who made the changes.
    pub user_id: Option<Uuid>,
    /// One of [`VIAS`].
    pub via: Option<&'static str>,
    /// Made at or after.
    pub since: Option<DateTime<Utc>>,
    /// Made before.
    pub until: Option<DateTime<Utc>>,
}

/// One entry of the trail, as the admin's audit page and `GET /api/v1/audit` read it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = AuditEntry)]
pub struct Entry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Who made it; null when the system did.
    pub user_id: Option<Uuid>,
    /// The API token it came through, if any.
    pub token_id: Option<Uuid>,
    /// `page`, `api`, `import` or `system`.
    pub via: String,
    /// `lead`, `user`, `token`, `settings`, `spend`, `lost_reason` or `webhook`.
    pub entity: String,
    /// The thing changed (the settings' is the nil UUID).
    pub entity_id: Uuid,
    /// The lead the change is to, where it is to one.
    pub lead_id: Option<Uuid>,
    /// `created`, `changed`, `deleted` (a token revoked, a spend entry deleted), `erased` or
    /// `merged`.
    pub action: String,
    /// Each field changed, as `{"old": …, "new": …}`; a secret (a password, a webhook's
    /// signing secret) as `{"changed": true}`, never its value; an erased person's values as
    /// `{"erased": true}`.
    #[schema(value_type = Object)]
    pub changes: Value,
    /// What the changed thing is called now (a lead's or user's name, a token's name, a
    /// lost reason's label, a webhook's address), or was when it was deleted.
    pub label: Option<String>,
    /// The name of the token the change came through.
    pub token_name: Option<String>,
}

/// The trail's entries `filter` selects, newest first, before the entry `before` (by id)
/// if given.
pub async fn entries(
    db: impl PgExecutor<'_>,
    filter: &AuditFilter,
    before: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<Entry>> {
    let mut q = QueryBuilder::new(
        "SELECT a.id, a.at, a.actor_user_id AS user_id, a.actor_token_id AS token_id, a.via, a.entity,
                a.entity_id, a.lead_id, a.action, a.changes,
                coalesce(CASE a.entity
                             WHEN 'lead' THEN (SELECT name FROM leads WHERE id = a.entity_id)
                             WHEN 'user' THEN (SELECT name FROM users WHERE id = a.entity_id)
                             WHEN 'token' THEN (SELECT name FROM api_tokens WHERE id = a.entity_id)
                             WHEN 'lost_reason' THEN (SELECT label FROM lost_reasons WHERE id = a.entity_id)
                             WHEN 'webhook' THEN (SELECT url FROM webhook_subscriptions WHERE id = a.entity_id)
                             WHEN 'team' THEN (SELECT name FROM teams WHERE id = a.entity_id)
                         END,
                         a.changes #>> '{name,old}', a.changes #>> '{label,old}', a.changes #>> '{url,old}') AS label,
                (SELECT name FROM api_tokens WHERE id = a.actor_token_id) AS token_name
         FROM audit_log a WHERE true",
    );
    if let Some(entity) = filter.entity {
        q.push(" AND a.entity = ").push_bind(entity);
    }
    if let Some(id) = filter.entity_id {
        q.push(" AND a.entity_id = ").push_bind(id);
    }
    if let Some(user_id) = filter.user_id {
        q.push(" AND a.actor_user_id = ").push_bind(user_id);
    }
    if let Some(via) = filter.via {
        q.push(" AND a.via = ").push_bind(via);
    }
    if let Some(since) = filter.since {
        q.push(" AND a.at >= ").push_bind(since);
    }
    if let Some(until) = filter.until {
        q.push(" AND a.at < ").push_bind(until);
    }
    if let Some(before) = before {
        q.push(" AND a.id < ").push_bind(before);
    }
    q.push(" ORDER BY a.id DESC LIMIT ").push_bind(limit);
    Ok(q.build_query_as::<Entry>().fetch_all(db).await?)
}

/// One change in a lead's history, as `GET /api/v1/leads/{id}/history` answers it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = HistoryEntry)]
pub struct Change {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Who made it; null when the system did.
    pub user_id: Option<Uuid>,
    /// The API token it came through, if any.
    pub token_id: Option<Uuid>,
    /// `page`, `api`, `import` or `system`.
    pub via: String,
    /// `created` (a lead an import made), `changed`, `erased` or `merged`.
    pub action: String,
    /// Each field changed, as `{"old": …, "new": …}`; tags as `{"added": […], "removed": […]}`
    /// under `tags`; an import as `{"id": …, "file": …, "line": …}` under `import`.
    #[schema(value_type = Object)]
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
        r#"SELECT id, at, actor_user_id AS user_id, actor_token_id AS token_id, via, action, changes
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
