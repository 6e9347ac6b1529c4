//! Webhook subscriptions and their deliveries: the outbox the triggers of
//! `0005_webhooks.sql` fill, claimed by the delivery workers of every app node.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use super::{new_id, StoreError, StoreResult};
use crate::domain::webhook::{DeliveryStatus, EventType, WebhookUrl};

/// The channel the triggers notify when they enqueue, and redelivery too.
pub const CHANNEL: &str = "leadline_webhooks";

/// A webhook subscription.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = Webhook)]
pub struct SubscriptionRow {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<EventType>,
    /// Inactive subscriptions are sent nothing; their pending deliveries wait.
    pub active: bool,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn names(events: &[EventType]) -> Vec<&'static str> {
    events.iter().map(|e| e.as_str()).collect()
}

#[tracing::instrument(skip_all)]
pub async fn create(
    db: impl PgExecutor<'_>,
    url: &WebhookUrl,
    events: &[EventType],
    secret: &str,
    created_by: Uuid,
) -> StoreResult<SubscriptionRow> {
    Ok(sqlx::query_as!(
        SubscriptionRow,
        r#"INSERT INTO webhook_subscriptions (id, url, events, secret, created_by)
         VALUES ($1, $2, $3, $4, $5)
         RETURNING id, url, events AS "events: Vec<EventType>", active, created_by, created_at, updated_at"#,
        new_id(),
        url.as_str(),
        &names(events) as &[&str],
        secret,
        created_by,
    )
    .fetch_one(db)
    .await?)
}

#[tracing::instrument(skip_all)]
pub async fn list(db: impl PgExecutor<'_>) -> StoreResult<Vec<SubscriptionRow>> {
    Ok(sqlx::query_as!(
        SubscriptionRow,
        r#"SELECT id, url, events AS "events: Vec<EventType>", active, created_by, created_at, updated_at
         FROM webhook_subscriptions ORDER BY created_at, id"#
    )
    .fetch_all(db)
    .await?)
}

#[tracing::instrument(skip_all)]
pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<SubscriptionRow> {
    sqlx::query_as!(
        SubscriptionRow,
        r#"SELECT id, url, events AS "events: Vec<EventType>", active, created_by, created_at, updated_at
         FROM webhook_subscriptions WHERE id = $1"#,
        id,
    )
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound("webhook"))
}

/// A partial update: `None` leaves a field alone.
#[derive(Clone, Debug, Default)]
pub struct SubscriptionPatch {
    pub url: Option<WebhookUrl>,
    pub events: Option<Vec<EventType>>,
    pub active: Option<bool>,
}

#[tracing::instrument(skip_all)]
pub async fn update(
    db: impl PgExecutor<'_>,
    id: Uuid,
    patch: &SubscriptionPatch,
) -> StoreResult<SubscriptionRow> {
    let events = patch.events.as_deref().map(names);
    sqlx::query_as!(
        SubscriptionRow,
        r#"UPDATE webhook_subscriptions SET url = coalesce($2, url), events = coalesce($3, events),
             active = coalesce($4, active), updated_at = now()
         WHERE id = $1
         RETURNING id, url, events AS "events: Vec<EventType>", active, created_by, created_at, updated_at"#,
        id,
        patch.url.as_ref().map(WebhookUrl::as_str),
        events.as_deref() as Option<&[&str]>,
        patch.active,
    )
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound("webhook"))
}

