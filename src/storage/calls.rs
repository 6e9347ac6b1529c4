//! Call logs and what logging a call does to its lead (SPEC section 2).

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, Postgres, QueryBuilder, Transaction};
use uuid::Uuid;

use super::leads::{self, ChangeDetails};
use super::{new_id, Actor, Scope, StoreError, StoreResult};
use crate::domain::call::{automatic_moves, Direction, Intent, Outcome};
use crate::domain::stage::{Change, Stage};
use crate::domain::FieldError;

/// A validated call to log.
#[derive(Clone, Debug)]
pub struct NewCall {
    pub lead_id: Uuid,
    pub rep_id: Uuid,
    pub direction: Direction,
    pub started_at: DateTime<Utc>,
    pub ring_seconds: Option<i32>,
    pub talk_seconds: i32,
    pub outcome: Outcome,
    pub intent: Option<Intent>,
    pub notes: Option<String>,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub recording_url: Option<String>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CallRow {
    pub id: Uuid,
    pub lead_id: Uuid,
    pub rep_id: Uuid,
    pub direction: String,
    pub started_at: DateTime<Utc>,
    pub ring_seconds: Option<i32>,
    pub talk_seconds: i32,
    pub outcome: String,
    pub intent: Option<String>,
    pub notes: Option<String>,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub recording_url: Option<String>,
    pub do_not_call: bool,
    pub created_at: DateTime<Utc>,
}

const CALL_COLUMNS: &str =
    "c.id, c.lead_id, c.rep_id, c.direction, c.started_at, c.ring_seconds, c.talk_seconds, \
    c.outcome, c.intent, c.notes, c.next_contact_at, c.recording_url, c.do_not_call, c.created_at";

/// A stored call and what it did to its lead's stage.
#[derive(Clone, Debug)]
pub struct Logged {
    pub row: CallRow,
    /// The stages the call moved the lead to, in order (empty if none).
    pub moved_to: Vec<Stage>,
    /// The lead's stage after the call.
    pub stage_after: Stage,
}

/// Store a call and apply its effects on the lead: last-call fields, bad phone,
/// follow-up time, ownership, claim release and the automatic stage moves.
#[tracing::instrument(skip_all)]
pub async fn log(
    tx: &mut Transaction<'_, Postgres>,
    call: NewCall,
    actor: Actor,
    scope: Scope,
) -> StoreResult<Logged> {
    let rep_role: Option<String> = sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
        .bind(call.rep_id)
        .fetch_optional(&mut **tx)
        .await?;
    let rep_role = rep_role.ok_or_else(|| FieldError::new("rep_id", "no such user"))?;
    let position = match leads::lock_position(tx, call.lead_id, scope).await {
        Err(StoreError::NotFound(_)) => {
            return Err(FieldError::new("lead_id", "no such lead").into())
        }
        other => other?,
    };
    let id = new_id();
    let row = sqlx::query_as::<_, CallRow>(&format!(
        "INSERT INTO calls AS c (id, lead_id, rep_id, direction, started_at, ring_seconds, talk_seconds, outcome, intent, \
                            notes, next_contact_at, recording_url, do_not_call) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, l.do_not_call FROM leads l WHERE l.id = $2 \
         RETURNING {CALL_COLUMNS}"
    ))
    .bind(id)
    .bind(call.lead_id)
    .bind(call.rep_id)
    .bind(call.direction.as_str())
    .bind(call.started_at)
    .bind(call.ring_seconds)
    .bind(call.talk_seconds)
    .bind(call.outcome.as_str())
    .bind(call.intent.map(Intent::as_str))
    .bind(&call.notes)
    .bind(call.next_contact_at)
    .bind(&call.recording_url)
    .fetch_one(&mut **tx)
    .await?;

    // Fields that describe "the last call" only move for the newest call, so a back-dated import cannot rewind them.
    sqlx::query(
        "UPDATE leads SET call_count = call_count + 1, \
             last_call_outcome = CASE WHEN last_call_at IS NULL OR $2 >= last_call_at THEN $3 ELSE last_call_outcome END, \
             last_call_intent = CASE WHEN last_call_at IS NULL OR $2 >= last_call_at THEN $4 ELSE last_call_intent END, \
             next_contact_at = CASE WHEN last_call_at IS NULL OR $2 >= last_call_at THEN $5 ELSE next_contact_at END, \
             last_call_at = greatest(last_call_at, $2), \
             phone_bad = phone_bad OR $6, \
             owner_id = CASE WHEN owner_id IS NULL AND $8 = 'rep' THEN $7 ELSE owner_id END, \
             claimed_by = CASE WHEN claimed_by = $7 THEN NULL ELSE claimed_by END, \
             claimed_until = CASE WHEN claimed_by = $7 THEN NULL ELSE claimed_until END, \
             updated_at = now() \
         WHERE id = $1",
    )
    .bind(call.lead_id)
    .bind(call.started_at)
    .bind(call.outcome.as_str())
    .bind(call.intent.map(Intent::as_str))
    .bind(call.next_contact_at)
    .bind(call.outcome.marks_phone_bad())
    .bind(call.rep_id)
    .bind(&rep_role)
    .execute(&mut **tx)
    .await?;

    let call_actor = Actor {
        call_id: Some(id),
        ..actor
    };
    // The stage was reached when the call happened, even when it is logged later.
    let details = ChangeDetails {
        at: Some(call.started_at),
        ..ChangeDetails::default()
    };
    let moved_to = automatic_moves(position.stage, position.status, call.outcome, call.intent);
    for &to in &moved_to {
        let change = Change::MoveTo {
            to,
            reason: None,
            sets_deal_value: false,
        };
        leads::change_stage(tx, call.lead_id, &change, &details, call_actor, Scope::All).await?;
    }
    let stage_after = moved_to.last().copied().unwrap_or(position.stage);
    Ok(Logged {
        row,
        moved_to,
        stage_after,
    })
}

/// Call list filters; all optional.
#[derive(Clone, Debug, Default)]
pub struct CallFilter {
    pub lead_id: Option<Uuid>,
    pub rep_id: Option<Uuid>,
    pub outcome: Option<Outcome>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

#[tracing::instrument(skip_all)]
pub async fn list(
    db: impl PgExecutor<'_>,
    scope: Scope,
    filter: &CallFilter,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> StoreResult<Vec<CallRow>> {
    let mut q =
        QueryBuilder::<Postgres>::new(format!("SELECT {CALL_COLUMNS} FROM calls c WHERE true"));
    if let Some(rep) = scope.rep() {
        // A rep sees their own calls and every call on the leads they own.
        q.push(" AND (c.rep_id = ")
            .push_bind(rep)
            .push(" OR EXISTS (SELECT 1 FROM leads l WHERE l.id = c.lead_id AND l.owner_id = ")
            .push_bind(rep)
            .push("))");
    }
    if let Some(lead) = filter.lead_id {
        q.push(" AND c.lead_id = ").push_bind(lead);
    }
    if let Some(rep) = filter.rep_id {
        q.push(" AND c.rep_id = ").push_bind(rep);
    }
    if let Some(outcome) = filter.outcome {
        q.push(" AND c.outcome = ").push_bind(outcome.as_str());
    }
    if let Some(from) = filter.from {
        q.push(" AND c.started_at >= ").push_bind(from);
    }
    if let Some(to) = filter.to {
        q.push(" AND c.started_at < ").push_bind(to);
    }
    if let Some((started_at, id)) = after {
        q.push(" AND (c.started_at, c.id) < (")
            .push_bind(started_at)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    q.push(" ORDER BY c.started_at DESC, c.id DESC LIMIT ")
        .push_bind(limit);
    Ok(q.build_query_as::<CallRow>().fetch_all(db).await?)
}
