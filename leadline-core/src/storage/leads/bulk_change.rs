//! One change to many leads at once: the leads chosen on the list, or every lead its
//! filters match. Each is one transaction over the leads `scope` may change, locked in
//! the order of their ids, and answers how many leads it changed.

use serde::{Deserialize, Serialize};
use sqlx::{PgExecutor, PgPool, Postgres, QueryBuilder, Transaction};
use uuid::Uuid;

use super::{check_owner, push_filter, LeadFilter};
use crate::storage::{audit, new_id, Actor, Scope, StoreError, StoreResult};

/// Which leads a bulk change is for.
#[derive(Clone, Debug)]
pub enum Selection {
    /// These leads (those of them `scope` may change).
    Leads(Vec<Uuid>),
    /// Every lead the list's filters match.
    Matching(Box<LeadFilter>),
}

/// What a bulk change does to each lead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", content = "value", rename_all = "snake_case")]
pub enum BulkChange {
    /// Give the leads to this user, or to no one.
    Reassign(Option<Uuid>),
    AddTag(String),
    RemoveTag(String),
    /// The customers asked not to be called.
    DoNotCall,
    /// Open leads lost, for this reason (with a note); won and lost ones are left alone.
    MarkLost {
        reason_id: Uuid,
        note: Option<String>,
    },
}

/// Apply `change` to the leads of `selection` that `scope` may change; returns how many
/// changed (a lead that already was as asked is not counted).
#[tracing::instrument(skip_all)]
pub async fn change_many(
    tx: &mut Transaction<'_, Postgres>,
    scope: Scope,
    selection: &Selection,
    change: &BulkChange,
    actor: Actor,
) -> StoreResult<u64> {
    if let BulkChange::Reassign(Some(owner)) = change {
        check_owner(tx, *owner, scope).await?;
    }
    let targets = lock_targets(tx, scope, selection).await?;
    if targets.is_empty() {
        return Ok(0);
    }
    audit::act_as(tx, actor).await?;
    let changed = match change {
        BulkChange::Reassign(owner) => {
            // The leads' rows in every rollup move to the new owner's, all at once
            // (`rollup_leads_changed`: an owner's change moves, revalues and redates, and
            // leaves the channel, so the calls stay where they are).
            rollups_by_statement(tx, true).await?;
            let changed = sqlx::query_scalar!(
                r#"WITH before AS (
                       SELECT l AS was FROM leads l JOIN unnest($1::uuid[]) t (id) ON l.id = t.id
                       WHERE l.owner_id IS DISTINCT FROM $2),
                   after AS (
                       UPDATE leads l SET owner_id = $2, claimed_by = NULL, updated_at = now()
                       FROM before b WHERE l.id = (b.was).id
                       RETURNING l AS now_is),
                   counted AS (
                       SELECT rollup_leads_changed(ARRAY(SELECT b.was FROM before b), ARRAY(SELECT a.now_is FROM after a),
                                                   true, true, false, true))
                   SELECT (SELECT count(*) FROM after) + 0 * (SELECT count(*) FROM counted) AS "changed!""#,
                &targets,
                *owner,
            )
            .fetch_one(&mut **tx)
            .await?;
            rollups_by_statement(tx, false).await?;
            let changed = u64::try_from(changed).unwrap_or(0);
            if let Some(owner) = owner {
                if changed > 0 && actor.user_id != Some(*owner) {
                    sqlx::query!(
                        "INSERT INTO notifications (user_id, kind, actor_id, leads) VALUES ($1, 'leads_assigned', $2, $3)",
                        owner,
                        actor.user_id,
                        i64::try_from(changed).unwrap_or(i64::MAX),
                    )
                    .execute(&mut **tx)
                    .await?;
                }
            }
            changed
        }
        BulkChange::AddTag(name) => {
            sqlx::query!(
                "INSERT INTO tags (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                new_id(),
                name,
            )
            .execute(&mut **tx)
            .await?;
            let tagged: Vec<Uuid> = sqlx::query_scalar!(
                r#"WITH added AS (
                       INSERT INTO lead_tags (lead_id, tag_id)
                       SELECT t.id, (SELECT id FROM tags WHERE name = $2) FROM unnest($1::uuid[]) t (id)
                       ON CONFLICT DO NOTHING
                       RETURNING lead_id),
                   touched AS (UPDATE leads l SET updated_at = now() FROM added a WHERE l.id = a.lead_id)
                   SELECT lead_id AS "lead_id!" FROM added"#,
                &targets,
                name,
            )
            .fetch_all(&mut **tx)
            .await?;
            audit::record_tags(tx, &tagged, std::slice::from_ref(name), &[]).await?;
            u64::try_from(tagged.len()).unwrap_or(0)
        }
        BulkChange::RemoveTag(name) => {
            let untagged: Vec<Uuid> = sqlx::query_scalar!(
                r#"WITH removed AS (
                       DELETE FROM lead_tags lt USING unnest($1::uuid[]) t (id)
                       WHERE lt.lead_id = t.id AND lt.tag_id = (SELECT id FROM tags WHERE name = $2)
                       RETURNING lt.lead_id),
                   touched AS (UPDATE leads l SET updated_at = now() FROM removed r WHERE l.id = r.lead_id)
                   SELECT lead_id AS "lead_id!" FROM removed"#,
                &targets,
                name,
            )
            .fetch_all(&mut **tx)
            .await?;
            audit::record_tags(tx, &untagged, &[], std::slice::from_ref(name)).await?;
            u64::try_from(untagged.len()).unwrap_or(0)
        }
        BulkChange::DoNotCall => sqlx::query!(
            "UPDATE leads l SET do_not_call = true, updated_at = now()
             FROM unnest($1::uuid[]) t (id)
             WHERE l.id = t.id AND NOT l.do_not_call",
            &targets,
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        BulkChange::MarkLost { reason_id, note } => {
            // As one lead is marked lost (`stage::apply`, `persist_transition`): lost at
            // the stage it is at, with an event of its own, and let go from any queue claim.
            // The rollups count them as lost all at once (`rollup_leads_changed`: a
            // status change revalues, and moves and redates nothing); the events' own
            // trigger counts the losses.
            rollups_by_statement(tx, true).await?;
            let lost = sqlx::query_scalar!(
                r#"WITH before AS (
                       SELECT l AS was FROM leads l JOIN unnest($1::uuid[]) t (id) ON l.id = t.id
                       WHERE l.status = 'open'),
                   lost AS (
                       UPDATE leads l SET status = 'lost', lost_stage = l.stage, lost_reason_id = $2,
                                          lost_at = greatest(now(), l.created_at), claimed_by = NULL,
                                          updated_at = now()
                       FROM before b
                       WHERE l.id = (b.was).id
                       RETURNING l.id, l.stage, l.lost_at, l AS now_is),
                   events AS (
                       INSERT INTO stage_events (lead_id, from_stage, to_stage, kind, reason, lost_reason_id,
                                                 actor_user_id, actor_token_id, created_at)
                       SELECT id, stage, stage, 'lost', $3, $2, $4, $5, lost_at FROM lost),
                   counted AS (
                       SELECT rollup_leads_changed(ARRAY(SELECT b.was FROM before b), ARRAY(SELECT x.now_is FROM lost x),
                                                   true, false, false, false))
                   SELECT (SELECT count(*) FROM lost) + 0 * (SELECT count(*) FROM counted) AS "count!""#,
                &targets,
                reason_id,
                note.as_deref(),
                actor.user_id,
                actor.token_id,
            )
            .fetch_one(&mut **tx)
            .await?;
            rollups_by_statement(tx, false).await?;
            u64::try_from(lost).unwrap_or(0)
        }
    };
    Ok(changed)
}

