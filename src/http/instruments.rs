//! `/metrics` and the layers that feed it: each request's route, status and time, and
//! the time it waited for database connections, are counted in the state's
//! [`Instruments`](crate::instruments::Instruments).

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::auth::Caller;
use super::error::ApiResult;
use crate::pool_wait;
use crate::state::AppState;

/// The route template a request matched (`/api/v1/leads/{id}`), carried on the response
/// from inside the router to the layer that counts it. Requests that match no route
/// are counted under `unmatched`, so that made-up paths cannot grow the set of series.
#[derive(Clone)]
struct RouteLabel(String);

/// Inside the router: note the matched route template on the response.
pub async fn label_route(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| RouteLabel(p.as_str().to_owned()));
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// Around everything: time each request and count its answer.
pub async fn count(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let started = Instant::now();
    let (response, pool_wait) = pool_wait::measured(next.run(request)).await;
    let route = response
        .extensions()
        .get::<RouteLabel>()
        .map_or_else(|| "unmatched".to_owned(), |r| r.0.clone());
    state.instruments.observe(
        method.as_str(),
        route,
        response.status().as_u16(),
        started.elapsed(),
        pool_wait,
    );
    response
}

/// `GET /metrics`, for an admin's API token (Prometheus's `authorization` setting).
pub async fn metrics(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    caller.require_admin()?;
    let body = state.instruments.render(
        &state.db,
        state.config.db_pool_size,
        state.database.as_deref(),
        state.replica.as_deref(),
    );
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    Ok(response)
}
