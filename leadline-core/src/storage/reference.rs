//! Reference lists: tags (with groups) and lost reasons.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::{new_id, violated_constraint, Scope, StoreError, StoreResult};
use crate::domain::FieldError;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TagRow {
    pub id: Uuid,
    pub name: String,
    pub tag_group: Option<String>,
    pub leads: i64,
}

/// The tags' names, in order (for filters).
pub async fn tag_names(db: impl PgExecutor<'_>) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar!("SELECT name FROM tags ORDER BY name")
        .fetch_all(db)
        .await?)
}

/// The tag groups in use, in order (for filters).
pub async fn tag_groups(db: impl PgExecutor<'_>) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT DISTINCT tag_group AS "tag_group!" FROM tags WHERE tag_group IS NOT NULL ORDER BY 1"#
    )
    .fetch_all(db)
    .await?)
}

/// The tags `scope` may see, with how many of its leads carry each. A rep sees the tags
/// on the leads they may see and the tags on no lead yet, never one only another rep uses.
pub async fn list_tags(db: impl PgExecutor<'_>, scope: Scope) -> StoreResult<Vec<TagRow>> {
    Ok(sqlx::query_as!(
        TagRow,
        r#"SELECT t.id, t.name, t.tag_group, count(l.id) AS "leads!"
         FROM tags t
         LEFT JOIN lead_tags lt ON lt.tag_id = t.id
         LEFT JOIN leads l ON l.id = lt.lead_id AND ($1::uuid IS NULL OR l.owner_id IS NULL OR l.owner_id IN (SELECT * FROM visible_owners($1)))
         GROUP BY t.id
         HAVING $1::uuid IS NULL OR count(l.id) > 0 OR count(lt.lead_id) = 0
         ORDER BY t.tag_group NULLS LAST, t.name"#,
        scope.viewer(),
    )
    .fetch_all(db)
    .await?)
}

/// Create a tag, or set the group of an existing one.
pub async fn upsert_tag(
    db: impl PgExecutor<'_>,
    name: &str,
    group: Option<&str>,
) -> StoreResult<TagRow> {
    Ok(sqlx::query_as!(
        TagRow,
        r#"INSERT INTO tags (id, name, tag_group) VALUES ($1, $2, $3)
           ON CONFLICT (name) DO UPDATE SET tag_group = excluded.tag_group
           RETURNING id, name, tag_group,
                     (SELECT count(*) FROM lead_tags lt WHERE lt.tag_id = tags.id) AS "leads!""#,
        new_id(),
        name,
        group,
    )
    .fetch_one(db)
    .await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LostReasonRow {
    pub id: Uuid,
    pub label: String,
    pub active: bool,
}

pub async fn list_lost_reasons(
    db: impl PgExecutor<'_>,
    include_inactive: bool,
) -> StoreResult<Vec<LostReasonRow>> {
    Ok(sqlx::query_as!(
        LostReasonRow,
        "SELECT id, label, active FROM lost_reasons WHERE active OR $1 ORDER BY sort_order, label",
        include_inactive,
    )
    .fetch_all(db)
    .await?)
}

pub async fn create_lost_reason(
    db: impl PgExecutor<'_>,
    label: &str,
) -> StoreResult<LostReasonRow> {
    sqlx::query_as!(
        LostReasonRow,
        "INSERT INTO lost_reasons (id, label, sort_order)
         VALUES ($1, $2, (SELECT coalesce(max(sort_order), 0) + 1 FROM lost_reasons)) RETURNING id, label, active",
        new_id(),
        label,
    )
    .fetch_one(db)
    .await
    .map_err(|e| match violated_constraint(&e) {
        Some("lost_reasons_label_key") => FieldError::new("label", "error-lost-reason-exists").into(),
        _ => e.into(),
    })
}

pub async fn set_lost_reason_active(
    db: impl PgExecutor<'_>,
    id: Uuid,
    active: bool,
) -> StoreResult<LostReasonRow> {
    sqlx::query_as!(
        LostReasonRow,
        "UPDATE lost_reasons SET active = $2 WHERE id = $1 RETURNING id, label, active",
        id,
        active,
    )
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound("lost reason"))
}

/// Resolve a lost reason given by id or by label to an active reason's id.
pub async fn resolve_lost_reason(db: impl PgExecutor<'_>, reason: &str) -> StoreResult<Uuid> {
    let by_id = reason.parse::<Uuid>().ok();
    sqlx::query_scalar!(
        "SELECT id FROM lost_reasons WHERE active AND (id = $1 OR lower(label) = lower($2)) LIMIT 1",
        by_id,
        reason,
    )
    .fetch_optional(db)
    .await?
    .ok_or_else(|| FieldError::new("reason", "error-unknown-lost-reason").arg("reason", reason).into())
}

/// Every channel name in use, on leads or in the spend ledger. The leads' channels are
/// read by skipping through `leads_source_idx` from one name to the next: one probe a
/// channel, whatever the number of leads, and nothing of the rollups (whose delta tables
/// are large and mostly dead just after a recount).
pub async fn channels(db: impl PgExecutor<'_>) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar!(
        r#"WITH RECURSIVE named AS (
             (SELECT l.source FROM leads l WHERE l.source > '' ORDER BY l.source LIMIT 1)
             UNION ALL
             SELECT (SELECT l.source FROM leads l WHERE l.source > n.source ORDER BY l.source LIMIT 1)
             FROM named n WHERE n.source IS NOT NULL)
         SELECT n.source AS "source!" FROM named n WHERE n.source IS NOT NULL
         UNION SELECT channel FROM spend WHERE channel IS NOT NULL AND deleted_at IS NULL GROUP BY channel
         ORDER BY 1"#,
    )
    .fetch_all(db)
    .await?)
}
