//! While the embedded cluster is down and being restarted, every request is answered
//! 503 at once instead of waiting out the pool's acquire timeout: problem+json on the
//! API, a page elsewhere. `/healthz`, which says the database is restarting, is let
//! through; `/metrics` is not, since checking its token needs the database (the restarts
//! counted there can be read once the cluster is back).

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use super::error::ApiError;
use super::guard::refuse;
use super::ui::UiError;
use crate::state::AppState;

pub async fn while_database_down(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let down = state.database.as_ref().filter(|database| !database.is_up());
    let Some(database) = down else {
        return next.run(request).await;
    };
    let route = request.extensions().get::<MatchedPath>();
    if route.is_some_and(|route| route.as_str() == "/healthz") {
        return next.run(request).await;
    }
    let mut response = refuse(
        request.uri().path(),
        ApiError::Unavailable,
        UiError::Unavailable,
    );
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(database.retry_after_secs()),
    );
    response
}
