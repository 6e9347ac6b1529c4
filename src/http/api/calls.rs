//! `/api/v1/calls`: logging calls (idempotently, for retrying dialers) and reading them.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::common::{next_time_cursor, page_limit, time_cursor, TimeArg};
use super::idempotent::{idempotent, to_json, ONCE};
use super::leads::Lead;
use crate::domain::call::{Direction, Intent, Outcome};
use crate::domain::stage::Stage;
use crate::domain::{optional_text, when, Checks, FieldError};
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ApiResult};
use crate::http::export::{self, Cell, FileFormat};
use crate::http::extract::{parse_json, ApiBody, ApiQuery};
use crate::service::settings;
use crate::state::AppState;
use crate::storage::calls::{self as store, CallFilter, NewCall};
use crate::storage::{leads, Actor, Scope, StoreError};

/// The API shows a call as it is stored.
pub use crate::storage::calls::CallRow as Call;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCall {
    pub lead_id: Uuid,
    /// Defaults to the caller; only managers and admins may log for someone else.
    pub rep_id: Option<Uuid>,
    /// Default `outbound`.
    pub direction: Option<Direction>,
    /// Default: now.
    pub started_at: Option<DateTime<Utc>>,
    pub ring_seconds: Option<i64>,
    /// Default 0.
    pub talk_seconds: Option<i64>,
    pub outcome: Outcome,
    /// Only for connected calls.
    pub intent: Option<Intent>,
    pub notes: Option<String>,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub recording_url: Option<String>,
}

/// Longest plausible single call: a day.
const MAX_CALL_SECONDS: i64 = 86_400;

fn seconds(field: &str, value: Option<i64>) -> Result<Option<i32>, FieldError> {
    match value {
        None => Ok(None),
        Some(s) if (0..=MAX_CALL_SECONDS).contains(&s) => Ok(Some(s as i32)),
        Some(_) => Err(FieldError::new(field, "error-out-of-range")
            .arg("min", 0)
            .arg("max", MAX_CALL_SECONDS)),
    }
}

impl CreateCall {
    pub fn validate(self, caller: &Caller, now: DateTime<Utc>) -> Result<NewCall, ApiError> {
        let rep_id = match (caller.scope(), self.rep_id) {
            (Scope::Rep(me), Some(rep)) if rep != me => {
                return Err(ApiError::forbidden(
                    "a rep can log calls only as themselves",
                ));
            }
            (_, rep) => rep.unwrap_or(caller.user_id),
        };
        let mut checks = Checks::default();
        if self.intent.is_some() && self.outcome != Outcome::Connected {
            checks.add(FieldError::new("intent", "error-intent-needs-connected"));
        }
        let started_at = checks.take(when::happened(
            "started_at",
            self.started_at.unwrap_or(now),
            now,
        ));
        let recording_url = checks.take(
            optional_text("recording_url", self.recording_url.as_deref(), 2000).and_then(|url| {
                match &url {
                    Some(text)
                        if !url::Url::parse(text)
                            .is_ok_and(|u| matches!(u.scheme(), "http" | "https")) =>
                    {
                        Err(FieldError::new("recording_url", "error-not-http-url"))
                    }
                    _ => Ok(url),
                }
            }),
        );
        let call = NewCall {
            lead_id: self.lead_id,
            rep_id,
            direction: self.direction.unwrap_or(Direction::Outbound),
            started_at,
            ring_seconds: checks.take(seconds("ring_seconds", self.ring_seconds)),
            talk_seconds: checks
                .take(seconds("talk_seconds", self.talk_seconds))
                .unwrap_or(0),
            outcome: self.outcome,
            intent: self.intent,
            notes: checks.take(optional_text("notes", self.notes.as_deref(), 10_000)),
            next_contact_at: checks.take(
                self.next_contact_at
                    .map(|at| when::planned("next_contact_at", at))
                    .transpose(),
            ),
            recording_url,
        };
        Ok(checks.finish(call)?)
    }
}

/// The answer to logging a call: the call and the lead as the call left it.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LoggedCall {
    pub call: Call,
    pub lead: Lead,
    /// Stages the call moved the lead to, in order (empty if none).
    pub stage_changes: Vec<Stage>,
}

/// Log one validated call and describe what it did.
async fn log_one(
    tx: &mut Transaction<'static, Postgres>,
    actor: Actor,
    scope: Scope,
    new: NewCall,
) -> Result<LoggedCall, StoreError> {
    let logged = store::log(tx, new, actor, scope).await?;
    let lead = match logged.lead {
        Some(lead) => lead,
        None => leads::get(&mut **tx, logged.row.lead_id, Scope::All).await?,
    };
    Ok(LoggedCall {
        call: logged.row,
        lead,
        stage_changes: logged.moved_to,
    })
}

