//! Erasing a person on their request: the lead becomes an anonymous husk. Its name, number,
//! e-mail, company, notes and custom fields go, as do the words on its calls, touches, tasks and stage
//! moves, its recordings' links, its values in the audit trail, the webhook deliveries and
//! stored API answers that carry it, and its row in the file it was imported from. What it
//! counts in (its stage, status, owner, channel, deal value, dates, calls and their
//! outcomes) stays, so that every figure is what it was. The trail keeps that it was erased,
//! when and by whom.

use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::storage::{audit, StoreError, StoreResult};

/// The name an erased lead keeps: a lead has one, and this is no one's.
pub const ERASED_NAME: &str = "—";

/// The lead's fields that name or reach the person, as the audit trail keys them.
const PERSONAL: [&str; 5] = ["name", "phone", "email", "company", "notes"];

/// Where the person's row sits in an import's stored file: the import and its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportedRow {
    pub import_id: Uuid,
    pub line: i64,
}

/// Erase the lead `id` in `tx`, which names who erases it (`audit::act_as`); whether it was
/// erased now (`false`: it had been already). The rows it was imported from are returned for
/// the caller to blank in their files, in the same transaction.
pub async fn erase(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    by: Option<Uuid>,
) -> StoreResult<(bool, Vec<ImportedRow>)> {
    let erased_at = sqlx::query_scalar!("SELECT erased_at FROM leads WHERE id = $1 FOR UPDATE", id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound("lead"))?;
    if erased_at.is_some() {
        return Ok((false, Vec::new()));
    }
    // The trail and the stage events let this transaction rewrite this lead's words alone.
    sqlx::query_scalar!(
        "SELECT set_config('leadline.erasing', $1, true)",
        id.to_string()
    )
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE leads SET name = $2, phone = NULL, email = NULL, company = NULL, notes = NULL, custom = '{}',
                          erased_at = now(), erased_by = $3, updated_at = now()
         WHERE id = $1",
        id,
        ERASED_NAME,
        by,
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE calls SET notes = NULL, recording_url = NULL
         WHERE lead_id = $1 AND (notes IS NOT NULL OR recording_url IS NOT NULL)",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE touches SET notes = NULL WHERE lead_id = $1 AND notes IS NOT NULL",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE tasks SET title = $2 WHERE lead_id = $1",
        id,
        ERASED_NAME
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE stage_events SET reason = NULL WHERE lead_id = $1 AND reason IS NOT NULL",
        id
    )
    .execute(&mut **tx)
    .await?;
    // Each personal value the trail kept (the erasure's own change among them) becomes
    // `{"erased": true}`, custom fields' (`custom.<key>`) too, whatever they held; the rest
    // of each entry stays.
    sqlx::query!(
        r#"UPDATE audit_log a
           SET changes = (SELECT jsonb_object_agg(e.key, CASE WHEN e.key = ANY ($2) OR e.key LIKE 'custom.%'
                                                              THEN '{"erased": true}'::jsonb
                                                              ELSE e.value END)
                          FROM jsonb_each(a.changes) e)
           WHERE a.lead_id = $1
             AND (a.changes ?| $2 OR EXISTS (SELECT 1 FROM jsonb_object_keys(a.changes) k WHERE k LIKE 'custom.%'))"#,
        id,
        &PERSONAL.map(String::from),
    )
    .execute(&mut **tx)
    .await?;
    // Deliveries and stored answers that carry the lead carry the person; the erasure's
    // own `lead.updated` carries none of it, and tells receivers to erase it too.
    let pattern = format!("%{id}%");
    sqlx::query!(
        "DELETE FROM webhook_deliveries
         WHERE payload::text LIKE $1
           AND NOT (event_type = 'lead.updated' AND payload #> '{data,changes}' ? 'erased_at')",
        pattern
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "DELETE FROM idempotency_keys WHERE response_body::text LIKE $1",
        pattern
    )
    .execute(&mut **tx)
    .await?;
    let imported = sqlx::query!(
        r#"SELECT (changes #>> '{import,id}')::uuid AS "import_id!", (changes #>> '{import,line}')::int8 AS "line!"
           FROM audit_log
           WHERE lead_id = $1 AND action = 'created' AND via = 'import'
             AND changes #>> '{import,id}' IS NOT NULL AND changes #>> '{import,line}' IS NOT NULL"#,
        id
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .map(|r| ImportedRow {
        import_id: r.import_id,
        line: r.line,
    })
    .collect();
    audit::record_action(tx, "lead", id, Some(id), "erased", serde_json::json!({})).await?;
    Ok((true, imported))
}
