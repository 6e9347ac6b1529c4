//! Lost leads coming back into the funnel (lead farming, SPEC section 4, Recovery): on the
//! day their lost reason gives them (`leads.returns_at`, dated by migration 0050's
//! trigger), or by themselves. Either way the lead reopens at the stage it was lost at
//! with a `return` event carrying the reason it was lost for, and waits among the queue's
//! returning leads (`returning_since`) until its next call.

use std::collections::BTreeMap;

use super::*;

/// Bring back the lost leads whose day has come by `now`, at most `batch` of them, oldest
/// due first; never a do-not-call lead or one whose number is known to be bad. Leads another
/// transaction holds are left for the next round. Returns the leads brought back.
#[tracing::instrument(skip_all)]
pub async fn return_due(
    db: &sqlx::PgPool,
    now: DateTime<Utc>,
    batch: i64,
) -> StoreResult<Vec<Uuid>> {
    let mut tx = db.begin().await?;
    let due = sqlx::query!(
        "SELECT id, lost_reason_id FROM leads
         WHERE status = 'lost' AND returns_at <= $1 AND NOT do_not_call AND NOT phone_bad
         ORDER BY returns_at LIMIT $2 FOR UPDATE SKIP LOCKED",
        now,
        batch,
    )
    .fetch_all(&mut *tx)
    .await?;
    for lead in &due {
        bring_back(&mut tx, lead.id, lead.lost_reason_id, None).await?;
    }
    tx.commit().await?;
    Ok(due.into_iter().map(|lead| lead.id).collect())
}

/// Bring back the lead `id` if it is lost and may be called, as having come back by itself
/// (`by`): it called in, filled in a web form, or was imported again. Returns the event,
/// or `None` when the lead was not lost or asked not to be called.
#[tracing::instrument(skip_all)]
pub async fn come_back(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    by: CameBackBy,
) -> StoreResult<Option<EventRow>> {
    let lead = sqlx::query!(
        "SELECT status, do_not_call, lost_reason_id FROM leads WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(StoreError::NotFound("lead"))?;
    if lead.status != LeadStatus::Lost.as_str() || lead.do_not_call {
        return Ok(None);
    }
    bring_back(tx, id, lead.lost_reason_id, Some(by))
        .await
        .map(Some)
}

/// The lost lead `id`, locked by the caller, reopened with a `return` event.
async fn bring_back(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    lost_reason_id: Option<Uuid>,
    by: Option<CameBackBy>,
) -> StoreResult<EventRow> {
    let position = lock_position(tx, id, Scope::All).await?;
    let transition = stage::apply(position, &Change::Return)?;
    let details = ChangeDetails {
        lost_reason_id,
        came_back_by: by,
        ..ChangeDetails::default()
    };
    persist_transition(tx, id, &transition, &details, Actor::default()).await
}

/// The lead lost with the phone `phone` most recently, if one is lost: the lead a web form
/// or an import with that number brings back.
pub async fn lost_with_phone(db: impl PgExecutor<'_>, phone: &str) -> StoreResult<Option<Uuid>> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM leads WHERE phone = $1 AND status = 'lost' AND NOT do_not_call
         ORDER BY lost_at DESC NULLS LAST LIMIT 1",
        phone
    )
    .fetch_optional(db)
    .await?)
}

/// How a lead came back, for the rep who calls it: its last `return` and the playbook of the
/// reason it was lost for, at the stage it returned to.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Returned {
    /// The stage it was lost at and returned to.
    pub stage: Stage,
    pub returned_at: DateTime<Utc>,
    /// When it was lost, last before it returned.
    pub lost_at: Option<DateTime<Utc>>,
    /// The reason it was lost for.
    pub lost_reason: Option<String>,
    /// Null when its reason's days brought it back; else what did.
    pub came_back_by: Option<CameBackBy>,
    /// What to do now, from the reason's playbook for the stage.
    pub playbook: Option<String>,
}

/// The lead's last return, if it came back and has not been called since.
#[tracing::instrument(skip_all)]
pub async fn returned(db: impl PgExecutor<'_>, lead_id: Uuid) -> StoreResult<Option<Returned>> {
    let row = sqlx::query!(
        r#"SELECT e.to_stage AS "stage: Stage", e.created_at AS returned_at,
                  e.came_back_by AS "came_back_by: CameBackBy", r.label AS "lost_reason?",
                  r.playbook AS "playbook?",
                  r.stage_playbooks AS "stage_playbooks?: sqlx::types::Json<BTreeMap<Stage, String>>",
                  (SELECT max(x.created_at) FROM stage_events x
                   WHERE x.lead_id = e.lead_id AND x.kind = 'lost' AND x.id < e.id) AS lost_at
           FROM leads l
           JOIN LATERAL (SELECT * FROM stage_events e WHERE e.lead_id = l.id AND e.kind = 'return'
                         ORDER BY e.id DESC LIMIT 1) e ON true
           LEFT JOIN lost_reasons r ON r.id = e.lost_reason_id
           WHERE l.id = $1 AND l.returning_since IS NOT NULL"#,
        lead_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|row| {
        let way_back = crate::domain::farming::WayBack {
            return_after_days: None,
            playbook: row.playbook,
            stage_playbooks: row.stage_playbooks.map(|p| p.0).unwrap_or_default(),
        };
        Returned {
            stage: row.stage,
            returned_at: row.returned_at,
            lost_at: row.lost_at,
            lost_reason: row.lost_reason,
            came_back_by: row.came_back_by,
            playbook: way_back.playbook_at(row.stage).map(str::to_owned),
        }
    }))
}

/// When the lost lead `lead_id` comes back on its reason's day, if it will.
pub async fn returns_at(
    db: impl PgExecutor<'_>,
    lead_id: Uuid,
) -> StoreResult<Option<DateTime<Utc>>> {
    Ok(sqlx::query_scalar!(
        "SELECT returns_at FROM leads WHERE id = $1 AND status = 'lost' AND NOT do_not_call AND NOT phone_bad",
        lead_id
    )
    .fetch_optional(db)
    .await?
    .flatten())
}

/// A person known by `phone` whose lead was lost wrote in again (a web form): the lead
/// comes back by itself (`by`), with what they wrote now kept, their note under the lead's
/// own and the custom values it lacks. Returns the lead, or `None` when no lost lead has
/// the number (or the one found came back meanwhile).
pub async fn come_back_by_phone(
    tx: &mut Transaction<'_, Postgres>,
    phone: &str,
    by: CameBackBy,
    notes: Option<&str>,
    custom: &serde_json::Map<String, serde_json::Value>,
) -> StoreResult<Option<Uuid>> {
    let Some(id) = lost_with_phone(&mut **tx, phone).await? else {
        return Ok(None);
    };
    if come_back(tx, id, by).await?.is_none() {
        return Ok(None);
    }
    sqlx::query!(
        r#"UPDATE leads SET
               notes = CASE WHEN $2::text IS NULL THEN notes
                            WHEN notes IS NULL THEN $2
                            ELSE left(notes || E'\n\n' || $2, 10000) END,
               custom = $3::jsonb || custom,
               updated_at = now()
           WHERE id = $1"#,
        id,
        notes,
        serde_json::Value::Object(custom.clone()),
    )
    .execute(&mut **tx)
    .await?;
    Ok(Some(id))
}
