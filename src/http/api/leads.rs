//! `/api/v1/leads`: leads and their stage events.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{
    money_amount, next_before, next_time_cursor, page_limit, time_cursor, TimeArg,
};
use crate::domain::lead::channel;
use crate::domain::stage::{Change, LeadStatus, Stage};
use crate::domain::zone::Zone;
use crate::domain::{optional_text, required_text, FieldError};
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{parse_json, ApiBody, ApiJson, ApiPath, ApiQuery};
use crate::service::leads::{CreateLead, UpdateLead};
use crate::service::settings;
use crate::state::AppState;
use crate::storage::leads::{self as store, ChangeDetails, LeadFilter};
use crate::storage::{audit, reference, Scope};

/// The API shows a lead and its stage events as they are stored.
pub use crate::storage::leads::{EventRow as Event, LeadRow as Lead};

/// A rep may only give leads to themselves.
fn check_assignment(caller: &Caller, owner: Option<Uuid>) -> ApiResult<()> {
    match (caller.scope(), owner) {
        (Scope::Rep(me), Some(owner)) if owner != me => Err(ApiError::forbidden(
            "a rep can assign leads only to themselves",
        )),
        _ => Ok(()),
    }
}

/// Create a lead.
#[utoipa::path(post, path = "/api/v1/leads", operation_id = "createLead", tag = "leads", request_body = CreateLead,
    responses((status = 201, body = Lead), (status = 409, description = "Another lead has this phone number", body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: ApiBody<CreateLead>,
) -> ApiResult<impl IntoResponse> {
    let country = settings::default_country(&state.db).await?;
    let mut new = body.check(|b| b.validate(country))?;
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
        Json(lead),
    ))
}

