//! Call logs and what logging a call does to its lead (SPEC section 2).

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, Postgres, QueryBuilder, Transaction};
use uuid::Uuid;

use super::leads::{self, ChangeDetails};
use super::timed::TimedList;
use super::{new_id, violated_constraint, Actor, Scope, StoreError, StoreResult};
use crate::domain::call::{automatic_moves, Direction, Intent, Outcome};
use crate::domain::farming::CameBackBy;
use crate::domain::stage::{self, Change, LeadStatus, Stage};
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

/// A logged call.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = Call)]
pub struct CallRow {
    pub id: Uuid,
    pub lead_id: Uuid,
    pub rep_id: Uuid,
    pub direction: Direction,
    pub started_at: DateTime<Utc>,
    /// Dialling and waiting.
    pub ring_seconds: Option<i32>,
    pub talk_seconds: i32,
    pub outcome: Outcome,
    pub intent: Option<Intent>,
    pub notes: Option<String>,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub recording_url: Option<String>,
    /// The lead was do-not-call when this call was logged.
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
    /// The lead as the call left it, when it made no stage move (which changes it again).
    pub lead: Option<leads::LeadRow>,
}

/// Store a call and apply its effects on the lead: last-call fields, bad phone,
/// follow-up time, ownership, claim release and the automatic stage moves. `tx` acts as
/// `actor` already (`audit::begin_as`): a call is the busiest write, and naming the actor
/// again would be one more round trip in each.
#[tracing::instrument(skip_all)]
pub async fn log(
    tx: &mut Transaction<'_, Postgres>,
    call: NewCall,
    actor: Actor,
    scope: Scope,
) -> StoreResult<Logged> {
    super::teams::check_acting_for(&mut **tx, scope, call.rep_id, "rep_id").await?;
    let position = match leads::lock_position(tx, call.lead_id, scope).await {
        Err(StoreError::NotFound(_)) => {
            return Err(FieldError::new("lead_id", "error-no-such-lead").into())
        }
        other => other?,
    };
    let id = new_id();
    let row = sqlx::query_as!(
        CallRow,
        r#"INSERT INTO calls AS c (id, lead_id, rep_id, direction, started_at, ring_seconds, talk_seconds,
                                   outcome, intent, notes, next_contact_at, recording_url, do_not_call)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, l.do_not_call FROM leads l WHERE l.id = $2
           RETURNING c.id, c.lead_id, c.rep_id, c.direction AS "direction: Direction", c.started_at,
                     c.ring_seconds, c.talk_seconds, c.outcome AS "outcome: Outcome",
                     c.intent AS "intent: Intent", c.notes, c.next_contact_at, c.recording_url,
                     c.do_not_call, c.created_at"#,
        id,
        call.lead_id,
        call.rep_id,
        call.direction.as_str(),
        call.started_at,
        call.ring_seconds,
        call.talk_seconds,
        call.outcome.as_str(),
        call.intent.map(Intent::as_str),
        call.notes.as_deref(),
        call.next_contact_at,
        call.recording_url.as_deref(),
    )
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| match violated_constraint(&e) {
        Some("calls_rep_id_fkey") => FieldError::new("rep_id", "error-no-such-user").into(),
        _ => StoreError::from(e),
    })?;

    // Fields that describe "the last call" only move for the newest call, so a back-dated import cannot rewind them.
    // The lead as the call leaves it, for the answer; stage moves below change it again.
    let lead = leads::query_lead!(
        "UPDATE leads AS l SET call_count = call_count + 1,
             last_call_outcome = CASE WHEN last_call_at IS NULL OR $2 >= last_call_at THEN $3 ELSE last_call_outcome END,
             last_call_intent = CASE WHEN last_call_at IS NULL OR $2 >= last_call_at THEN $4 ELSE last_call_intent END,
             next_contact_at = CASE WHEN last_call_at IS NULL OR $2 >= last_call_at THEN $5 ELSE next_contact_at END,
             last_call_at = greatest(last_call_at, $2),
             returning_since = CASE WHEN $2 >= returning_since THEN NULL ELSE returning_since END,
             phone_bad = phone_bad OR $6,
             owner_id = CASE WHEN owner_id IS NULL AND (SELECT u.role FROM users u WHERE u.id = $7) = 'rep'
                             THEN $7 ELSE owner_id END,
             claimed_by = CASE WHEN claimed_by = $7 THEN NULL ELSE claimed_by END,
             claimed_until = CASE WHEN claimed_by = $7 THEN NULL ELSE claimed_until END,
             updated_at = now()
         WHERE id = $1
         RETURNING",
        "",
        call.lead_id,
        call.started_at,
        call.outcome.as_str(),
        call.intent.map(Intent::as_str),
        call.next_contact_at,
        call.outcome.marks_phone_bad(),
        call.rep_id,
    )
    .fetch_one(&mut **tx)
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
    // A lost lead that calls in has come back by itself (lead farming).
    let came_back = call.direction == Direction::Inbound
        && position.status == LeadStatus::Lost
        && leads::come_back(tx, call.lead_id, CameBackBy::Call)
            .await?
            .is_some();
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
        lead: (moved_to.is_empty() && !came_back).then_some(lead),
        moved_to,
        stage_after,
    })
}

