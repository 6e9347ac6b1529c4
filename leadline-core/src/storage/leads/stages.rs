//! Where a lead stands in the funnel and how it moves: locking its position, stage
//! changes with their events and first reaches, and the event history.

use super::*;

/// Lock a lead's row for the rest of the transaction and read its funnel position.
pub async fn lock_position(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    scope: Scope,
) -> StoreResult<FunnelPosition> {
    lock_positions(tx, &[id], scope)
        .await?
        .remove(&id)
        .ok_or(StoreError::NotFound("lead"))
}

/// Lock the rows of the leads `ids` that `scope` may see, in id order (so that two
/// transactions locking overlapping sets never deadlock), and read their positions.
pub async fn lock_positions(
    tx: &mut Transaction<'_, Postgres>,
    ids: &[Uuid],
    scope: Scope,
) -> StoreResult<HashMap<Uuid, FunnelPosition>> {
    let rows = sqlx::query!(
        r#"SELECT id, stage AS "stage: Stage", max_stage AS "max_stage: Stage",
                  status AS "status: LeadStatus", lost_stage AS "lost_stage: Stage", deal_value
           FROM leads
           WHERE id = ANY($1) AND ($2::uuid IS NULL OR owner_id IS NULL OR owner_id IN (SELECT * FROM visible_owners($2)))
           ORDER BY id FOR UPDATE"#,
        ids,
        scope.viewer(),
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let position = FunnelPosition {
                stage: row.stage,
                max_stage: row.max_stage,
                status: row.status,
                lost_stage: row.lost_stage,
                has_deal_value: row.deal_value.is_some(),
            };
            (row.id, position)
        })
        .collect())
}

/// What comes with a stage change besides the change itself.
#[derive(Clone, Debug, Default)]
pub struct ChangeDetails {
    pub reason: Option<String>,
    pub lost_reason_id: Option<Uuid>,
    pub deal_value: Option<i64>,
    /// When the change happened, if earlier than now (a call logged after the fact);
    /// never before the lead was created.
    pub at: Option<DateTime<Utc>>,
    /// For a `return`: what brought the lead back, if it came back by itself.
    pub came_back_by: Option<CameBackBy>,
}

/// Apply a stage change under the lead's row lock: the event and the lead row change together.
#[tracing::instrument(skip_all)]
pub async fn change_stage(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    change: &Change,
    details: &ChangeDetails,
    actor: Actor,
    scope: Scope,
) -> StoreResult<EventRow> {
    let position = lock_position(tx, id, scope).await?;
    audit::act_as(tx, actor).await?;
    let transition = stage::apply(position, change)?;
    persist_transition(tx, id, &transition, details, actor).await
}

/// Write a transition worked out under the lead's row lock: the lead row, first
/// reaches and the event.
pub(super) async fn persist_transition(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    t: &Transition,
    details: &ChangeDetails,
    actor: Actor,
) -> StoreResult<EventRow> {
    let ChangeDetails {
        reason,
        lost_reason_id,
        deal_value,
        at,
        came_back_by,
    } = details;
    let (reason, lost_reason_id, deal_value) = (reason.as_deref(), *lost_reason_id, *deal_value);
    let now: DateTime<Utc> = sqlx::query_scalar!(
        r#"SELECT greatest(coalesce($2, now()), created_at) AS "at!" FROM leads WHERE id = $1"#,
        id,
        *at,
    )
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE leads SET stage = $2, max_stage = $3, status = $4, lost_stage = $5,
             lost_reason_id = CASE WHEN $4 = 'lost' THEN $6::uuid END,
             deal_value = coalesce($7, deal_value),
             won_at = CASE WHEN $4 = 'won' THEN coalesce(won_at, $8) ELSE won_at END,
             lost_at = CASE WHEN $4 = 'lost' THEN $8 END,
             claimed_by = CASE WHEN $4 = 'open' THEN claimed_by END,
             returning_since = CASE WHEN $9 THEN $8 WHEN $4 = 'open' THEN returning_since END,
             updated_at = now()
         WHERE id = $1",
        id,
        t.after.stage.index(),
        t.after.max_stage.index(),
        t.after.status.as_str(),
        t.after.lost_stage.map(Stage::index),
        lost_reason_id,
        deal_value,
        now,
        // A lead that called in is on the phone already: it waits in no queue.
        t.kind == EventKind::Return && *came_back_by != Some(CameBackBy::Call),
    )
    .execute(&mut **tx)
    .await?;
    if let Some((first, last)) = t.newly_reached {
        record_reaches(tx, id, first, last, now).await?;
    }
    insert_event(
        tx,
        id,
        Some(t.from),
        t.to,
        t.kind,
        reason,
        lost_reason_id,
        deal_value,
        actor,
        now,
        *came_back_by,
    )
    .await
}