/// While on, the rollups' row trigger leaves changed leads to the statement that changes
/// them (`rollup_leads_changed` in sql/rollups.sql); for this transaction only.
async fn rollups_by_statement(tx: &mut Transaction<'_, Postgres>, on: bool) -> StoreResult<()> {
    sqlx::query_scalar!(
        "SELECT set_config('leadline.rollups_by_statement', $1, true)",
        if on { "on" } else { "off" },
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(())
}

/// The ids of the selection's leads that `scope` may change, locked in id order (as any
/// two bulk changes take them, so that they wait for each other rather than deadlock).
async fn lock_targets(
    tx: &mut Transaction<'_, Postgres>,
    scope: Scope,
    selection: &Selection,
) -> StoreResult<Vec<Uuid>> {
    let mut q = targets_query(scope, selection);
    q.push(" FOR UPDATE OF l");
    Ok(q.build_query_scalar::<Uuid>().fetch_all(&mut **tx).await?)
}

/// The ids of the selection's leads that `scope` may change, in id order, as they are now
/// (nothing locked): what a queued change will be made to.
pub async fn bulk_targets(
    db: impl PgExecutor<'_>,
    scope: Scope,
    selection: &Selection,
) -> StoreResult<Vec<Uuid>> {
    let mut q = targets_query(scope, selection);
    Ok(q.build_query_scalar::<Uuid>().fetch_all(db).await?)
}

fn targets_query(scope: Scope, selection: &Selection) -> QueryBuilder<'static, Postgres> {
    let mut q = QueryBuilder::<Postgres>::new("SELECT l.id FROM leads l WHERE true");
    match selection {
        Selection::Leads(ids) => {
            let filter = LeadFilter {
                ids: Some(ids.clone()),
                ..LeadFilter::default()
            };
            push_filter(&mut q, scope, &filter);
        }
        Selection::Matching(filter) => push_filter(&mut q, scope, filter),
    }
    q.push(" ORDER BY l.id");
    q
}