/// Store many calls (a dialer's upload) with exactly the effects of logging them one
/// by one in order, in statements that each cover the whole batch: the leads are
/// locked in one go, the calls inserted in one statement, and each lead's call fields
/// updated once; the stage moves the calls make are written together too.
/// A bad call fails the batch as `calls[i].field`. Returns the new call ids, in order.
/// `tx` acts as `actor` already, as for [`log`].
#[tracing::instrument(skip_all, fields(calls = calls.len()))]
pub async fn log_batch(
    tx: &mut Transaction<'_, Postgres>,
    calls: &[NewCall],
    actor: Actor,
    scope: Scope,
) -> StoreResult<Vec<Uuid>> {
    let field = |i: usize, name: &str, id: &'static str| -> StoreError {
        FieldError::new(format!("calls[{i}].{name}"), id).into()
    };
    for (i, call) in calls.iter().enumerate() {
        let field = format!("calls[{i}].rep_id");
        super::teams::check_acting_for(&mut **tx, scope, call.rep_id, &field).await?;
    }
    let rep_ids: Vec<Uuid> = calls.iter().map(|c| c.rep_id).collect();
    let known: HashSet<Uuid> =
        sqlx::query_scalar!("SELECT id FROM users WHERE id = ANY($1)", &rep_ids)
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .collect();
    let lead_ids: Vec<Uuid> = calls.iter().map(|c| c.lead_id).collect();
    let mut positions = leads::lock_positions(tx, &lead_ids, scope).await?;

    // Work out, in order, the stage moves each call makes from where its lead then is.
    let ids: Vec<Uuid> = calls.iter().map(|_| new_id()).collect();
    let mut moves = Vec::new();
    for (i, call) in calls.iter().enumerate() {
        if !known.contains(&call.rep_id) {
            return Err(field(i, "rep_id", "error-no-such-user"));
        }
        let position = positions
            .get_mut(&call.lead_id)
            .ok_or_else(|| field(i, "lead_id", "error-no-such-lead"))?;
        for to in automatic_moves(position.stage, position.status, call.outcome, call.intent) {
            let change = Change::MoveTo {
                to,
                reason: None,
                sets_deal_value: false,
            };
            let transition = stage::apply(*position, &change)?;
            *position = transition.after;
            moves.push((i, transition));
        }
    }

    let directions: Vec<&str> = calls.iter().map(|c| c.direction.as_str()).collect();
    let started: Vec<DateTime<Utc>> = calls.iter().map(|c| c.started_at).collect();
    let ring: Vec<Option<i32>> = calls.iter().map(|c| c.ring_seconds).collect();
    let talk: Vec<i32> = calls.iter().map(|c| c.talk_seconds).collect();
    let outcomes: Vec<&str> = calls.iter().map(|c| c.outcome.as_str()).collect();
    let intents: Vec<Option<&str>> = calls.iter().map(|c| c.intent.map(Intent::as_str)).collect();
    let notes: Vec<Option<&str>> = calls.iter().map(|c| c.notes.as_deref()).collect();
    let next_contact: Vec<Option<DateTime<Utc>>> =
        calls.iter().map(|c| c.next_contact_at).collect();
    let recordings: Vec<Option<&str>> = calls.iter().map(|c| c.recording_url.as_deref()).collect();
    let phone_bad: Vec<bool> = calls.iter().map(|c| c.outcome.marks_phone_bad()).collect();
    sqlx::query!(
        "INSERT INTO calls (id, lead_id, rep_id, direction, started_at, ring_seconds, talk_seconds, outcome, intent,
                            notes, next_contact_at, recording_url, do_not_call)
         SELECT c.id, c.lead_id, c.rep_id, c.direction, c.started_at, c.ring_seconds, c.talk_seconds, c.outcome,
                c.intent, c.notes, c.next_contact_at, c.recording_url, l.do_not_call
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::int[], $7::int[],
                     $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::text[]) WITH ORDINALITY
              AS c (id, lead_id, rep_id, direction, started_at, ring_seconds, talk_seconds, outcome, intent,
                    notes, next_contact_at, recording_url, n)
         JOIN leads l ON l.id = c.lead_id ORDER BY c.n",
        &ids,
        &lead_ids,
        &rep_ids as &[Uuid],
        &directions as &[&str],
        &started,
        &ring as &[Option<i32>],
        &talk,
        &outcomes as &[&str],
        &intents as &[Option<&str>],
        &notes as &[Option<&str>],
        &next_contact as &[Option<DateTime<Utc>>],
        &recordings as &[Option<&str>],
    )
    .execute(&mut **tx)
    .await?;

    // Per lead, what logging its calls one by one leaves behind (see `log`): the newest
    // call (the later one on a tie) sets the "last call" fields if it is not older than
    // the lead's last call; the first call by a rep takes an unowned lead; a call by
    // the rep holding the claim releases it.
    sqlx::query!(
        "WITH c AS (
             SELECT c.*, u.role FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[],
                                            $6::timestamptz[], $7::bool[]) WITH ORDINALITY
                 AS c (lead_id, rep_id, started_at, outcome, intent, next_contact_at, phone_bad, n)
             JOIN users u ON u.id = c.rep_id),
         per_lead AS (
             SELECT lead_id, count(*) AS calls, max(started_at) AS newest, bool_or(phone_bad) AS phone_bad,
                    (array_agg(outcome ORDER BY started_at DESC, n DESC))[1] AS outcome,
                    (array_agg(intent ORDER BY started_at DESC, n DESC))[1] AS intent,
                    (array_agg(next_contact_at ORDER BY started_at DESC, n DESC))[1] AS next_contact_at,
                    (array_agg(rep_id ORDER BY n) FILTER (WHERE role = 'rep'))[1] AS first_rep,
                    array_agg(rep_id) AS reps
             FROM c GROUP BY lead_id)
         UPDATE leads l SET call_count = l.call_count + p.calls,
             last_call_outcome = CASE WHEN l.last_call_at IS NULL OR p.newest >= l.last_call_at THEN p.outcome ELSE l.last_call_outcome END,
             last_call_intent = CASE WHEN l.last_call_at IS NULL OR p.newest >= l.last_call_at THEN p.intent ELSE l.last_call_intent END,
             next_contact_at = CASE WHEN l.last_call_at IS NULL OR p.newest >= l.last_call_at THEN p.next_contact_at ELSE l.next_contact_at END,
             last_call_at = greatest(l.last_call_at, p.newest),
             returning_since = CASE WHEN p.newest >= l.returning_since THEN NULL ELSE l.returning_since END,
             phone_bad = l.phone_bad OR p.phone_bad,
             owner_id = coalesce(l.owner_id, p.first_rep),
             claimed_by = CASE WHEN l.claimed_by = ANY(p.reps) THEN NULL ELSE l.claimed_by END,
             claimed_until = CASE WHEN l.claimed_by = ANY(p.reps) THEN NULL ELSE l.claimed_until END,
             updated_at = now()
         FROM per_lead p WHERE l.id = p.lead_id",
        &lead_ids,
        &rep_ids as &[Uuid],
        &started,
        &outcomes as &[&str],
        &intents as &[Option<&str>],
        &next_contact as &[Option<DateTime<Utc>>],
        &phone_bad,
    )
    .execute(&mut **tx)
    .await?;

    let moves: Vec<leads::CallMove> = moves
        .iter()
        .map(|(i, transition)| leads::CallMove {
            lead_id: calls[*i].lead_id,
            transition,
            at: calls[*i].started_at,
            call_id: ids[*i],
        })
        .collect();
    leads::persist_call_moves(tx, &moves, actor).await?;
    // Lost leads that called in have come back by themselves (calls move no lost lead, so
    // their positions are still as they were).
    let called_in: BTreeSet<Uuid> = calls
        .iter()
        .filter(|c| c.direction == Direction::Inbound)
        .filter(|c| positions.get(&c.lead_id).map(|p| p.status) == Some(LeadStatus::Lost))
        .map(|c| c.lead_id)
        .collect();
    for lead_id in called_in {
        leads::come_back(tx, lead_id, CameBackBy::Call).await?;
    }
    Ok(ids)
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
    let list = TimedList {
        alias: "c",
        user: "rep_id",
        at: "started_at",
        scope,
        lead_id: filter.lead_id,
        user_id: filter.rep_id,
        from: filter.from,
        to: filter.to,
    };
    let mut q =
        QueryBuilder::<Postgres>::new(format!("SELECT {CALL_COLUMNS} FROM calls c WHERE true"));
    list.push_conditions(&mut q);
    if let Some(outcome) = filter.outcome {
        q.push(" AND c.outcome = ").push_bind(outcome.as_str());
    }
    list.push_page(&mut q, after, limit);
    Ok(q.build_query_as::<CallRow>().fetch_all(db).await?)
}
