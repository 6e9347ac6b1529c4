//! The REST API under `/api/v1`: JSON in and out, bearer tokens, problem+json errors.

pub mod admin;
pub mod audit;
pub mod calls;
pub mod common;
pub mod forecast;
pub mod idempotent;
pub mod leads;
pub mod metrics;
pub mod notifications;
pub mod queue;
pub mod settings;
pub mod spend;
pub mod tasks;
pub mod teams;
pub mod touches;
pub mod webhooks;

use axum::routing::{delete, get, patch, post, put};
use axum::{Json, Router};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/leads", post(leads::create).get(leads::list))
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
        .route("/openapi.json", get(openapi))
        .fallback(|| async { ApiError::NotFound("route".into()) })
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("ll_…")
                    .build(),
            ),
        );
    }
}

/// Every error is a problem+json document; the answers any operation can give (bad token,
/// bad body, bad parameter) are documented here once instead of on every handler.
struct ProblemResponses;

/// The problem+json response the API gives for `status`.
fn problem_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

fn document_problems(operation: &mut Operation) {
    let has_body = operation.request_body.is_some();
    let parameters = operation.parameters.as_deref().unwrap_or_default();
    let has_path = parameters
        .iter()
        .any(|p| matches!(p.parameter_in, ParameterIn::Path));
    let mut common = vec![("401", "No valid API token")];
    if has_body {
        common.extend([
            ("400", "The body is not valid JSON"),
            ("413", "The body is too large"),
            ("415", "The body is not JSON"),
        ]);
    }
    if has_body || !parameters.is_empty() {
        common.push(("422", "A field or parameter is invalid; `field` names it"));
    }
    if has_path {
        common.push(("404", "Not found"));
    }
    let responses = &mut operation.responses.responses;
    for (status, description) in common {
        responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::T(problem_response(description)));
    }
    // Errors are sent as problem+json, whatever a handler's annotation defaulted to.
    for (status, response) in responses.iter_mut() {
        if let (false, RefOr::T(response)) = (status.starts_with('2'), response) {
            if let Some(content) = response.content.shift_remove("application/json") {
                response
                    .content
                    .insert("application/problem+json".to_owned(), content);
            }
        }
    }
}

impl Modify for ProblemResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                document_problems(operation);
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Leadline API", description = "Leads, the sales funnel, call logs, spend, the dashboard's figures and webhooks."),
    modifiers(&BearerAuth, &ProblemResponses),
    security(("bearer" = [])),
    paths(
        leads::create, leads::list, leads::get, leads::update, leads::transition, leads::lost, leads::reopen, leads::events, leads::history, leads::erase, leads::merge,
        calls::create, calls::create_batch, calls::list, calls::export, calls::export_csv,
        spend::create, spend::list, spend::delete,
        queue::next, queue::release,
        metrics::funnel, metrics::calls, metrics::cost, metrics::reps, metrics::tags,
        admin::me, admin::list_users, admin::create_user, admin::update_user,
        admin::list_tokens, admin::create_token, admin::revoke_token,
        admin::end_user_sessions, admin::list_tags, admin::put_tag,
        admin::list_lost_reasons, admin::create_lost_reason, admin::update_lost_reason,
        webhooks::create, webhooks::list, webhooks::get, webhooks::update, webhooks::delete,
        webhooks::deliveries, webhooks::redeliver,
        settings::get, settings::update,
        tasks::create, tasks::list, tasks::update, tasks::agenda,
        notifications::list, notifications::read, notifications::read_all,
        touches::create, touches::list,
        audit::list, forecast::get, forecast::set_chances,
        teams::list, teams::create, teams::update, teams::delete,
    ),
    components(schemas(crate::http::error::Problem, crate::http::error::FieldProblem))
)]
pub struct ApiDoc;

/// The OpenAPI 3.1 document of this API, served to anyone: client generators read it by
/// its address, before they hold a token. It names routes and shapes, never data.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
