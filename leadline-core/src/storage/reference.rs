//! Reference lists: tags (with groups) and lost reasons.

use std::collections::BTreeMap;

use sqlx::{PgExecutor, Postgres, Transaction};
use uuid::Uuid;

use super::{new_id, violated_constraint, Scope, StoreError, StoreResult};
use crate::domain::farming::{WayBack, WayBackChange};
use crate::domain::stage::Stage;
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
    pub return_after_days: Option<i32>,
    pub playbook: Option<String>,
    pub stage_playbooks: sqlx::types::Json<BTreeMap<Stage, String>>,
}

impl LostReasonRow {
    /// The reason's way back for a lead lost for it.
    pub fn way_back(&self) -> WayBack {
        WayBack {
            return_after_days: self.return_after_days,
            playbook: self.playbook.clone(),
            stage_playbooks: self.stage_playbooks.0.clone(),
        }
    }
}

pub async fn list_lost_reasons(
    db: impl PgExecutor<'_>,
    include_inactive: bool,
) -> StoreResult<Vec<LostReasonRow>> {
    Ok(sqlx::query_as!(
        LostReasonRow,
        r#"SELECT id, label, active, return_after_days, playbook,
                  stage_playbooks AS "stage_playbooks: sqlx::types::Json<BTreeMap<Stage, String>>"
           FROM lost_reasons WHERE active OR $1 ORDER BY sort_order, label"#,
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
        r#"INSERT INTO lost_reasons (id, label, sort_order)
           VALUES ($1, $2, (SELECT coalesce(max(sort_order), 0) + 1 FROM lost_reasons))
           RETURNING id, label, active, return_after_days, playbook,
                     stage_playbooks AS "stage_playbooks: sqlx::types::Json<BTreeMap<Stage, String>>""#,
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

/// A change to a lost reason: each `Some` replaces what the reason holds.
#[derive(Clone, Debug, Default)]
pub struct LostReasonPatch {
    pub active: Option<bool>,
    pub way_back: WayBackChange,
}

/// Change a lost reason. New return days re-date the return of every lead lost for it
/// now, from the day it was lost: a lead whose new day has passed returns at the next round.
pub async fn update_lost_reason(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    patch: &LostReasonPatch,
) -> StoreResult<LostReasonRow> {
    let way = &patch.way_back;
    let row = sqlx::query_as!(
        LostReasonRow,
        r#"UPDATE lost_reasons SET active = coalesce($2, active),
               return_after_days = CASE WHEN $3 THEN $4 ELSE return_after_days END,
               playbook = CASE WHEN $5 THEN $6 ELSE playbook END,
               stage_playbooks = coalesce($7, stage_playbooks)
           WHERE id = $1
           RETURNING id, label, active, return_after_days, playbook,
                     stage_playbooks AS "stage_playbooks: sqlx::types::Json<BTreeMap<Stage, String>>""#,
        id,
        patch.active,
        way.return_after_days.is_some(),
        way.return_after_days.flatten(),
        way.playbook.is_some(),
        way.playbook.clone().flatten(),
        way.stage_playbooks
            .as_ref()
            .map(|p| serde_json::to_value(p).unwrap_or_default()),
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(StoreError::NotFound("lost reason"))?;
    if way.return_after_days.is_some() {
        sqlx::query!(
            "UPDATE leads SET returns_at = lead_returns_at(lost_at, lost_reason_id)
             WHERE status = 'lost' AND lost_reason_id = $1
               AND returns_at IS DISTINCT FROM lead_returns_at(lost_at, lost_reason_id)",
            id
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(row)
}

/// How many leads lost for each reason are waiting to return on their day: what the
/// lost-reasons page shows beside each reason's days.
pub async fn waiting_to_return(db: impl PgExecutor<'_>) -> StoreResult<BTreeMap<Uuid, i64>> {
    Ok(sqlx::query!(
        r#"SELECT lost_reason_id AS "id!", count(*) AS "leads!" FROM leads
           WHERE status = 'lost' AND returns_at IS NOT NULL AND lost_reason_id IS NOT NULL
           GROUP BY lost_reason_id"#
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.id, r.leads))
    .collect())
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
