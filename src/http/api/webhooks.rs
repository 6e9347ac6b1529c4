//! `/api/v1/webhooks`: subscriptions to Leadline's events and their delivery log (admins).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::page_limit;
use super::idempotent::{to_json, Retryable, ONCE, ONCE_SECRET};
use crate::credentials;
use crate::domain::webhook::{DeliveryStatus, EventType, WebhookUrl};
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::state::AppState;
use crate::storage::audit;
use crate::storage::webhooks::{self as store, SubscriptionPatch};

/// The API shows subscriptions and their deliveries as they are stored.
pub use crate::storage::webhooks::{DeliveryRow as Delivery, SubscriptionRow as Webhook};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    /// An http or https URL that answers deliveries with a 2xx.
    pub url: String,
    /// At least one of `lead.created`, `lead.stage_changed`, `lead.lost`, `call.logged`.
    pub events: Vec<String>,
    /// Default true.
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CreatedWebhook {
    pub webhook: Webhook,
    /// The signing secret, shown this once: verify `Leadline-Signature` with it.
    pub secret: String,
}

/// Subscribe a webhook.
#[utoipa::path(post, path = "/api/v1/webhooks", operation_id = "createWebhook", tag = "webhooks", request_body = CreateWebhook,
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE_SECRET)),
    responses((status = 201, body = CreatedWebhook), (status = 403, body = crate::http::error::Problem),
              (status = 409, description = "A retry of a request that made a webhook", body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    write: Retryable,
) -> ApiResult<Response> {
    caller.require_admin()?;
    let body = write.body::<CreateWebhook>()?.check(Ok::<_, ApiError>)?;
    let url = WebhookUrl::parse("url", &body.url)?;
    let events = EventType::parse_list("events", &body.events)?;
    let secret = credentials::new_webhook_secret();
    let (user, inactive) = (caller.user_id, body.active == Some(false));
    write
        .once_hiding(&state, &caller, "secret", move |tx| {
            Box::pin(async move {
                let mut row = store::create(&mut **tx, &url, &events, &secret, user).await?;
                if inactive {
                    let patch = SubscriptionPatch {
                        active: Some(false),
                        ..SubscriptionPatch::default()
                    };
                    row = store::update(&mut **tx, row.id, &patch).await?;
                }
                let created = CreatedWebhook {
                    webhook: row,
                    secret,
                };
                Ok((StatusCode::CREATED.as_u16(), to_json(&created)?))
            })
        })
        .await
}

/// List webhooks.
#[utoipa::path(get, path = "/api/v1/webhooks", operation_id = "listWebhooks", tag = "webhooks",
    responses((status = 200, body = Vec<Webhook>), (status = 403, body = crate::http::error::Problem)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<Webhook>>> {
    caller.require_admin()?;
    Ok(Json(store::list(&state.db).await?.into_iter().collect()))
}

/// Get a webhook.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}", operation_id = "getWebhook", tag = "webhooks", params(("id" = Uuid, Path)),
    responses((status = 200, body = Webhook), (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Webhook>> {
    caller.require_admin()?;
    Ok(Json(store::get(&state.db, id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhook {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub active: Option<bool>,
}

/// Change a webhook.
#[utoipa::path(patch, path = "/api/v1/webhooks/{id}", operation_id = "updateWebhook", tag = "webhooks", params(("id" = Uuid, Path)), request_body = UpdateWebhook,
    responses((status = 200, body = Webhook), (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<UpdateWebhook>,
) -> ApiResult<Json<Webhook>> {
    caller.require_admin()?;
    let patch = SubscriptionPatch {
        url: body
            .url
            .as_deref()
            .map(|u| WebhookUrl::parse("url", u))
            .transpose()?,
        events: body
            .events
            .as_deref()
            .map(|e| EventType::parse_list("events", e))
            .transpose()?,
        active: body.active,
    };
    let mut tx = audit::begin_as(&state.db, caller.actor()).await?;
    let row = store::update(&mut *tx, id, &patch).await?;
    tx.commit().await?;
    Ok(Json(row))
}

/// Delete a webhook.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", operation_id = "deleteWebhook", tag = "webhooks", params(("id" = Uuid, Path)),
    responses((status = 204, description = "Deleted, with its delivery log"),
              (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    caller.require_admin()?;
    let mut tx = audit::begin_as(&state.db, caller.actor()).await?;
    store::delete(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListDeliveries {
    pub status: Option<DeliveryStatus>,
    /// The newest this many; default 50, at most 200.
    pub limit: Option<i64>,
}

/// List a webhook's deliveries.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", operation_id = "listWebhookDeliveries", tag = "webhooks", params(("id" = Uuid, Path), ListDeliveries),
    responses((status = 200, description = "Newest first", body = Vec<Delivery>), (status = 403, body = crate::http::error::Problem),
              (status = 404, body = crate::http::error::Problem)))]
pub async fn deliveries(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ListDeliveries>,
) -> ApiResult<Json<Vec<Delivery>>> {
    caller.require_admin()?;
    let limit = page_limit(query.limit)?;
    store::get(&state.db, id).await?;
    let status = query.status.map(DeliveryStatus::as_str);
    Ok(Json(
        store::deliveries(&state.db, Some(id), status, limit)
            .await?
            .into_iter()
            .collect(),
    ))
}

/// Send a delivery again.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", operation_id = "redeliverWebhookDelivery", tag = "webhooks",
    params(("id" = Uuid, Path), ("delivery_id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    responses((status = 202, description = "Due now: the next worker round sends it", body = Delivery),
              (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem)))]
pub async fn redeliver(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, delivery_id)): ApiPath<(Uuid, Uuid)>,
    write: Retryable,
) -> ApiResult<Response> {
    caller.require_admin()?;
    write
        .once(&state, &caller, move |tx| {
            Box::pin(async move {
                let row = store::redeliver(tx, id, delivery_id).await?;
                Ok((StatusCode::ACCEPTED.as_u16(), to_json(&row)?))
            })
        })
        .await
}