/// Log a call.
#[utoipa::path(post, path = "/api/v1/calls", operation_id = "logCall", tag = "calls", request_body = CreateCall,
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    responses((status = 201, body = LoggedCall), (status = 403, body = crate::http::error::Problem),
              (status = 422, description = "Invalid, or the key was used with another body", body = crate::http::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    crate::http::extract::require_json(&headers)?;
    let new = ApiBody::<CreateCall>::parse(&body)?.check(|c| c.validate(&caller, Utc::now()))?;
    let (actor, scope) = (caller.actor(), caller.scope());
    idempotent(&state, &caller, &headers, &body, |tx| {
        Box::pin(async move {
            let logged = log_one(tx, actor, scope, new).await?;
            Ok((StatusCode::CREATED.as_u16(), to_json(&logged)?))
        })
    })
    .await
}

/// Most calls one batch may carry.
pub const MAX_BATCH: usize = 1000;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCallBatch {
    /// 1 to 1000 calls, stored all together or not at all.
    pub calls: Vec<CreateCall>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LoggedBatch {
    pub count: usize,
    /// The stored calls' ids, in the order sent.
    pub ids: Vec<Uuid>,
}

/// Log a batch of calls, all or none.
///
/// Name a field inside the batch: `calls[3].outcome`.
#[utoipa::path(post, path = "/api/v1/calls/batch", operation_id = "logCalls", tag = "calls", request_body = CreateCallBatch,
    params(("Idempotency-Key" = Option<String>, Header, description = "A retried batch with the same key returns the first answer and stores nothing new")),
    responses((status = 201, body = LoggedBatch),
              (status = 422, description = "A call is invalid (named as `calls[i].field`); nothing was stored", body = crate::http::error::Problem)))]
pub async fn create_batch(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    crate::http::extract::require_json(&headers)?;
    let batch: CreateCallBatch = parse_json(&body)?;
    if batch.calls.is_empty() || batch.calls.len() > MAX_BATCH {
        return Err(FieldError::new("calls", "error-batch-size")
            .arg("min", 1)
            .arg("max", MAX_BATCH)
            .into());
    }
    let now = Utc::now();
    // Every bad field of every call, each named `calls[i].field`; nothing is stored.
    let mut calls = Vec::with_capacity(batch.calls.len());
    let mut checks = Checks::default();
    for (i, call) in batch.calls.into_iter().enumerate() {
        match call.validate(&caller, now) {
            Ok(call) => calls.push(call),
            Err(ApiError::Invalid(errors)) => {
                checks.add_all(errors.renamed(|field| format!("calls[{i}].{field}")))
            }
            Err(other) => return Err(other),
        }
    }
    let calls = checks.finish(calls)?;
    let (actor, scope) = (caller.actor(), caller.scope());
    idempotent(&state, &caller, &headers, &body, |tx| {
        Box::pin(async move {
            let ids = store::log_batch(tx, &calls, actor, scope).await?;
            Ok((
                StatusCode::CREATED.as_u16(),
                to_json(&LoggedBatch {
                    count: ids.len(),
                    ids,
                })?,
            ))
        })
    })
    .await
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListCalls {
    pub lead_id: Option<Uuid>,
    pub rep_id: Option<Uuid>,
    pub outcome: Option<Outcome>,
    /// Calls started at or after: an RFC 3339 time, or a date read as the company's local
    /// date (its midnight in the company's time zone).
    #[param(value_type = Option<String>)]
    pub from: Option<TimeArg>,
    /// Calls started before: a time or a company-local date, as `from`.
    #[param(value_type = Option<String>)]
    pub to: Option<TimeArg>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CallPage {
    pub items: Vec<Call>,
    pub next_cursor: Option<String>,
}

/// List calls.
#[utoipa::path(get, path = "/api/v1/calls", operation_id = "listCalls", tag = "calls", params(ListCalls),
    responses((status = 200, body = CallPage), (status = 422, body = crate::http::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListCalls>,
) -> ApiResult<Json<CallPage>> {
    let limit = page_limit(query.limit)?;
    let after = time_cursor(query.cursor.as_deref())?;
    let zone = settings::clock(&state.db).await?.zone;
    let filter = CallFilter {
        lead_id: query.lead_id,
        rep_id: query.rep_id,
        outcome: query.outcome,
        from: query.from.map(|t| t.at(zone)),
        to: query.to.map(|t| t.at(zone)),
    };
    let rows = store::list(&state.db, caller.scope(), &filter, after, limit).await?;
    let next_cursor = next_time_cursor(&rows, limit, |r| (r.started_at, r.id));
    Ok(Json(CallPage {
        items: rows,
        next_cursor,
    }))
}

/// The filters of a calls export: the list's, without paging.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportCalls {
    pub lead_id: Option<Uuid>,
    pub rep_id: Option<Uuid>,
    pub outcome: Option<Outcome>,
    /// Calls started at or after: an RFC 3339 time, or a date read as the company's local
    /// date (its midnight in the company's time zone).
    #[param(value_type = Option<String>)]
    pub from: Option<TimeArg>,
    /// Calls started before: a time or a company-local date, as `from`.
    #[param(value_type = Option<String>)]
    pub to: Option<TimeArg>,
    /// `csv` (the default: UTF-8 without a byte-order mark, for programs), `excel_csv`
    /// (the same with a byte-order mark, which Excel needs to read letters beyond ASCII)
    /// or `xlsx` (typed cells; at most 1,048,575 rows).
    pub format: Option<FileFormat>,
}

const EXPORT_HEADER: [&str; 13] = [
    "id",
    "lead_id",
    "rep_id",
    "direction",
    "started_at",
    "ring_seconds",
    "talk_seconds",
    "outcome",
    "intent",
    "notes",
    "next_contact_at",
    "do_not_call",
    "created_at",
];

/// Export calls as CSV or XLSX.
///
/// Every call the filters select that the caller may see, newest first, as a file: CSV
/// (the default) streamed a thousand rows at a time, for spreadsheets and BI tools, or
/// XLSX. Times are on the company's clock, with their offset (RFC 3339) in a CSV.
#[utoipa::path(get, path = "/api/v1/calls/export", operation_id = "exportCalls", tag = "calls", params(ExportCalls),
    responses((status = 200, description = "The calls as a file with a header row: UTF-8 CSV without a byte-order mark unless `format` says otherwise",
               content(
                   (String = "text/csv"),
                   (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
               )),
              (status = 422, description = "A bad filter, or more rows than an XLSX sheet holds", body = crate::http::error::Problem)))]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ExportCalls>,
) -> ApiResult<Response> {
    export_calls(state, caller, query).await
}

