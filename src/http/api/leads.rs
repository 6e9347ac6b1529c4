//! `/api/v1/leads`: leads and their stage events.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{money_amount, next_time_cursor, page_limit, time_cursor, TimeArg};
use crate::domain::call::Outcome;
use crate::domain::lead::channel;
use crate::domain::stage::{Change, EventKind, LeadStatus, Stage};
use crate::domain::{optional_text, required_text, FieldError};
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{parse_json, ApiJson, ApiPath, ApiQuery};
use crate::service::leads::{CreateLead, UpdateLead};
use crate::startup::AppState;
use crate::storage::leads::{self as store, ChangeDetails, EventRow, LeadFilter, LeadRow};
use crate::storage::{reference, Scope};

/// A lead as the API shows it.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Lead {
    pub id: Uuid,
    pub name: String,
    /// E.164.
    pub phone: Option<String>,
    /// The number proved invalid or out of service; the queue skips it.
    pub phone_bad: bool,
    pub email: Option<String>,
    pub company: Option<String>,
    /// The channel the lead came from.
    pub source: Option<String>,
    pub owner_id: Option<Uuid>,
    pub stage: Stage,
    pub max_stage: Stage,
    pub entry_stage: Stage,
    pub status: LeadStatus,
    pub lost_stage: Option<Stage>,
    pub lost_reason: Option<String>,
    pub tags: Vec<String>,
    /// Minor units.
    pub deal_value: Option<i64>,
    pub referred_by: Option<Uuid>,
    pub do_not_call: bool,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    pub last_call_at: Option<DateTime<Utc>>,
    pub last_call_outcome: Option<Outcome>,
    pub call_count: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<LeadRow> for Lead {
    fn from(row: LeadRow) -> Self {
        Lead {
            stage: row.stage(),
            max_stage: row.max_stage(),
            entry_stage: row.entry_stage,
            status: row.status(),
            lost_stage: row.lost_stage,
            id: row.id,
            name: row.name,
            phone: row.phone,
            phone_bad: row.phone_bad,
            email: row.email,
            company: row.company,
            source: row.source,
            owner_id: row.owner_id,
            lost_reason: row.lost_reason,
            tags: row.tags,
            deal_value: row.deal_value,
            referred_by: row.referred_by,
            do_not_call: row.do_not_call,
            next_contact_at: row.next_contact_at,
            notes: row.notes,
            last_call_at: row.last_call_at,
            last_call_outcome: row.last_call_outcome,
            call_count: row.call_count,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// A rep may only give leads to themselves.
fn check_assignment(caller: &Caller, owner: Option<Uuid>) -> ApiResult<()> {
    match (caller.scope(), owner) {
        (Scope::Rep(me), Some(owner)) if owner != me => Err(ApiError::forbidden(
            "a rep can assign leads only to themselves",
        )),
        _ => Ok(()),
    }
}

#[utoipa::path(post, path = "/api/v1/leads", tag = "leads", request_body = CreateLead,
    responses((status = 201, body = Lead), (status = 409, description = "Another lead has this phone number", body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CreateLead>,
) -> ApiResult<impl IntoResponse> {
    let mut new = body.validate(&state.config.default_country)?;
    check_assignment(&caller, new.owner_id)?;
    if let Scope::Rep(me) = caller.scope() {
        new.owner_id.get_or_insert(me);
    }
    let mut tx = state.db.begin().await?;
    let id = store::create(&mut tx, new, caller.actor(), caller.scope()).await?;
    let lead = store::get(&mut *tx, id, Scope::All).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/leads/{id}"))],
        Json(Lead::from(lead)),
    ))
}

#[utoipa::path(get, path = "/api/v1/leads/{id}", tag = "leads", params(("id" = Uuid, Path)),
    responses((status = 200, body = Lead), (status = 404, body = crate::http::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Lead>> {
    Ok(Json(
        store::get(&state.db, id, caller.scope()).await?.into(),
    ))
}

#[utoipa::path(patch, path = "/api/v1/leads/{id}", tag = "leads", params(("id" = Uuid, Path)), request_body = UpdateLead,
    responses((status = 200, body = Lead), (status = 404, body = crate::http::error::Problem), (status = 409, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<UpdateLead>,
) -> ApiResult<Json<Lead>> {
    let patch = body.validate(&state.config.default_country)?;
    check_assignment(&caller, patch.owner_id.flatten())?;
    let mut tx = state.db.begin().await?;
    store::update(&mut tx, id, patch, caller.scope()).await?;
    let lead = store::get(&mut *tx, id, Scope::All).await?;
    tx.commit().await?;
    Ok(Json(lead.into()))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListLeads {
    /// Current stage.
    pub stage: Option<Stage>,
    /// Reached at least this stage (`max_stage >= k`).
    pub reached: Option<Stage>,
    /// Lost while at this stage.
    pub lost_at: Option<Stage>,
    pub status: Option<LeadStatus>,
    pub owner_id: Option<Uuid>,
    /// Only leads nobody owns.
    pub unassigned: Option<bool>,
    pub source: Option<String>,
    pub tag: Option<String>,
    /// Text search over name, phone, e-mail and company.
    pub q: Option<String>,
    #[param(value_type = Option<String>)]
    pub created_from: Option<TimeArg>,
    #[param(value_type = Option<String>)]
    pub created_to: Option<TimeArg>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1-200, default 50.
    pub limit: Option<i64>,
}

impl ListLeads {
    pub fn filter(&self) -> Result<LeadFilter, FieldError> {
        Ok(LeadFilter {
            stage: self.stage,
            status: self.status,
            owner_id: self.owner_id,
            unassigned: self.unassigned.unwrap_or(false),
            source: self
                .source
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(|s| channel("source", s))
                .transpose()?,
            tag: optional_text("tag", self.tag.as_deref(), 60)?,
            q: optional_text("q", self.q.as_deref(), 200)?,
            created_from: self.created_from.map(|t| t.0),
            created_to: self.created_to.map(|t| t.0),
            reached: self.reached,
            lost_at: self.lost_at,
            ids: None,
        })
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LeadPage {
    pub items: Vec<Lead>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/leads", tag = "leads", params(ListLeads),
    responses((status = 200, body = LeadPage), (status = 422, body = crate::http::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListLeads>,
) -> ApiResult<Json<LeadPage>> {
    let limit = page_limit(query.limit)?;
    let after = time_cursor(query.cursor.as_deref())?;
    let rows = store::list(&state.db, caller.scope(), &query.filter()?, after, limit).await?;
    let next_cursor = next_time_cursor(&rows, limit, |r| (r.created_at, r.id));
    Ok(Json(LeadPage {
        items: rows.into_iter().map(Lead::from).collect(),
        next_cursor,
    }))
}

/// A stage event as the API shows it.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Event {
    pub id: i64,
    pub lead_id: Uuid,
    pub from: Option<Stage>,
    pub to: Stage,
    pub kind: EventKind,
    pub reason: Option<String>,
    pub lost_reason: Option<String>,
    pub deal_value: Option<i64>,
    pub actor_user_id: Option<Uuid>,
    pub actor_token_id: Option<Uuid>,
    /// Set when a logged call moved the lead.
    pub actor_call_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<EventRow> for Event {
    fn from(e: EventRow) -> Self {
        Event {
            id: e.id,
            lead_id: e.lead_id,
            from: e.from_stage,
            to: e.to_stage,
            kind: e.kind,
            reason: e.reason,
            lost_reason: e.lost_reason,
            deal_value: e.deal_value,
            actor_user_id: e.actor_user_id,
            actor_token_id: e.actor_token_id,
            actor_call_id: e.actor_call_id,
            created_at: e.created_at,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/leads/{id}/events", tag = "leads", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Event>), (status = 404, body = crate::http::error::Problem)))]
pub async fn events(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<Event>>> {
    store::get(&state.db, id, caller.scope()).await?;
    let events = store::events(&state.db, id).await?;
    Ok(Json(events.into_iter().map(Event::from).collect()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    pub to: Stage,
    /// Required when moving backwards.
    pub reason: Option<String>,
    /// Minor units; required when the lead becomes won and has none yet.
    #[schema(minimum = 0, maximum = 10_000_000_000_000_i64)]
    pub deal_value: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TransitionResult {
    pub lead: Lead,
    pub event: Event,
}

/// Run a stage change and answer with the lead and the event it appended.
pub async fn run_change(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    change: Change,
    details: ChangeDetails,
) -> ApiResult<TransitionResult> {
    let mut tx = state.db.begin().await?;
    let event = store::change_stage(
        &mut tx,
        id,
        &change,
        &details,
        caller.actor(),
        caller.scope(),
    )
    .await?;
    let lead = store::get(&mut *tx, id, Scope::All).await?;
    tx.commit().await?;
    Ok(TransitionResult {
        lead: lead.into(),
        event: event.into(),
    })
}

#[utoipa::path(post, path = "/api/v1/leads/{id}/transitions", tag = "leads", params(("id" = Uuid, Path)), request_body = TransitionRequest,
    responses((status = 200, body = TransitionResult), (status = 404, body = crate::http::error::Problem),
              (status = 409, description = "Not allowed from the lead's current state", body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn transition(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<TransitionRequest>,
) -> ApiResult<Json<TransitionResult>> {
    let reason = optional_text("reason", body.reason.as_deref(), 2000)?;
    let deal_value = money_amount("deal_value", body.deal_value)?;
    let change = Change::MoveTo {
        to: body.to,
        reason: reason.clone(),
        sets_deal_value: deal_value.is_some(),
    };
    let details = ChangeDetails {
        reason,
        deal_value,
        lost_reason_id: None,
        at: None,
    };
    Ok(Json(
        run_change(&state, &caller, id, change, details).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LostRequest {
    /// One of the lost reasons, by id or label.
    pub reason: String,
    pub note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/leads/{id}/lost", tag = "leads", params(("id" = Uuid, Path)), request_body = LostRequest,
    responses((status = 200, body = TransitionResult), (status = 404, body = crate::http::error::Problem),
              (status = 409, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn lost(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<LostRequest>,
) -> ApiResult<Json<TransitionResult>> {
    let label = required_text("reason", &body.reason, 100)?;
    let note = optional_text("note", body.note.as_deref(), 2000)?;
    let lost_reason_id = reference::resolve_lost_reason(&state.db, &label).await?;
    let details = ChangeDetails {
        reason: note,
        lost_reason_id: Some(lost_reason_id),
        deal_value: None,
        at: None,
    };
    Ok(Json(
        run_change(&state, &caller, id, Change::MarkLost, details).await?,
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenRequest {
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/leads/{id}/reopen", tag = "leads", params(("id" = Uuid, Path)),
    request_body(content = Option<ReopenRequest>, description = "Optional"),
    responses((status = 200, body = TransitionResult), (status = 404, body = crate::http::error::Problem),
              (status = 409, body = crate::http::error::Problem)))]
pub async fn reopen(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    body: Bytes,
) -> ApiResult<Json<TransitionResult>> {
    let body: ReopenRequest = if body.iter().all(u8::is_ascii_whitespace) {
        ReopenRequest::default()
    } else {
        parse_json(&body)?
    };
    let reason = optional_text("reason", body.reason.as_deref(), 2000)?;
    let details = ChangeDetails {
        reason,
        ..ChangeDetails::default()
    };
    Ok(Json(
        run_change(&state, &caller, id, Change::Reopen, details).await?,
    ))
}
