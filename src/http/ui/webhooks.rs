//! Admin pages for webhooks: subscriptions and the delivery log.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::format::{datetime, opt_datetime};
use super::{render, render_status, with_code, Admin, CsrfForm, Layout, UiResult, UiUser};
use crate::credentials;
use crate::domain::webhook::{EventType, WebhookUrl};
use crate::domain::FieldError;
use crate::i18n::{field_error, t, Arg, Translate};
use crate::state::AppState;
use crate::storage::audit;
use crate::storage::webhooks::{self as store, SubscriptionPatch};

/// Deliveries the log shows.
const LOG_LENGTH: i64 = 100;

pub struct SubscriptionLine {
    pub id: Uuid,
    pub url: String,
    pub events: String,
    pub active: bool,
    pub created: String,
}

pub struct DeliveryLine {
    pub id: Uuid,
    pub subscription_id: Uuid,
    pub url: String,
    pub event_type: String,
    /// The delivery's state as a code (`pending`, `delivered`, `failed`) and as shown.
    pub status: String,
    pub status_label: String,
    pub attempts: i32,
    pub created: String,
    pub last_attempt: String,
    pub status_code: String,
    pub error: String,
    pub next_attempt: String,
}

#[derive(Template)]
#[template(path = "admin_webhooks.html")]
pub struct WebhooksPage {
    pub layout: Layout,
    pub subscriptions: Vec<SubscriptionLine>,
    pub deliveries: Vec<DeliveryLine>,
    /// The subscription the log is narrowed to.
    pub only: Option<Uuid>,
    pub event_types: Vec<&'static str>,
    pub error: Option<String>,
    /// A just-created subscription's URL and signing secret, shown once.
    pub created: Option<(String, String)>,
}

impl WebhooksPage {
    /// HTML: how deliveries are sent, the signature's header as `<code>`.
    fn intro(&self) -> String {
        with_code("webhooks-intro", &[], "header", "Leadline-Signature", None)
    }

    /// HTML: the notice of a just-created subscription, its secret in `<code>`.
    fn created_notice(&self) -> String {
        self.created
            .as_ref()
            .map(|(url, secret)| {
                with_code(
                    "webhooks-created",
                    &[("url", Arg::from(url))],
                    "secret",
                    secret,
                    Some("new-secret"),
                )
            })
            .unwrap_or_default()
    }
}

async fn webhooks_page(
    state: &AppState,
    user: &UiUser,
    only: Option<Uuid>,
    error: Option<String>,
    created: Option<(String, String)>,
) -> UiResult<WebhooksPage> {
    let subscriptions = store::list(&state.db)
        .await?
        .into_iter()
        .map(|s| SubscriptionLine {
            id: s.id,
            events: s
                .events
                .iter()
                .map(|e| e.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            url: s.url,
            active: s.active,
            created: datetime(s.created_at, user.clock.zone),
        })
        .collect();
    let deliveries = store::deliveries(&state.db, only, None, LOG_LENGTH)
        .await?
        .into_iter()
        .map(|d| DeliveryLine {
            id: d.id,
            subscription_id: d.subscription_id,
            url: d.url,
            event_type: d.event_type.as_str().to_owned(),
            next_attempt: opt_datetime(d.next_attempt_at, user.clock.zone),
            status: d.status.to_string(),
            status_label: t(&format!("webhooks-status-{}", d.status.as_str())),
            attempts: d.attempts,
            created: datetime(d.created_at, user.clock.zone),
            last_attempt: opt_datetime(d.last_attempt_at, user.clock.zone),
            status_code: d
                .last_status_code
                .map(|c| c.to_string())
                .unwrap_or_default(),
            error: d.last_error.unwrap_or_default(),
        })
        .collect();
    Ok(WebhooksPage {
        layout: Layout::new(user, "admin"),
        subscriptions,
        deliveries,
        only,
        event_types: EventType::ALL.iter().map(|e| e.as_str()).collect(),
        error,
        created,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct LogQuery {
    subscription: Option<Uuid>,
}

pub async fn page(
    State(state): State<AppState>,
    Admin(user): Admin,
    Query(query): Query<LogQuery>,
) -> UiResult<Response> {
    render(&webhooks_page(&state, &user, query.subscription, None, None).await?)
}

/// The create form: the URL and one checkbox per event type.
#[derive(Debug, Deserialize)]
pub struct NewWebhookForm {
    url: String,
    #[serde(rename = "lead.created")]
    lead_created: Option<String>,
    #[serde(rename = "lead.updated")]
    lead_updated: Option<String>,
    #[serde(rename = "lead.deleted")]
    lead_deleted: Option<String>,
    #[serde(rename = "lead.stage_changed")]
    lead_stage_changed: Option<String>,
    #[serde(rename = "lead.lost")]
    lead_lost: Option<String>,
    #[serde(rename = "call.logged")]
    call_logged: Option<String>,
}

pub async fn create(
    State(state): State<AppState>,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<NewWebhookForm>,
) -> UiResult<Response> {
    let ticked: Vec<String> = [
        (EventType::LeadCreated, &form.lead_created),
        (EventType::LeadUpdated, &form.lead_updated),
        (EventType::LeadStageChanged, &form.lead_stage_changed),
        (EventType::LeadLost, &form.lead_lost),
        (EventType::LeadDeleted, &form.lead_deleted),
        (EventType::CallLogged, &form.call_logged),
    ]
    .into_iter()
    .filter(|(_, ticked)| ticked.is_some())
    .map(|(event, _)| event.as_str().to_owned())
    .collect();
    let checked = WebhookUrl::parse("url", &form.url)
        .and_then(|url| Ok::<_, FieldError>((url, EventType::parse_list("events", &ticked)?)));
    let (url, events) = match checked {
        Ok(c) => c,
        Err(e) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &webhooks_page(&state, &user, None, Some(field_error(&e)), None).await?,
            )
        }
    };
    let secret = credentials::new_webhook_secret();
    let mut tx = audit::begin_as(&state.db, user.actor()).await?;
    let row = store::create(&mut *tx, &url, &events, &secret, user.id).await?;
    tx.commit().await?;
    render(&webhooks_page(&state, &user, None, None, Some((row.url, secret))).await?)
}

#[derive(Debug, Deserialize)]
pub struct UpdateWebhookForm {
    active: String,
}

pub async fn update(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<UpdateWebhookForm>,
) -> UiResult<Response> {
    let patch = SubscriptionPatch {
        active: Some(form.active == "true"),
        ..SubscriptionPatch::default()
    };
    let mut tx = audit::begin_as(&state.db, user.actor()).await?;
    store::update(&mut *tx, id, &patch).await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/webhooks").into_response())
}

pub async fn delete(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> UiResult<Response> {
    let mut tx = audit::begin_as(&state.db, user.actor()).await?;
    store::delete(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/webhooks").into_response())
}

pub async fn redeliver(
    State(state): State<AppState>,
    Admin(_user): Admin,
    Path((id, delivery_id)): Path<(Uuid, Uuid)>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> UiResult<Response> {
    let mut tx = state.db.begin().await?;
    store::redeliver(&mut tx, id, delivery_id).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/webhooks?subscription={id}")).into_response())
}
