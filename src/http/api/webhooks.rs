//! `/api/v1/webhooks`: subscriptions to Leadline's events and their delivery log (admins).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::page_limit;
use crate::credentials;
use crate::domain::webhook::{DeliveryStatus, EventType, WebhookUrl};
use crate::http::auth::Caller;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::state::AppState;
use crate::storage::webhooks::{self as store, DeliveryRow, SubscriptionPatch, SubscriptionRow};

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Webhook {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<EventType>,
    /// Inactive subscriptions are sent nothing; their pending deliveries wait.
    pub active: bool,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<SubscriptionRow> for Webhook {
    fn from(s: SubscriptionRow) -> Self {
        Webhook {
            id: s.id,
            url: s.url,
            events: s
                .events
                .iter()
                .filter_map(|e| EventType::parse(e))
                .collect(),
            active: s.active,
            created_by: s.created_by,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

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

#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", request_body = CreateWebhook,
    responses((status = 201, body = CreatedWebhook), (status = 403, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CreateWebhook>,
) -> ApiResult<(StatusCode, Json<CreatedWebhook>)> {
    caller.require_admin()?;
    let url = WebhookUrl::parse("url", &body.url)?;
    let events = EventType::parse_list("events", &body.events)?;
    let secret = credentials::new_webhook_secret();
    let mut row = store::create(&state.db, &url, &events, &secret, caller.user_id).await?;
    if body.active == Some(false) {
        let patch = SubscriptionPatch {
            active: Some(false),
            ..SubscriptionPatch::default()
        };
        row = store::update(&state.db, row.id, &patch).await?;
    }
    Ok((
        StatusCode::CREATED,
        Json(CreatedWebhook {
            webhook: row.into(),
            secret,
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks",
    responses((status = 200, body = Vec<Webhook>), (status = 403, body = crate::http::error::Problem)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<Webhook>>> {
    caller.require_admin()?;
    Ok(Json(
        store::list(&state.db)
            .await?
            .into_iter()
            .map(Webhook::from)
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = Uuid, Path)),
    responses((status = 200, body = Webhook), (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Webhook>> {
    caller.require_admin()?;
    Ok(Json(store::get(&state.db, id).await?.into()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhook {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub active: Option<bool>,
}

#[utoipa::path(patch, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = Uuid, Path)), request_body = UpdateWebhook,
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
    Ok(Json(store::update(&state.db, id, &patch).await?.into()))
}

#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = Uuid, Path)),
    responses((status = 204, description = "Deleted, with its delivery log"),
              (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    caller.require_admin()?;
    store::delete(&state.db, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Delivery {
    pub id: Uuid,
    /// The event's id, the same for every subscription and attempt: deduplicate on it.
    pub event_id: Uuid,
    pub event_type: EventType,
    pub webhook_id: Uuid,
    pub status: DeliveryStatus,
    pub attempts: i32,
    /// When a pending delivery is next tried.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The receiver's HTTP status at the last attempt, if it answered.
    pub last_status_code: Option<i16>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The body sent, exactly as signed.
    pub payload: serde_json::Value,
}

impl From<DeliveryRow> for Delivery {
    fn from(d: DeliveryRow) -> Self {
        let status = d.status;
        Delivery {
            id: d.id,
            event_id: d.event_id,
            event_type: EventType::parse(&d.event_type).unwrap_or(EventType::LeadCreated),
            webhook_id: d.subscription_id,
            next_attempt_at: (status == DeliveryStatus::Pending).then_some(d.next_attempt_at),
            status,
            attempts: d.attempts,
            last_attempt_at: d.last_attempt_at,
            last_status_code: d.last_status_code,
            last_error: d.last_error,
            delivered_at: d.delivered_at,
            created_at: d.created_at,
            payload: d.payload,
        }
    }
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListDeliveries {
    pub status: Option<DeliveryStatus>,
    /// The newest this many; default 50, at most 200.
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks", params(("id" = Uuid, Path), ListDeliveries),
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
            .map(Delivery::from)
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", tag = "webhooks",
    params(("id" = Uuid, Path), ("delivery_id" = Uuid, Path)),
    responses((status = 202, description = "Due now: the next worker round sends it", body = Delivery),
              (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem)))]
pub async fn redeliver(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, delivery_id)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<(StatusCode, Json<Delivery>)> {
    caller.require_admin()?;
    let row = store::redeliver(&state.db, id, delivery_id).await?;
    Ok((StatusCode::ACCEPTED, Json(row.into())))
}