/// Export calls as CSV (first address).
///
/// `calls/export` at its first address, kept for the clients that use it.
#[utoipa::path(get, path = "/api/v1/calls/export.csv", operation_id = "exportCallsCsv", tag = "calls", params(ExportCalls),
    responses((status = 200, description = "As `/api/v1/calls/export`",
               content(
                   (String = "text/csv"),
                   (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
               )),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn export_csv(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ExportCalls>,
) -> ApiResult<Response> {
    export_calls(state, caller, query).await
}

async fn export_calls(state: AppState, caller: Caller, query: ExportCalls) -> ApiResult<Response> {
    let zone = settings::clock(&state.db).await?.zone;
    let filter = CallFilter {
        lead_id: query.lead_id,
        rep_id: query.rep_id,
        outcome: query.outcome,
        from: query.from.map(|t| t.at(zone)),
        to: query.to.map(|t| t.at(zone)),
    };
    let (db, scope) = (state.db.clone(), caller.scope());
    let response = export::rows(
        query.format.unwrap_or_default(),
        "calls",
        &EXPORT_HEADER,
        move |after| {
            let (db, filter) = (db.clone(), filter.clone());
            async move { store::list(&db, scope, &filter, after, export::PAGE).await }
        },
        |c: &Call| (c.started_at, c.id),
        move |c: Call| {
            vec![
                Cell::text(c.id.to_string()),
                Cell::text(c.lead_id.to_string()),
                Cell::text(c.rep_id.to_string()),
                Cell::text(c.direction.to_string()),
                Cell::At(c.started_at, zone),
                Cell::opt_int(c.ring_seconds.map(i64::from)),
                Cell::Int(i64::from(c.talk_seconds)),
                Cell::text(c.outcome.to_string()),
                Cell::opt_text(c.intent.map(|i| i.to_string())),
                Cell::opt_text(c.notes),
                Cell::opt_at(c.next_contact_at, zone),
                Cell::text(c.do_not_call.to_string()),
                Cell::At(c.created_at, zone),
            ]
        },
    )
    .await;
    Ok(response)
}