/// Delete a subscription and its delivery log.
#[tracing::instrument(skip_all)]
pub async fn delete(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<()> {
    let deleted = sqlx::query!("DELETE FROM webhook_subscriptions WHERE id = $1", id)
        .execute(db)
        .await?
        .rows_affected();
    if deleted == 0 {
        return Err(StoreError::NotFound("webhook"));
    }
    Ok(())
}

/// A delivery as the log shows it, on the pages and in the API (`Delivery`).
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = Delivery)]
pub struct DeliveryRow {
    pub id: Uuid,
    /// The event's id, the same for every subscription and attempt: deduplicate on it.
    pub event_id: Uuid,
    pub event_type: EventType,
    #[serde(rename = "webhook_id")]
    pub subscription_id: Uuid,
    #[serde(skip)]
    pub url: String,
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

/// The newest deliveries, of one subscription or all, optionally of one status.
#[tracing::instrument(skip_all)]
pub async fn deliveries(
    db: impl PgExecutor<'_>,
    subscription: Option<Uuid>,
    status: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<DeliveryRow>> {
    delivery_rows(db, subscription, status, None, limit).await
}

/// The newest deliveries the filters select (each optional), at most `limit`.
async fn delivery_rows(
    db: impl PgExecutor<'_>,
    subscription: Option<Uuid>,
    status: Option<&str>,
    delivery: Option<Uuid>,
    limit: i64,
) -> StoreResult<Vec<DeliveryRow>> {
    Ok(sqlx::query_as!(
        DeliveryRow,
        r#"SELECT d.id, d.event_id, d.event_type AS "event_type: EventType", d.subscription_id, s.url,
                  d.status AS "status: DeliveryStatus", d.attempts,
                  CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS next_attempt_at,
                  d.last_attempt_at, d.last_status_code, d.last_error, d.delivered_at,
                  d.created_at, d.payload
           FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
           WHERE ($1::uuid IS NULL OR d.subscription_id = $1) AND ($2::text IS NULL OR d.status = $2)
             AND ($4::uuid IS NULL OR d.id = $4)
           ORDER BY d.created_at DESC, d.id DESC LIMIT $3"#,
        subscription,
        status,
        limit,
        delivery,
    )
    .fetch_all(db)
    .await?)
}

/// Send a delivery again now, whatever became of it: a pending one is moved forward,
/// a failed or delivered one gets one more attempt.
#[tracing::instrument(skip_all)]
pub async fn redeliver(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    subscription: Uuid,
    delivery: Uuid,
) -> StoreResult<DeliveryRow> {
    let updated = sqlx::query!(
        "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now()
         WHERE id = $1 AND subscription_id = $2",
        delivery,
        subscription,
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(StoreError::NotFound("delivery"));
    }
    sqlx::query!("SELECT pg_notify($1, '')", CHANNEL)
        .execute(&mut **tx)
        .await?;
    delivery_rows(&mut **tx, Some(subscription), None, Some(delivery), 1)
        .await?
        .pop()
        .ok_or(StoreError::NotFound("delivery"))
}

/// A delivery claimed for sending, with what it takes to send it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Claimed {
    pub id: Uuid,
    pub event_type: String,
    pub payload: serde_json::Value,
    pub attempts: i32,
    pub url: String,
    pub secret: String,
}

/// Claim up to `limit` due deliveries of active subscriptions. The claim counts the
/// attempt and leases the row for `lease`: other nodes skip it (`SKIP LOCKED` while
/// claiming, then `next_attempt_at` in the future) and take it up again only if this
/// one never reports back.
#[tracing::instrument(skip_all)]
pub async fn claim_due(db: &PgPool, limit: i64, lease: Duration) -> StoreResult<Vec<Claimed>> {
    Ok(sqlx::query_as!(
        Claimed,
        "WITH due AS (
             SELECT d.id FROM webhook_deliveries d
             WHERE d.status = 'pending' AND d.next_attempt_at <= now()
               AND EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.id = d.subscription_id AND s.active)
             ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         UPDATE webhook_deliveries d
         SET attempts = d.attempts + 1, last_attempt_at = now(),
             next_attempt_at = now() + make_interval(secs => $2)
         FROM due, webhook_subscriptions s
         WHERE d.id = due.id AND s.id = d.subscription_id
         RETURNING d.id, d.event_type, d.payload, d.attempts, s.url, s.secret",
        limit,
        lease.as_secs_f64(),
    )
    .fetch_all(db)
    .await?)
}

/// Record an attempt that the receiver acknowledged.
#[tracing::instrument(skip_all)]
pub async fn mark_delivered(db: &PgPool, id: Uuid, status_code: i16) -> StoreResult<()> {
    sqlx::query!(
        "UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(),
             last_status_code = $2, last_error = NULL
         WHERE id = $1",
        id,
        status_code,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Record a failed attempt: due again after `retry_in`, or failed for good when `None`.
#[tracing::instrument(skip_all)]
pub async fn mark_attempt_failed(
    db: &PgPool,
    id: Uuid,
    status_code: Option<i16>,
    error: &str,
    retry_in: Option<Duration>,
) -> StoreResult<()> {
    sqlx::query!(
        "UPDATE webhook_deliveries
         SET status = CASE WHEN $4::float8 IS NULL THEN 'failed' ELSE 'pending' END,
             next_attempt_at = coalesce(now() + make_interval(secs => $4), next_attempt_at),
             last_status_code = $2, last_error = $3
         WHERE id = $1",
        id,
        status_code,
        error,
        retry_in.map(|d| d.as_secs_f64()),
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Forget delivered and failed deliveries last tried more than `keep` ago.
#[tracing::instrument(skip_all)]
pub async fn prune(db: &PgPool, keep: Duration) -> StoreResult<u64> {
    Ok(sqlx::query!(
        "DELETE FROM webhook_deliveries
         WHERE status <> 'pending' AND created_at < now() - make_interval(secs => $1)
           AND coalesce(last_attempt_at, created_at) < now() - make_interval(secs => $1)",
        keep.as_secs_f64(),
    )
    .execute(db)
    .await?
    .rows_affected())
}
