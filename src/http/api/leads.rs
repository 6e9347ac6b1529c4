//! `/api/v1/leads`: leads and their stage events.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::common::{
    money_amount, next_before, next_time_cursor, page_limit, time_cursor, TimeArg,
};
use super::idempotent::{idempotent, idempotent_answer, to_json, Retryable, ONCE};
use crate::domain::lead::channel;
use crate::domain::phone::Phone;
use crate::domain::stage::{Change, LeadStatus, Stage};
use crate::domain::zone::Zone;
use crate::domain::{optional_text, required_text, Checks, FieldError};
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{parse_json, parse_query, require_json, ApiBody, ApiPath, ApiQuery};
use crate::service::leads::{custom_filter, CreateLead, LeadRules, UpdateLead};
use crate::service::settings;
use crate::state::AppState;
use crate::storage::leads::{self as store, ChangeDetails, LeadFilter, NewLead};
use crate::storage::{audit, reference, Actor, Scope};

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
///
/// With an `Idempotency-Key`, a retried post (a web form sent twice, a timeout) creates
/// the lead once and answers the first answer again.
#[utoipa::path(post, path = "/api/v1/leads", operation_id = "createLead", tag = "leads", request_body = CreateLead,
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    responses((status = 201, body = Lead, headers(("ETag" = String, description = "The lead's version, for If-Match"), ("Location" = String))),
              (status = 409, description = "Another lead has this phone number", body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    require_json(&headers)?;
    let rules = LeadRules::of(&state.db).await?;
    let new = ApiBody::<CreateLead>::parse(&body)?.check(|b| new_lead(&caller, &b, &rules))?;
    let (actor, scope) = (caller.actor(), caller.scope());
    let form_key = caller.is_form_key();
    let (status, lead) = idempotent_answer(&state, &caller, &headers, &body, |tx| {
        Box::pin(async move {
            let id = store::create(tx, new, actor, scope).await?;
            let lead = store::get(&mut **tx, id, Scope::All).await?;
            Ok((StatusCode::CREATED.as_u16(), to_json(&lead)?))
        })
    })
    .await
    .map_err(|e| match e {
        // A web form's key reads no lead: a duplicate is not named to it.
        ApiError::Conflict {
            message,
            field,
            existing_id,
        } if form_key => ApiError::Conflict {
            message: match existing_id {
                Some(id) => message.replace(&format!(" ({id})"), ""),
                None => message,
            },
            field,
            existing_id: None,
        },
        other => other,
    })?;
    let location = format!("/api/v1/leads/{}", lead["id"].as_str().unwrap_or_default());
    Ok((
        status,
        [(header::LOCATION, location), (header::ETAG, etag(&lead))],
        Json(lead),
    )
        .into_response())
}

/// Create the lead `body` (checked as `new`), or, when a lead has its `external_id`
/// already, change that one with the fields given: its id, and whether it was created.
async fn upsert(
    tx: &mut sqlx::Transaction<'static, sqlx::Postgres>,
    (body, new): (CreateLead, NewLead),
    rules: &LeadRules,
    actor: Actor,
    scope: Scope,
) -> ApiResult<(Uuid, bool)> {
    let existing = match &new.external_id {
        Some(external_id) => store::by_external_id(tx, external_id, scope).await?,
        None => None,
    };
    match existing {
        Some((id, true)) => {
            let patch = body.into_update().validate(rules)?;
            store::update(tx, id, patch, scope, actor).await?;
            Ok((id, false))
        }
        Some((_, false)) => Err(ApiError::Conflict {
            message: "another rep's lead has this external_id".into(),
            field: Some("external_id".into()),
            existing_id: None,
        }),
        None => Ok((store::create(tx, new, actor, scope).await?, true)),
    }
}

/// `body` checked as a new lead of `caller`'s (a rep's are their own).
fn new_lead(caller: &Caller, body: &CreateLead, rules: &LeadRules) -> ApiResult<NewLead> {
    let mut new = body.validate(rules)?;
    if caller.is_form_key() {
        // A web form's leads are nobody's until a manager gives them out.
        new.owner_id = None;
        return Ok(new);
    }
    check_assignment(caller, new.owner_id)?;
    if let Scope::Rep(me) = caller.scope() {
        new.owner_id.get_or_insert(me);
    }
    Ok(new)
}

/// Create or update a lead by its external id.
///
/// The lead another system knows as `external_id`: created from the body if there is
/// none (201), else changed with the fields the body gives (200; its stage and
/// `created_at` stay). Two calls at once for one id make one lead.
#[utoipa::path(put, path = "/api/v1/external-leads/{external_id}", operation_id = "upsertLeadByExternalId", tag = "leads",
    params(("external_id" = String, Path, description = "Another system's id for the lead, 1 to 200 characters"),
           ("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    request_body = CreateLead,
    responses((status = 200, description = "Changed", body = Lead), (status = 201, description = "Created", body = Lead),
              (status = 409, description = "Another lead has this phone number, or another rep's lead this id", body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn upsert_by_external_id(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(external_id): ApiPath<String>,
    write: Retryable,
) -> ApiResult<Response> {
    let rules = LeadRules::of(&state.db).await?;
    let body = write.body::<CreateLead>()?.check(|mut body| {
        match &body.external_id {
            Some(given) if *given != external_id => {
                return Err(FieldError::new("external_id", "error-external-id-differs").into());
            }
            _ => body.external_id = Some(external_id.clone()),
        }
        let new = new_lead(&caller, &body, &rules)?;
        Ok::<_, ApiError>((body, new))
    })?;
    let (actor, scope) = (caller.actor(), caller.scope());
    write
        .once(&state, &caller, |tx| {
            Box::pin(async move {
                let (id, created) = upsert(tx, body, &rules, actor, scope).await?;
                let lead = store::get(&mut **tx, id, Scope::All).await?;
                let status = if created {
                    StatusCode::CREATED
                } else {
                    StatusCode::OK
                };
                Ok((status.as_u16(), to_json(&lead)?))
            })
        })
        .await
}

/// The most leads one batch may carry.
pub const MAX_BATCH: usize = 1000;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateLeadBatch {
    /// 1 to 1,000 leads. Those with an `external_id` a lead has already change that lead.
    pub leads: Vec<CreateLead>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BatchedLead {
    pub id: Uuid,
    pub external_id: Option<String>,
    /// `false`: a lead with this `external_id` was changed.
    pub created: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LeadBatchResult {
    pub created: usize,
    pub updated: usize,
    /// In the order sent.
    pub leads: Vec<BatchedLead>,
}

/// Create or update up to 1,000 leads, all or none.
///
/// Each lead is created, or, when a lead has its `external_id` already, changed with the
/// fields it gives. Every bad field of every lead is named (`leads[3].phone`) and nothing
/// is stored; so is a lead that cannot be stored (a duplicate number), by the first.
#[utoipa::path(post, path = "/api/v1/leads/batch", operation_id = "upsertLeads", tag = "leads",
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    request_body = CreateLeadBatch,
    responses((status = 200, body = LeadBatchResult),
              (status = 409, description = "A lead could not be stored (named as `leads[i].field`); nothing was", body = crate::http::error::Problem),
              (status = 422, description = "Leads are invalid (each named as `leads[i].field`); nothing was stored", body = crate::http::error::Problem)))]
pub async fn create_batch(
    State(state): State<AppState>,
    caller: Caller,
    write: Retryable,
) -> ApiResult<Response> {
    let rules = LeadRules::of(&state.db).await?;
    let leads = write.body::<CreateLeadBatch>()?.check(|batch| {
        if batch.leads.is_empty() || batch.leads.len() > MAX_BATCH {
            return Err(ApiError::from(
                FieldError::new("leads", "error-lead-batch-size")
                    .arg("min", 1)
                    .arg("max", MAX_BATCH),
            ));
        }
        let mut checked = Vec::with_capacity(batch.leads.len());
        let mut checks = Checks::default();
        for (i, body) in batch.leads.into_iter().enumerate() {
            match new_lead(&caller, &body, &rules) {
                Ok(new) => checked.push((body, new)),
                Err(ApiError::Invalid(errors)) => {
                    checks.add_all(errors.renamed(|field| format!("leads[{i}].{field}")))
                }
                Err(other) => return Err(other),
            }
        }
        Ok(checks.finish(checked)?)
    })?;
    let (actor, scope) = (caller.actor(), caller.scope());
    write
        .once(&state, &caller, |tx| {
            Box::pin(async move {
                let mut answer = LeadBatchResult {
                    created: 0,
                    updated: 0,
                    leads: Vec::with_capacity(leads.len()),
                };
                for (i, (body, new)) in leads.into_iter().enumerate() {
                    let external_id = new.external_id.clone();
                    let (id, created) = upsert(tx, (body, new), &rules, actor, scope)
                        .await
                        .map_err(|e| in_batch(i, e))?;
                    if created {
                        answer.created += 1;
                    } else {
                        answer.updated += 1;
                    }
                    answer.leads.push(BatchedLead {
                        id,
                        external_id,
                        created,
                    });
                }
                Ok((StatusCode::OK.as_u16(), to_json(&answer)?))
            })
        })
        .await
}

/// `error` about the batch's lead `i`: its fields named `leads[i].field`.
fn in_batch(i: usize, error: ApiError) -> ApiError {
    let name = |field: &str| format!("leads[{i}].{field}");
    match error {
        ApiError::Invalid(errors) => ApiError::Invalid(errors.renamed(name)),
        ApiError::Conflict {
            message,
            field,
            existing_id,
        } => {
            let field = field.map(|f| name(&f));
            ApiError::Conflict {
                message: match &field {
                    Some(field) => format!("{field}: {message}"),
                    None => format!("leads[{i}]: {message}"),
                },
                field: field.map(Into::into),
                existing_id,
            }
        }
        other => other,
    }
}

/// A lead's version: a digest of what the API shows of it, so that any change it could
/// show (a field, a tag, a call's counters) makes a new one.
fn etag(lead: &impl Serialize) -> String {
    // Through a `Value`, whose keys are sorted: the same lead gives the same digest
    // whether it was read as a row or replayed from a stored answer.
    let canonical = serde_json::to_value(lead)
        .and_then(|v| serde_json::to_vec(&v))
        .unwrap_or_default();
    format!("\"{}\"", hex::encode(&Sha256::digest(&canonical)[..16]))
}

/// Whether an `If-Match` or `If-None-Match` value names `current` (or is `*`). Weak tags
/// never match: a lead's tags are strong.
fn names_version(header_value: &str, current: &str) -> bool {
    header_value
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag == current)
}

/// Get a lead.
///
/// The answer's `ETag` is the lead's version: send it back as `If-Match` with a change,
/// or as `If-None-Match` to be answered 304 while the lead is unchanged.
#[utoipa::path(get, path = "/api/v1/leads/{id}", operation_id = "getLead", tag = "leads",
    params(("id" = Uuid, Path), ("If-None-Match" = Option<String>, Header, description = "An ETag read before: 304 while the lead is unchanged")),
    responses((status = 200, body = Lead, headers(("ETag" = String, description = "The lead's version, for If-Match"))),
              (status = 304, description = "Unchanged since the ETag given in If-None-Match"),
              (status = 404, body = crate::http::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let lead = store::get(&state.db, id, caller.scope()).await?;
    let version = etag(&lead);
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| names_version(v, &version));
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, version)]).into_response());
    }
    Ok(([(header::ETAG, version)], Json(lead)).into_response())
}

