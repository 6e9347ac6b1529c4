//! Merging duplicates: one person entered twice (a web form and an import, two reps' calls).
//! The surviving lead takes the others' calls, touches, tasks, tags, stage events and history,
//! each once; it keeps its own stage, status, owner and deal, reaches each stage when the
//! earliest of them did, and takes their number, e-mail, company, channel and notes where it
//! has none. The others are removed. The rollups count the leads out before and the survivor
//! in after, as a recount would (`rollup_leads_out`, `rollup_leads_in`), with every trigger
//! paused meanwhile so that nothing is counted twice.

use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::domain::FieldError;
use crate::storage::{audit, Scope, StoreError, StoreResult};

/// What a merge moved onto the surviving lead.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Merged {
    pub calls: i64,
    pub touches: i64,
    pub tasks: i64,
    pub events: i64,
    /// Tags the survivor did not have.
    pub tags: i64,
}

/// Merge the leads `from` into `survivor` in `tx`, which names who merges (`audit::act_as`).
/// Every lead must be one `scope` reaches; `from` names each at most once, not the survivor.
pub async fn merge(
    tx: &mut Transaction<'_, Postgres>,
    survivor: Uuid,
    from: &[Uuid],
    scope: Scope,
) -> StoreResult<Merged> {
    // A survivor the scope does not see is not found, whatever the rest asks.
    super::get(&mut **tx, survivor, scope).await?;
    let mut others = from.to_vec();
    others.sort_unstable();
    others.dedup();
    if others.is_empty() {
        return Err(FieldError::new("from", "error-merge-nothing").into());
    }
    if others.len() != from.len() || others.contains(&survivor) {
        return Err(FieldError::new("from", "error-merge-twice").into());
    }
    let all: Vec<Uuid> = others.iter().copied().chain([survivor]).collect();
    // Locked in id order, as every change to many leads locks them, so two merges wait and
    // never deadlock.
    let found = super::lock_positions(tx, &all, scope).await?;
    if !found.contains_key(&survivor) {
        return Err(StoreError::NotFound("lead"));
    }
    if let Some(missing) = others.iter().find(|id| !found.contains_key(id)) {
        return Err(FieldError::new("from", "error-merge-no-such-lead")
            .arg("id", missing.to_string())
            .into());
    }

    sqlx::query_scalar!("SELECT rollup_leads_out($1)", &all)
        .fetch_one(&mut **tx)
        .await?;
    let merged: Vec<String> = others.iter().map(Uuid::to_string).collect();
    sqlx::query!(
        "SELECT set_config('leadline.rollups_paused', 'on', true) AS paused,
                set_config('leadline.merging', $1, true) AS merging, set_config('leadline.merged', $2, true) AS merged",
        survivor.to_string(),
        merged.join(","),
    )
    .fetch_one(&mut **tx)
    .await?;
    let moved = |result: sqlx::postgres::PgQueryResult| result.rows_affected() as i64;
    let calls = moved(
        sqlx::query!(
            "UPDATE calls SET lead_id = $1 WHERE lead_id = ANY ($2)",
            survivor,
            &others
        )
        .execute(&mut **tx)
        .await?,
    );
    let touches = moved(
        sqlx::query!(
            "UPDATE touches SET lead_id = $1 WHERE lead_id = ANY ($2)",
            survivor,
            &others
        )
        .execute(&mut **tx)
        .await?,
    );
    let tasks = moved(
        sqlx::query!(
            "UPDATE tasks SET lead_id = $1 WHERE lead_id = ANY ($2)",
            survivor,
            &others
        )
        .execute(&mut **tx)
        .await?,
    );
    let tags = moved(
        sqlx::query!(
            "INSERT INTO lead_tags (lead_id, tag_id)
             SELECT DISTINCT $1::uuid, tag_id FROM lead_tags WHERE lead_id = ANY ($2)
             ON CONFLICT DO NOTHING",
            survivor,
            &others
        )
        .execute(&mut **tx)
        .await?,
    );
    let events = moved(
        sqlx::query!(
            "UPDATE stage_events SET lead_id = $1 WHERE lead_id = ANY ($2)",
            survivor,
            &others
        )
        .execute(&mut **tx)
        .await?,
    );
    // Each stage is reached when the first of them reached it.
    sqlx::query!(
        "INSERT INTO stage_reaches (lead_id, stage, reached_at)
         SELECT $1, stage, min(reached_at) FROM stage_reaches WHERE lead_id = ANY ($2) GROUP BY stage
         ON CONFLICT (lead_id, stage) DO UPDATE
         SET reached_at = least(stage_reaches.reached_at, excluded.reached_at)",
        survivor,
        &others
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "DELETE FROM stage_reaches WHERE lead_id = ANY ($1)",
        &others
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE leads SET referred_by = CASE WHEN id = $1 THEN NULL ELSE $1 END
         WHERE referred_by = ANY ($2)",
        survivor,
        &others
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE audit_log SET lead_id = $1 WHERE lead_id = ANY ($2)",
        survivor,
        &others
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE leads l
         SET max_stage = greatest(l.max_stage, (SELECT max(r.stage) FROM stage_reaches r WHERE r.lead_id = l.id)),
             call_count = l.call_count + d.call_count,
             last_call_at = greatest(l.last_call_at, d.last_call_at),
             last_call_outcome = CASE WHEN l.last_call_at IS NULL OR d.last_call_at > l.last_call_at
                                      THEN d.last_call_outcome ELSE l.last_call_outcome END,
             last_call_intent = CASE WHEN l.last_call_at IS NULL OR d.last_call_at > l.last_call_at
                                     THEN d.last_call_intent ELSE l.last_call_intent END,
             phone = coalesce(l.phone, d.phone), email = coalesce(l.email, d.email),
             company = coalesce(l.company, d.company), source = coalesce(l.source, d.source),
             owner_id = coalesce(l.owner_id, d.owner_id), notes = coalesce(l.notes, d.notes),
             next_contact_at = coalesce(l.next_contact_at, d.next_contact_at),
             custom = (SELECT coalesce(jsonb_object_agg(c.k, c.v), '{}')
                       FROM (SELECT DISTINCT ON (e.key) e.key AS k, e.value AS v
                             FROM leads x CROSS JOIN LATERAL jsonb_each(x.custom) e
                             WHERE x.id = ANY ($2) ORDER BY e.key, x.created_at) c) || l.custom,
             updated_at = now()
         FROM (SELECT sum(call_count)::int4 AS call_count, max(last_call_at) AS last_call_at,
                      (array_agg(last_call_outcome ORDER BY last_call_at DESC NULLS LAST))[1] AS last_call_outcome,
                      (array_agg(last_call_intent ORDER BY last_call_at DESC NULLS LAST))[1] AS last_call_intent,
                      (array_agg(phone ORDER BY created_at) FILTER (WHERE phone IS NOT NULL))[1] AS phone,
                      (array_agg(email ORDER BY created_at) FILTER (WHERE email IS NOT NULL))[1] AS email,
                      (array_agg(company ORDER BY created_at) FILTER (WHERE company IS NOT NULL))[1] AS company,
                      (array_agg(source ORDER BY created_at) FILTER (WHERE source IS NOT NULL))[1] AS source,
                      (array_agg(owner_id ORDER BY created_at) FILTER (WHERE owner_id IS NOT NULL))[1] AS owner_id,
                      (array_agg(notes ORDER BY created_at) FILTER (WHERE notes IS NOT NULL))[1] AS notes,
                      min(next_contact_at) FILTER (WHERE status = 'open') AS next_contact_at
               FROM leads WHERE id = ANY ($2)) d
         WHERE l.id = $1",
        survivor,
        &others
    )
    .execute(&mut **tx)
    .await?;
    // The change feed and `lead.deleted` name the lead each duplicate went into.
    sqlx::query!(
        "INSERT INTO lead_tombstones (id, owner_id, merged_into)
         SELECT id, owner_id, $2 FROM leads WHERE id = ANY ($1)",
        &others,
        survivor
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!("DELETE FROM leads WHERE id = ANY ($1)", &others)
        .execute(&mut **tx)
        .await?;
    sqlx::query!(
        "SELECT set_config('leadline.rollups_paused', 'off', true) AS paused,
                set_config('leadline.merged', '', true) AS merged"
    )
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query_scalar!("SELECT rollup_leads_in($1)", &[survivor] as &[Uuid])
        .fetch_one(&mut **tx)
        .await?;
    let counts = Merged {
        calls,
        touches,
        tasks,
        events,
        tags,
    };
    let changes = serde_json::json!({"merged": {"from": others, "calls": calls, "touches": touches,
                                                "tasks": tasks, "events": events, "tags": tags}});
    audit::record_action(tx, "lead", survivor, Some(survivor), "merged", changes).await?;
    Ok(counts)
}