/// Get a lead.
#[utoipa::path(get, path = "/api/v1/leads/{id}", operation_id = "getLead", tag = "leads", params(("id" = Uuid, Path)),
    responses((status = 200, body = Lead), (status = 404, body = crate::http::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Lead>> {
    Ok(Json(store::get(&state.db, id, caller.scope()).await?))
}

/// Change a lead.
#[utoipa::path(patch, path = "/api/v1/leads/{id}", operation_id = "updateLead", tag = "leads", params(("id" = Uuid, Path)), request_body = UpdateLead,
    responses((status = 200, body = Lead), (status = 404, body = crate::http::error::Problem), (status = 409, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    body: ApiBody<UpdateLead>,
) -> ApiResult<Json<Lead>> {
    let country = settings::default_country(&state.db).await?;
    let patch = body.check(|b| b.validate(country))?;
    check_assignment(&caller, patch.owner_id.flatten())?;
    let mut tx = state.db.begin().await?;
    store::update(&mut tx, id, patch, caller.scope(), caller.actor()).await?;
    let lead = store::get(&mut *tx, id, Scope::All).await?;
    tx.commit().await?;
    Ok(Json(lead))
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
    /// Leads owned by this team's members.
    pub team_id: Option<Uuid>,
    /// Only leads nobody owns.
    pub unassigned: Option<bool>,
    pub source: Option<String>,
    pub tag: Option<String>,
    /// Text search over name, phone, e-mail and company.
    pub q: Option<String>,
    /// Leads created at or after: an RFC 3339 time, or a date read as the company's local
    /// date (its midnight in the company's time zone).
    #[param(value_type = Option<String>)]
    pub created_from: Option<TimeArg>,
    /// Leads created before: a time or a company-local date, as `created_from`.
    #[param(value_type = Option<String>)]
    pub created_to: Option<TimeArg>,
    /// The change feed: leads changed at or after this time (or company-local date), in
    /// the order they last changed, oldest first. Keep the `updated_at` of the last lead you
    /// read and ask from it again; a lead changed twice comes once, at its last change.
    #[param(value_type = Option<String>)]
    pub updated_since: Option<TimeArg>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1-200, default 50.
    pub limit: Option<i64>,
}

impl ListLeads {
    /// The filter, with dates read in the company's `zone`.
    pub fn filter(&self, zone: Zone) -> Result<LeadFilter, FieldError> {
        Ok(LeadFilter {
            stage: self.stage,
            status: self.status,
            owner_id: self.owner_id,
            team_id: self.team_id,
            unassigned: self.unassigned.unwrap_or(false),
            source: self
                .source
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(|s| channel("source", s))
                .transpose()?,
            tag: optional_text("tag", self.tag.as_deref(), 60)?,
            q: optional_text("q", self.q.as_deref(), 200)?,
            created_from: self.created_from.map(|t| t.at(zone)),
            created_to: self.created_to.map(|t| t.at(zone)),
            reached: self.reached,
            lost_at: self.lost_at,
            ids: None,
            updated_since: self.updated_since.map(|t| t.at(zone)),
        })
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LeadPage {
    pub items: Vec<Lead>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// List and search leads.
#[utoipa::path(get, path = "/api/v1/leads", operation_id = "listLeads", tag = "leads", params(ListLeads),
    responses((status = 200, body = LeadPage), (status = 422, body = crate::http::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListLeads>,
) -> ApiResult<Json<LeadPage>> {
    let limit = page_limit(query.limit)?;
    let after = time_cursor(query.cursor.as_deref())?;
    let zone = settings::clock(&state.db).await?.zone;
    let rows = store::list(
        &state.db,
        caller.scope(),
        &query.filter(zone)?,
        after,
        limit,
    )
    .await?;
    let next_cursor = if query.updated_since.is_some() {
        next_time_cursor(&rows, limit, |r| (r.updated_at, r.id))
    } else {
        next_time_cursor(&rows, limit, |r| (r.created_at, r.id))
    };
    Ok(Json(LeadPage {
        items: rows,
        next_cursor,
    }))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListDeleted {
    /// Deleted at or after: an RFC 3339 time, or a company-local date.
    #[param(value_type = Option<String>)]
    pub since: Option<TimeArg>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1-200, default 50.
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeletedPage {
    /// Oldest first.
    pub items: Vec<store::Tombstone>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// List deleted leads.
///
/// The other half of the change feed: leads that are gone (a merge removed them into
/// another lead, `merged_into`), oldest first, those the caller could see alone.
#[utoipa::path(get, path = "/api/v1/leads/deleted", operation_id = "listDeletedLeads", tag = "leads", params(ListDeleted),
    responses((status = 200, body = DeletedPage), (status = 422, body = crate::http::error::Problem)))]
pub async fn deleted(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListDeleted>,
) -> ApiResult<Json<DeletedPage>> {
    let limit = page_limit(query.limit)?;
    let after = time_cursor(query.cursor.as_deref())?;
    let zone = settings::clock(&state.db).await?.zone;
    let since = query.since.map(|t| t.at(zone));
    let rows = store::deleted(&state.db, caller.scope(), since, after, limit).await?;
    let next_cursor = next_time_cursor(&rows, limit, |r| (r.deleted_at, r.id));
    Ok(Json(DeletedPage {
        items: rows,
        next_cursor,
    }))
}

/// List a lead's stage events.
#[utoipa::path(get, path = "/api/v1/leads/{id}/events", operation_id = "listLeadEvents", tag = "leads", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Event>), (status = 404, body = crate::http::error::Problem)))]
pub async fn events(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<Event>>> {
    store::get(&state.db, id, caller.scope()).await?;
    let events = store::events(&state.db, id).await?;
    Ok(Json(events))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListHistory {
    /// Changes before this one (a `next_before` from the page before).
    pub before: Option<i64>,
    /// 1 to the largest page; 50 when not given.
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryPage {
    /// Newest first.
    pub items: Vec<audit::Change>,
    /// Pass as `before` for the next page; null on the last page.
    pub next_before: Option<i64>,
}

/// Read a lead's history.
#[utoipa::path(get, path = "/api/v1/leads/{id}/history", operation_id = "getLeadHistory", tag = "leads", params(("id" = Uuid, Path), ListHistory),
    responses((status = 200, body = HistoryPage), (status = 404, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ListHistory>,
) -> ApiResult<Json<HistoryPage>> {
    let limit = page_limit(query.limit)?;
    store::get(&state.db, id, caller.scope()).await?;
    let changes = audit::lead_history(&state.db, id, query.before, limit).await?;
    Ok(Json(HistoryPage {
        next_before: next_before(&changes, limit, |c| c.id),
        items: changes,
    }))
}

/// Erase a lead's personal data.
///
/// Erase the person: the lead's name, number, e-mail, company and notes, the words on its
/// calls, touches, tasks and stage moves, its recordings' links, its values in the audit trail,
/// the webhook deliveries and stored answers that carry it, and its row in an imported file.
/// The lead stays as an anonymous husk (`erased_at` set), so every figure stays as it was;
/// the audit trail keeps who erased it and when. Managers and admins; erasing an erased lead
/// again changes nothing.
#[utoipa::path(delete, path = "/api/v1/leads/{id}", operation_id = "eraseLead", tag = "leads", params(("id" = Uuid, Path)),
    responses((status = 204, description = "Erased"), (status = 403, body = crate::http::error::Problem),
              (status = 404, body = crate::http::error::Problem)))]
pub async fn erase(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    caller.require_manager()?;
    crate::service::erasure::erase(&state.db, id, caller.actor(), caller.scope()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The duplicates to merge into this lead (1 to 50); they are removed.
    pub from: Vec<Uuid>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MergeResult {
    /// The surviving lead, as it is after the merge.
    pub lead: Lead,
    /// What it took from the others.
    pub merged: store::Merged,
}

/// Merge duplicate leads.
///
/// Merge duplicates into this lead: their calls, touches, tasks, tags, stage events and
/// history move onto it, each once; it keeps its own stage, status, owner and deal, reaches
/// each stage when the first of them did, and takes their number, e-mail, company, channel and
/// notes where it has none. The duplicates are removed; the merge is in the audit trail.
/// Managers and admins.
#[utoipa::path(post, path = "/api/v1/leads/{id}/merge", operation_id = "mergeLeads", tag = "leads", params(("id" = Uuid, Path)),
    request_body = MergeRequest,
    responses((status = 200, body = MergeResult), (status = 403, body = crate::http::error::Problem),
              (status = 404, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn merge(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<MergeRequest>,
) -> ApiResult<Json<MergeResult>> {
    caller.require_manager()?;
    if body.from.len() > 50 {
        return Err(FieldError::new("from", "error-too-many-items")
            .arg("max", 50)
            .into());
    }
    let merged =
        crate::service::leads::merge(&state.db, id, &body.from, caller.actor(), caller.scope())
            .await?;
    let lead = store::get(&state.db, id, caller.scope()).await?;
    Ok(Json(MergeResult { lead, merged }))
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
    Ok(TransitionResult { lead, event })
}

/// Move a lead to a stage.
#[utoipa::path(post, path = "/api/v1/leads/{id}/transitions", operation_id = "moveLead", tag = "leads", params(("id" = Uuid, Path)), request_body = TransitionRequest,
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

/// Mark a lead lost.
#[utoipa::path(post, path = "/api/v1/leads/{id}/lost", operation_id = "markLeadLost", tag = "leads", params(("id" = Uuid, Path)), request_body = LostRequest,
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

/// Reopen a lost lead.
#[utoipa::path(post, path = "/api/v1/leads/{id}/reopen", operation_id = "reopenLead", tag = "leads", params(("id" = Uuid, Path)),
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