/// Change a lead.
///
/// Only the fields given change; `null` clears one. `tags` replaces the lead's tags,
/// `add_tags` and `remove_tags` change them one by one. With `If-Match` (an `ETag` read
/// before), the change is made only if nobody changed the lead meanwhile, else 412.
#[utoipa::path(patch, path = "/api/v1/leads/{id}", operation_id = "updateLead", tag = "leads",
    params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "The ETag the change was made from: 412 if the lead has changed since")),
    request_body = UpdateLead,
    responses((status = 200, body = Lead, headers(("ETag" = String, description = "The lead's new version"))),
              (status = 404, body = crate::http::error::Problem), (status = 409, body = crate::http::error::Problem),
              (status = 412, description = "The lead has changed since the ETag in If-Match", body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiPath(id): ApiPath<Uuid>,
    body: ApiBody<UpdateLead>,
) -> ApiResult<Response> {
    let rules = LeadRules::of(&state.db).await?;
    let patch = body.check(|b| b.validate(&rules))?;
    check_assignment(&caller, patch.owner_id.flatten())?;
    let if_match = headers
        .get(header::IF_MATCH)
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    let mut tx = state.db.begin().await?;
    if let Some(wanted) = if_match {
        // Compared under the lead's lock: nobody changes it between the check and the change.
        store::lock_position(&mut tx, id, caller.scope()).await?;
        let current = store::get(&mut *tx, id, caller.scope()).await?;
        if !names_version(&wanted, &etag(&current)) {
            return Err(ApiError::PreconditionFailed(crate::i18n::message(
                crate::i18n::Language::En,
                "error-lead-changed",
                &[],
            )));
        }
    }
    store::update(&mut tx, id, patch, caller.scope(), caller.actor()).await?;
    let lead = store::get(&mut *tx, id, Scope::All).await?;
    tx.commit().await?;
    Ok(([(header::ETAG, etag(&lead))], Json(lead)).into_response())
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
    /// The lead another system knows by this id.
    pub external_id: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1-200, default 50.
    pub limit: Option<i64>,
}

/// A lead list's query: its own parameters, and the `custom.<key>=<value>` filters apart
/// (a parameter per custom field, which no fixed list of parameters can name).
pub struct LeadQuery {
    pub list: ListLeads,
    /// `(key, value)` as given.
    pub custom: Vec<(String, String)>,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for LeadQuery {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        type Pairs = Vec<(String, String)>;
        let (custom, own): (Pairs, Pairs) = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .partition(|(name, _)| name.starts_with("custom."));
        let own = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&own)
            .finish();
        Ok(Self {
            list: parse_query(&own)?,
            custom: custom
                .into_iter()
                .map(|(name, value)| (name["custom.".len()..].to_owned(), value))
                .collect(),
        })
    }
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
            q_phone: None,
            created_from: self.created_from.map(|t| t.at(zone)),
            created_to: self.created_to.map(|t| t.at(zone)),
            reached: self.reached,
            lost_at: self.lost_at,
            ids: None,
            updated_since: self.updated_since.map(|t| t.at(zone)),
            external_id: optional_text("external_id", self.external_id.as_deref(), 200)?,
            custom: serde_json::Map::new(),
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
///
/// Custom fields filter too, a parameter each: `custom.<key>=<value>` (`GET
/// /api/v1/custom-fields` lists the keys) keeps the leads whose field holds exactly that
/// value: a number or a date (`YYYY-MM-DD`) as the field reads it, a choice in any case,
/// text exactly.
#[utoipa::path(get, path = "/api/v1/leads", operation_id = "listLeads", tag = "leads", params(ListLeads),
    responses((status = 200, body = LeadPage), (status = 422, body = crate::http::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    LeadQuery {
        list: query,
        custom,
    }: LeadQuery,
) -> ApiResult<Json<LeadPage>> {
    let limit = page_limit(query.limit)?;
    let after = time_cursor(query.cursor.as_deref())?;
    let zone = settings::clock(&state.db).await?.zone;
    let mut filter = query.filter(zone)?;
    if !custom.is_empty() || filter.q.is_some() {
        let rules = LeadRules::of(&state.db).await?;
        filter.custom = custom_filter(&rules, &custom)?;
        filter.q_phone = filter
            .q
            .as_deref()
            .and_then(|q| Phone::search_digits(q, rules.country));
    }
    let rows = store::list(&state.db, caller.scope(), &filter, after, limit).await?;
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
#[utoipa::path(post, path = "/api/v1/leads/{id}/merge", operation_id = "mergeLeads", tag = "leads", params(("id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    request_body = MergeRequest,
    responses((status = 200, body = MergeResult), (status = 403, body = crate::http::error::Problem),
              (status = 404, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn merge(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    write: Retryable,
) -> ApiResult<Response> {
    caller.require_manager()?;
    let body = write.body::<MergeRequest>()?.check(|body| {
        if body.from.len() > 50 {
            return Err(FieldError::new("from", "error-too-many-items").arg("max", 50));
        }
        Ok(body)
    })?;
    let scope = caller.scope();
    write
        .once(&state, &caller, |tx| {
            Box::pin(async move {
                let merged = store::merge(tx, id, &body.from, scope).await?;
                let lead = store::get(&mut **tx, id, scope).await?;
                Ok((
                    StatusCode::OK.as_u16(),
                    to_json(&MergeResult { lead, merged })?,
                ))
            })
        })
        .await
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

/// Run a stage change once per `Idempotency-Key` and answer with the lead and the event
/// it appended.
pub async fn run_change(
    state: &AppState,
    caller: &Caller,
    (headers, body): (&HeaderMap, &[u8]),
    id: Uuid,
    change: Change,
    details: ChangeDetails,
) -> ApiResult<Response> {
    let (actor, scope) = (caller.actor(), caller.scope());
    idempotent(state, caller, headers, body, |tx| {
        Box::pin(async move {
            let event = store::change_stage(tx, id, &change, &details, actor, scope).await?;
            let lead = store::get(&mut **tx, id, Scope::All).await?;
            Ok((
                StatusCode::OK.as_u16(),
                to_json(&TransitionResult { lead, event })?,
            ))
        })
    })
    .await
}

/// Move a lead to a stage.
#[utoipa::path(post, path = "/api/v1/leads/{id}/transitions", operation_id = "moveLead", tag = "leads",
    params(("id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header, description = ONCE)), request_body = TransitionRequest,
    responses((status = 200, body = TransitionResult), (status = 404, body = crate::http::error::Problem),
              (status = 409, description = "Not allowed from the lead's current state", body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn transition(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Response> {
    require_json(&headers)?;
    let body: TransitionRequest = parse_json(&bytes)?;
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
        ..ChangeDetails::default()
    };
    run_change(&state, &caller, (&headers, &bytes), id, change, details).await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LostRequest {
    /// One of the lost reasons, by id or label.
    pub reason: String,
    pub note: Option<String>,
}

/// Mark a lead lost.
#[utoipa::path(post, path = "/api/v1/leads/{id}/lost", operation_id = "markLeadLost", tag = "leads",
    params(("id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header, description = ONCE)), request_body = LostRequest,
    responses((status = 200, body = TransitionResult), (status = 404, body = crate::http::error::Problem),
              (status = 409, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn lost(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Response> {
    require_json(&headers)?;
    let body: LostRequest = parse_json(&bytes)?;
    let label = required_text("reason", &body.reason, 100)?;
    let note = optional_text("note", body.note.as_deref(), 2000)?;
    let lost_reason_id = reference::resolve_lost_reason(&state.db, &label).await?;
    let details = ChangeDetails {
        reason: note,
        lost_reason_id: Some(lost_reason_id),
        ..ChangeDetails::default()
    };
    run_change(
        &state,
        &caller,
        (&headers, &bytes),
        id,
        Change::MarkLost,
        details,
    )
    .await
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenRequest {
    pub reason: Option<String>,
}

/// Reopen a lost lead.
#[utoipa::path(post, path = "/api/v1/leads/{id}/reopen", operation_id = "reopenLead", tag = "leads", params(("id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    request_body(content = Option<ReopenRequest>, description = "Optional"),
    responses((status = 200, body = TransitionResult), (status = 404, body = crate::http::error::Problem),
              (status = 409, body = crate::http::error::Problem)))]
pub async fn reopen(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Response> {
    let body: ReopenRequest = if bytes.iter().all(u8::is_ascii_whitespace) {
        ReopenRequest::default()
    } else {
        parse_json(&bytes)?
    };
    let reason = optional_text("reason", body.reason.as_deref(), 2000)?;
    let details = ChangeDetails {
        reason,
        ..ChangeDetails::default()
    };
    run_change(
        &state,
        &caller,
        (&headers, &bytes),
        id,
        Change::Reopen,
        details,
    )
    .await
}
