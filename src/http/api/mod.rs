//! The REST API under `/api/v1`: JSON in and out, bearer tokens, problem+json errors.

pub mod admin;
pub mod audit;
pub mod calls;
pub mod common;
pub mod custom_fields;
pub mod forecast;
pub mod idempotent;
pub mod leads;
pub mod metrics;
pub mod notifications;
pub mod openapi;
pub mod queue;
pub mod settings;
pub mod spend;
pub mod tasks;
pub mod teams;
pub mod touches;
pub mod webhook_events;
pub mod webhooks;

use axum::routing::{delete, get, patch, post, put};
use axum::Router;

use super::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/leads", post(leads::create).get(leads::list))
        .route("/leads/deleted", get(leads::deleted))
        .route("/leads/batch", post(leads::create_batch))
        .route(
            "/external-leads/{external_id}",
            put(leads::upsert_by_external_id),
        )
        .route(
            "/leads/{id}",
            get(leads::get).patch(leads::update).delete(leads::erase),
        )
        .route("/leads/{id}/transitions", post(leads::transition))
        .route("/leads/{id}/lost", post(leads::lost))
        .route("/leads/{id}/reopen", post(leads::reopen))
        .route("/leads/{id}/events", get(leads::events))
        .route("/leads/{id}/history", get(leads::history))
        .route("/leads/{id}/merge", post(leads::merge))
        .route("/calls", post(calls::create).get(calls::list))
        .route("/calls/batch", post(calls::create_batch))
        .route("/calls/export", get(calls::export))
        // The first name of the export, kept for the clients that use it.
        .route("/calls/export.csv", get(calls::export_csv))
        .route("/spend", post(spend::create).get(spend::list))
        .route("/spend/{id}", delete(spend::delete))
        .route("/queue/next", get(queue::next))
        .route("/queue/claims/{lead_id}", delete(queue::release))
        .route("/metrics/funnel", get(metrics::funnel))
        .route("/metrics/calls", get(metrics::calls))
        .route("/metrics/cost", get(metrics::cost))
        .route("/metrics/reps", get(metrics::reps))
        .route("/metrics/recovery", get(metrics::recovery))
        .route("/metrics/tags", get(metrics::tags))
        .route("/me", get(admin::me))
        .route("/users", get(admin::list_users).post(admin::create_user))
        .route("/users/{id}", patch(admin::update_user))
        .route("/users/{id}/sessions", delete(admin::end_user_sessions))
        .route("/teams", get(teams::list).post(teams::create))
        .route("/teams/{id}", patch(teams::update).delete(teams::delete))
        .route("/tokens", get(admin::list_tokens).post(admin::create_token))
        .route("/tokens/{id}", delete(admin::revoke_token))
        .route("/tags", get(admin::list_tags).post(admin::put_tag))
        .route(
            "/lost-reasons",
            get(admin::list_lost_reasons).post(admin::create_lost_reason),
        )
        .route("/lost-reasons/{id}", patch(admin::update_lost_reason))
        .route(
            "/custom-fields",
            get(custom_fields::list).post(custom_fields::create),
        )
        .route("/custom-fields/{id}", patch(custom_fields::update))
        .route("/webhooks", get(webhooks::list).post(webhooks::create))
        .route(
            "/webhooks/{id}",
            get(webhooks::get)
                .patch(webhooks::update)
                .delete(webhooks::delete),
        )
        .route("/webhooks/{id}/deliveries", get(webhooks::deliveries))
        .route(
            "/webhooks/{id}/deliveries/{delivery_id}/redeliver",
            post(webhooks::redeliver),
        )
        .route("/settings", get(settings::get).patch(settings::update))
        .route("/tasks", get(tasks::list).post(tasks::create))
        .route("/tasks/{id}", patch(tasks::update))
        .route("/agenda", get(tasks::agenda))
        .route("/touches", get(touches::list).post(touches::create))
        .route("/notifications", get(notifications::list))
        .route("/notifications/read", post(notifications::read_all))
        .route("/notifications/{id}/read", post(notifications::read))
        .route("/audit", get(audit::list))
        .route("/forecast", get(forecast::get))
        .route("/forecast/chances", put(forecast::set_chances))
        .route("/openapi.json", get(openapi::serve))
        .fallback(|| async { ApiError::NotFound("route".into()) })
}