/// A bulk change asked for to be made in the background (`queue_bulk_change`), and how it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedChange {
    pub id: Uuid,
    pub user_id: Uuid,
    /// `queued`, `done` or `failed` (then nothing was changed).
    pub status: String,
    /// The leads it is for, as they were chosen.
    pub leads: i64,
    /// How many it changed, once done.
    pub changed: Option<i64>,
    pub change: BulkChange,
    /// The leads list's filters, to go back to.
    pub back_to: String,
}

/// Ask for `change` to the leads `ids` (in the reach of `scope`) to be made in the
/// background, by `user_id`; `back_to` is the list's query to return to.
pub async fn queue_bulk_change(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    scope: Scope,
    ids: &[Uuid],
    change: &BulkChange,
    back_to: &str,
) -> StoreResult<Uuid> {
    let id = new_id();
    let change = serde_json::to_value(change)
        .map_err(|e| StoreError::Db(sqlx::Error::Encode(Box::new(e))))?;
    sqlx::query!(
        "INSERT INTO bulk_changes (id, user_id, rep_scope, lead_ids, change, back_to)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        user_id,
        scope.viewer(),
        ids,
        change,
        back_to,
    )
    .execute(db)
    .await?;
    Ok(id)
}

/// A queued change, as its asker sees it; `None` when there is none of that id.
pub async fn queued_bulk_change(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> StoreResult<Option<QueuedChange>> {
    let row = sqlx::query!(
        r#"SELECT id, user_id, status, cardinality(lead_ids)::int8 AS "leads!", changed, change, back_to
           FROM bulk_changes WHERE id = $1"#,
        id,
    )
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok(QueuedChange {
            id: r.id,
            user_id: r.user_id,
            status: r.status,
            leads: r.leads,
            changed: r.changed,
            change: serde_json::from_value(r.change).map_err(undecodable)?,
            back_to: r.back_to,
        })
    })
    .transpose()
}

/// The changes queued and not made yet, oldest first.
pub async fn queued_bulk_changes(db: impl PgExecutor<'_>) -> StoreResult<Vec<Uuid>> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM bulk_changes WHERE status = 'queued' ORDER BY created_at"
    )
    .fetch_all(db)
    .await?)
}

/// Make a queued change: `id`'s, or with `None` the oldest no node is making. The change
/// and the row's `done` commit together; returns the id and how many leads changed, or
/// `None` when there was nothing to take up. On an error nothing is changed and the row
/// stays queued (`fail_bulk_change` marks it).
pub async fn make_queued_bulk_change(
    db: &PgPool,
    id: Option<Uuid>,
) -> StoreResult<Option<(Uuid, u64)>> {
    let mut tx = db.begin().await?;
    let Some(row) = sqlx::query!(
        "SELECT id, user_id, rep_scope, lead_ids, change FROM bulk_changes
         WHERE status = 'queued' AND ($1::uuid IS NULL OR id = $1)
         ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED",
        id,
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    let change: BulkChange = serde_json::from_value(row.change).map_err(undecodable)?;
    // A rep's and a limited manager's scopes read the same in SQL: the database tells them apart.
    let scope = row.rep_scope.map_or(Scope::All, Scope::Rep);
    let actor = Actor {
        user_id: Some(row.user_id),
        ..Actor::default()
    };
    let changed = change_many(
        &mut tx,
        scope,
        &Selection::Leads(row.lead_ids),
        &change,
        actor,
    )
    .await?;
    sqlx::query!(
        "UPDATE bulk_changes SET status = 'done', changed = $2, finished_at = now() WHERE id = $1",
        row.id,
        i64::try_from(changed).unwrap_or(i64::MAX),
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some((row.id, changed)))
}

fn undecodable(e: serde_json::Error) -> StoreError {
    StoreError::Db(sqlx::Error::Decode(Box::new(e)))
}

/// Mark a queued change failed: it was not made, and will not be tried again.
pub async fn fail_bulk_change(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<()> {
    sqlx::query!(
        "UPDATE bulk_changes SET status = 'failed', finished_at = now() WHERE id = $1 AND status = 'queued'",
        id,
    )
    .execute(db)
    .await?;
    Ok(())
}