/// A stage move a logged call makes (see `automatic_moves`), at the call's start.
pub(in crate::storage) struct CallMove<'t> {
    pub lead_id: Uuid,
    pub transition: &'t Transition,
    pub at: DateTime<Utc>,
    pub call_id: Uuid,
}

/// Write `moves`, in order, as `persist_transition` would one by one, in four
/// statements whatever their number: each lead is updated once, to where its last
/// move leaves it; the first reaches and the events of all moves are inserted in
/// order. Calls only take open leads forward, so a lead's intermediate rows differ
/// from its last only in stage, and the triggers see the same net change.
pub(in crate::storage) async fn persist_call_moves(
    tx: &mut Transaction<'_, Postgres>,
    moves: &[CallMove<'_>],
    actor: Actor,
) -> StoreResult<()> {
    if moves.is_empty() {
        return Ok(());
    }
    let lead_ids: Vec<Uuid> = moves.iter().map(|m| m.lead_id).collect();
    let created: HashMap<Uuid, DateTime<Utc>> = sqlx::query!(
        "SELECT id, created_at FROM leads WHERE id = ANY($1)",
        &lead_ids
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .map(|r| (r.id, r.created_at))
    .collect();
    // A move is dated at the call, but never before the lead was created.
    let at: Vec<DateTime<Utc>> = moves
        .iter()
        .map(|m| created.get(&m.lead_id).map_or(m.at, |c| m.at.max(*c)))
        .collect();
    let mut last: HashMap<Uuid, usize> = HashMap::new();
    for (i, m) in moves.iter().enumerate() {
        last.insert(m.lead_id, i);
    }
    let finals: Vec<usize> = last.into_values().collect();
    let after = |i: &usize| moves[*i].transition.after;
    let final_ids: Vec<Uuid> = finals.iter().map(|&i| moves[i].lead_id).collect();
    let final_stages: Vec<i16> = finals.iter().map(|i| after(i).stage.index()).collect();
    let final_max: Vec<i16> = finals.iter().map(|i| after(i).max_stage.index()).collect();
    let final_status: Vec<&str> = finals.iter().map(|i| after(i).status.as_str()).collect();
    let final_lost: Vec<Option<i16>> = finals
        .iter()
        .map(|i| after(i).lost_stage.map(Stage::index))
        .collect();
    let final_at: Vec<DateTime<Utc>> = finals.iter().map(|&i| at[i]).collect();
    sqlx::query!(
        "UPDATE leads l SET stage = f.stage, max_stage = f.max_stage, status = f.status, lost_stage = f.lost_stage,
             lost_reason_id = NULL,
             won_at = CASE WHEN f.status = 'won' THEN coalesce(l.won_at, f.at) ELSE l.won_at END,
             lost_at = CASE WHEN f.status = 'lost' THEN f.at END,
             claimed_by = CASE WHEN f.status = 'open' THEN l.claimed_by END,
             updated_at = now()
         FROM unnest($1::uuid[], $2::int2[], $3::int2[], $4::text[], $5::int2[], $6::timestamptz[])
              AS f (id, stage, max_stage, status, lost_stage, at)
         WHERE l.id = f.id",
        &final_ids,
        &final_stages,
        &final_max,
        &final_status as &[&str],
        &final_lost as &[Option<i16>],
        &final_at,
    )
    .execute(&mut **tx)
    .await?;
    let reaching: Vec<(Uuid, i32, i32, DateTime<Utc>)> = moves
        .iter()
        .zip(&at)
        .filter_map(|(m, at)| {
            let (first, last) = m.transition.newly_reached?;
            Some((m.lead_id, first.index().into(), last.index().into(), *at))
        })
        .collect();
    let reaching_ids: Vec<Uuid> = reaching.iter().map(|r| r.0).collect();
    let reaching_first: Vec<i32> = reaching.iter().map(|r| r.1).collect();
    let reaching_last: Vec<i32> = reaching.iter().map(|r| r.2).collect();
    let reaching_at: Vec<DateTime<Utc>> = reaching.iter().map(|r| r.3).collect();
    sqlx::query!(
        "INSERT INTO stage_reaches (lead_id, stage, reached_at)
         SELECT r.lead_id, s::smallint, r.at
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::timestamptz[]) WITH ORDINALITY AS r (lead_id, first, last, at, n)
         CROSS JOIN LATERAL generate_series(r.first, r.last) s
         ORDER BY r.n, s
         ON CONFLICT DO NOTHING",
        &reaching_ids,
        &reaching_first,
        &reaching_last,
        &reaching_at,
    )
    .execute(&mut **tx)
    .await?;
    let from: Vec<i16> = moves.iter().map(|m| m.transition.from.index()).collect();
    let to: Vec<i16> = moves.iter().map(|m| m.transition.to.index()).collect();
    let kinds: Vec<&str> = moves.iter().map(|m| m.transition.kind.as_str()).collect();
    let call_ids: Vec<Uuid> = moves.iter().map(|m| m.call_id).collect();
    sqlx::query!(
        "INSERT INTO stage_events (lead_id, from_stage, to_stage, kind, actor_user_id, actor_token_id, actor_call_id,
                                   created_at)
         SELECT e.lead_id, e.from_stage, e.to_stage, e.kind, $5, $6, e.call_id, e.at
         FROM unnest($1::uuid[], $2::int2[], $3::int2[], $4::text[], $7::uuid[], $8::timestamptz[]) WITH ORDINALITY
              AS e (lead_id, from_stage, to_stage, kind, call_id, at, n)
         ORDER BY e.n",
        &lead_ids,
        &from,
        &to,
        &kinds as &[&str],
        actor.user_id,
        actor.token_id,
        &call_ids,
        &at,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn record_reaches(
    tx: &mut Transaction<'_, Postgres>,
    lead_id: Uuid,
    first: Stage,
    last: Stage,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query!(
        "INSERT INTO stage_reaches (lead_id, stage, reached_at) SELECT $1, s::smallint, $4 FROM generate_series($2::int, $3::int) s
         ON CONFLICT DO NOTHING",
        lead_id,
        i32::from(first.index()),
        i32::from(last.index()),
        at,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_event(
    tx: &mut Transaction<'_, Postgres>,
    lead_id: Uuid,
    from: Option<Stage>,
    to: Stage,
    kind: EventKind,
    reason: Option<&str>,
    lost_reason_id: Option<Uuid>,
    deal_value: Option<i64>,
    actor: Actor,
    at: DateTime<Utc>,
    came_back_by: Option<CameBackBy>,
) -> StoreResult<EventRow> {
    let row = sqlx::query_as!(
        EventRow,
        r#"INSERT INTO stage_events (lead_id, from_stage, to_stage, kind, reason, lost_reason_id, deal_value,
                                   actor_user_id, actor_token_id, actor_call_id, created_at, came_back_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         RETURNING id, lead_id, from_stage AS "from_stage: Stage", to_stage AS "to_stage: Stage",
                   kind AS "kind: EventKind", reason,
                   (SELECT label FROM lost_reasons WHERE id = $6) AS lost_reason, deal_value,
                   came_back_by AS "came_back_by: CameBackBy",
                   actor_user_id, actor_token_id, actor_call_id, created_at"#,
        lead_id,
        from.map(Stage::index),
        to.index(),
        kind.as_str(),
        reason,
        lost_reason_id,
        deal_value,
        actor.user_id,
        actor.token_id,
        actor.call_id,
        at,
        came_back_by.map(CameBackBy::as_str),
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(row)
}

/// A stage event as the API shows it.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = Event)]
pub struct EventRow {
    pub id: i64,
    pub lead_id: Uuid,
    #[serde(rename = "from")]
    pub from_stage: Option<Stage>,
    #[serde(rename = "to")]
    pub to_stage: Stage,
    pub kind: EventKind,
    pub reason: Option<String>,
    pub lost_reason: Option<String>,
    pub deal_value: Option<i64>,
    /// On a `return` of a lead that came back by itself: what brought it back (null when
    /// its lost reason's days brought it back).
    pub came_back_by: Option<CameBackBy>,
    pub actor_user_id: Option<Uuid>,
    pub actor_token_id: Option<Uuid>,
    /// Set when a logged call moved the lead.
    pub actor_call_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[tracing::instrument(skip_all)]
pub async fn events(db: impl PgExecutor<'_>, lead_id: Uuid) -> StoreResult<Vec<EventRow>> {
    Ok(sqlx::query_as!(
        EventRow,
        r#"SELECT e.id, e.lead_id, e.from_stage AS "from_stage: Stage", e.to_stage AS "to_stage: Stage",
                  e.kind AS "kind: EventKind", e.reason, r.label AS "lost_reason?", e.deal_value,
                  e.came_back_by AS "came_back_by: CameBackBy", e.actor_user_id, e.actor_token_id, e.actor_call_id, e.created_at
           FROM stage_events e LEFT JOIN lost_reasons r ON r.id = e.lost_reason_id
           WHERE e.lead_id = $1 ORDER BY e.id"#,
        lead_id,
    )
    .fetch_all(db)
    .await?)
}
