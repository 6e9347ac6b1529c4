//! CORS for the API: a browser on a company's own site may call it with a token that
//! names that site among its allowed origins (a web form's key). A preflight carries no
//! token, so it is allowed when any live token names its origin; the answer to the real
//! request is readable only when its own token does.

use std::sync::{Arc, OnceLock};

use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN,
    VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use crate::state::AppState;
use crate::storage::users;

/// The request headers a page may send.
const ALLOWED_HEADERS: &str =
    "authorization, content-type, idempotency-key, if-match, if-none-match";
/// The answer's headers a page may read besides the simple ones.
const EXPOSED_HEADERS: &str = "location, etag, ratelimit-limit, ratelimit-remaining, \
                               ratelimit-reset, ratelimit-policy, retry-after";

/// Where the caller's token leaves the request's origin when it allows it.
#[derive(Clone, Default)]
pub struct AllowedOrigin(Arc<OnceLock<String>>);

impl AllowedOrigin {
    pub fn set(&self, origin: String) {
        let _ = self.0.set(origin);
    }
}

fn allow(headers: &mut HeaderMap, origin: &str) {
    if let Ok(origin) = HeaderValue::from_str(origin) {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.append(VARY, HeaderValue::from_static("origin"));
    }
}

pub async fn cors(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(origin) = request
        .headers()
        .get(ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_owned)
    else {
        return next.run(request).await;
    };
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        return match users::origin_allowed(&state.db, &origin).await {
            Ok(true) => {
                let mut response = StatusCode::NO_CONTENT.into_response();
                let headers = response.headers_mut();
                allow(headers, &origin);
                headers.insert(
                    ACCESS_CONTROL_ALLOW_METHODS,
                    HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE"),
                );
                headers.insert(
                    ACCESS_CONTROL_ALLOW_HEADERS,
                    HeaderValue::from_static(ALLOWED_HEADERS),
                );
                headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
                response
            }
            Ok(false) => ApiError::forbidden(format!("no API token may be used from {origin}"))
                .into_response(),
            Err(e) => ApiError::from(e).into_response(),
        };
    }
    let allowed = AllowedOrigin::default();
    request.extensions_mut().insert(allowed.clone());
    let mut response = next.run(request).await;
    if let Some(origin) = allowed.0.get() {
        let headers = response.headers_mut();
        allow(headers, origin);
        headers.insert(
            ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSED_HEADERS),
        );
    }
    response
}
