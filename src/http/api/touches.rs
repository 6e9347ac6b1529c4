//! `/api/v1/touches`: chats, text messages, e-mails and meetings with leads, logged
//! beside their calls (idempotently, for a messaging integration that retries), and read
//! newest first. A rep logs their own, on the leads they may see.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{next_time_cursor, page_limit, time_cursor, TimeArg};
use super::idempotent::{idempotent, to_json, ONCE};
use crate::domain::touch::TouchKind;
use crate::http::auth::Caller;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiBody, ApiQuery};
use crate::service::settings;
use crate::service::touches::CreateTouch;
use crate::state::AppState;
use crate::storage::touches::{self as store, TouchFilter};

/// The API shows a touch as it is stored.
pub use crate::storage::touches::TouchRow as Touch;

/// Log a touch (message or meeting).
#[utoipa::path(post, path = "/api/v1/touches", operation_id = "logTouch", tag = "touches", request_body = CreateTouch,
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    responses((status = 201, body = Touch),
              (status = 422, description = "Invalid, or the key was used with another body", body = crate::http::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    crate::http::extract::require_json(&headers)?;
    let new =
        ApiBody::<CreateTouch>::parse(&body)?.check(|t| t.validate(caller.asker(), Utc::now()))?;
    let scope = caller.scope();
    idempotent(&state, &caller, &headers, &body, |tx| {
        Box::pin(async move {
            let touch = store::log(tx, new, scope).await?;
            Ok((StatusCode::CREATED.as_u16(), to_json(&touch)?))
        })
    })
    .await
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListTouches {
    pub lead_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub kind: Option<TouchKind>,
    /// Touches at or after: an RFC 3339 time, or a date read as the company's local date
    /// (its midnight in the company's time zone).
    #[param(value_type = Option<String>)]
    pub from: Option<TimeArg>,
    /// Touches before: a time or a company-local date, as `from`.
    #[param(value_type = Option<String>)]
    pub to: Option<TimeArg>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TouchPage {
    /// Newest first.
    pub items: Vec<Touch>,
    pub next_cursor: Option<String>,
}

/// List touches.
#[utoipa::path(get, path = "/api/v1/touches", operation_id = "listTouches", tag = "touches", params(ListTouches),
    responses((status = 200, body = TouchPage), (status = 422, body = crate::http::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListTouches>,
) -> ApiResult<Json<TouchPage>> {
    let limit = page_limit(query.limit)?;
    let after = time_cursor(query.cursor.as_deref())?;
    let zone = settings::clock(&state.db).await?.zone;
    let filter = TouchFilter {
        lead_id: query.lead_id,
        user_id: query.user_id,
        kind: query.kind,
        from: query.from.map(|t| t.at(zone)),
        to: query.to.map(|t| t.at(zone)),
    };
    let rows = store::list(&state.db, caller.scope(), &filter, after, limit).await?;
    let next_cursor = next_time_cursor(&rows, limit, |r| (r.happened_at, r.id));
    Ok(Json(TouchPage {
        items: rows,
        next_cursor,
    }))
}
