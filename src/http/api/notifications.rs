//! `/api/v1/notifications`: the calling user's notifications (a lead assigned to them,
//! a follow-up or task fallen due, an import ended), newest first, and marking them read.
//! Each user has their own: there is no reading another's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::common::page_limit;
use super::idempotent::{to_json, Retryable, ONCE};
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::state::AppState;
use crate::storage::notifications as store;

/// A notification as stored, with the names of what it refers to as they are now.
pub use crate::storage::notifications::NoticeRow as Notification;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListNotifications {
    /// `true` for the unread alone.
    pub unread: Option<bool>,
    /// Those newer than this id (what a client has already seen).
    pub after: Option<i64>,
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NotificationPage {
    /// Newest first.
    pub items: Vec<Notification>,
    /// The caller's unread notifications, all of them.
    pub unread: i64,
}

/// List notifications.
#[utoipa::path(get, path = "/api/v1/notifications", operation_id = "listNotifications", tag = "notifications", params(ListNotifications),
    responses((status = 200, body = NotificationPage), (status = 422, body = crate::http::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListNotifications>,
) -> ApiResult<Json<NotificationPage>> {
    let limit = page_limit(query.limit)?;
    let items = store::list(
        &state.db,
        caller.user_id,
        query.after,
        query.unread.unwrap_or(false),
        limit,
    )
    .await?;
    let unread = store::unread(&state.db, caller.user_id).await?;
    Ok(Json(NotificationPage { items, unread }))
}

/// Mark a notification read.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", operation_id = "markNotificationRead", tag = "notifications",
    params(("id" = i64, Path),
           ("Idempotency-Key" = Option<String>, Header, description = "Accepted: reading a notification again changes nothing, so a retry answers as the first request did")),
    responses((status = 204), (status = 404, body = crate::http::error::Problem)))]
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    store::mark_read(&state.db, caller.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadAll {
    /// Read those up to this id (the newest the client showed); all when absent.
    pub up_to: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReadAllAnswer {
    /// How many were unread and are now read.
    pub read: u64,
}

/// Mark every notification read.
#[utoipa::path(post, path = "/api/v1/notifications/read", operation_id = "markNotificationsRead", tag = "notifications", request_body = ReadAll,
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    responses((status = 200, body = ReadAllAnswer), (status = 422, body = crate::http::error::Problem)))]
pub async fn read_all(
    State(state): State<AppState>,
    caller: Caller,
    write: Retryable,
) -> ApiResult<Response> {
    let body = write.body::<ReadAll>()?.check(Ok::<_, ApiError>)?;
    let user = caller.user_id;
    // A retry after a lost answer reads nothing that came in meanwhile.
    write
        .once(&state, &caller, move |tx| {
            Box::pin(async move {
                let read = store::mark_all_read(&mut **tx, user, body.up_to).await?;
                Ok((StatusCode::OK.as_u16(), to_json(&ReadAllAnswer { read })?))
            })
        })
        .await
}
