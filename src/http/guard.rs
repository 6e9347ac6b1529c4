//! Checks every request passes before any handler sees it, and the shape of answers no
//! handler wrote: text PostgreSQL cannot store, form posts from other sites, and the
//! plain-text errors of the middleware below the handlers.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::extract::{nul_error, nul_in_query};
use super::ui::UiError;

/// A request under `/api/` answers problem+json; every other one answers a page.
fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// `api` on the API, `page` elsewhere.
pub fn refuse(path: &str, api: ApiError, page: UiError) -> Response {
    if is_api(path) {
        api.into_response()
    } else {
        page.into_response()
    }
}

/// Refuse query strings with NUL characters: 422 naming the parameter.
pub async fn refuse_nul_in_query(request: Request, next: Next) -> Response {
    let found = request.uri().query().and_then(nul_in_query);
    match found {
        Some(field) => crate::i18n::as_asked(request.headers(), || {
            let error = nul_error(field);
            refuse(
                request.uri().path(),
                ApiError::from(error.clone()),
                UiError::BadRequest(crate::i18n::field_error(&error)),
            )
        }),
        None => next.run(request).await,
    }
}

/// Whether a state-changing browser request came from a page of this same origin. The
/// browser says so in `Sec-Fetch-Site`, or else in `Origin`, compared with the `Host`
/// it was sent to (or the `X-Forwarded-Host` a proxy in front passed on): a page on
/// another port of the same host is another origin. A request with neither header comes
/// from no browser that would carry a victim's cookies.
pub fn from_same_origin(headers: &HeaderMap) -> bool {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return site.eq_ignore_ascii_case("same-origin") || site.eq_ignore_ascii_case("none");
    }
    match text(header::ORIGIN) {
        None => true,
        Some(origin) => {
            let Some(authority) = origin.split_once("://").map(|(_, rest)| rest) else {
                return false;
            };
            let forwarded = text(header::HeaderName::from_static("x-forwarded-host"))
                .and_then(|hosts| hosts.split(',').next())
                .map(str::trim);
            [text(header::HOST), forwarded]
                .into_iter()
                .flatten()
                .any(|host| authority.eq_ignore_ascii_case(host))
        }
    }
}

/// Refuse form posts (and any other unsafe method) on the pages from another origin,
/// sign-in included, before their CSRF token is even read.
pub async fn same_origin_forms(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || from_same_origin(request.headers()) {
        next.run(request).await
    } else {
        UiError::CrossSite.into_response()
    }
}

/// Pages and API answers hold a team's leads: no cache along the way or in the browser
/// keeps them, unless the handler said otherwise (static files).
pub async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// The layers below the handlers answer some errors themselves, in plain text or with no
/// body at all (a body over the limit, a request past its time): give them the format of
/// the surface they belong to.
pub async fn shape_plain_errors(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let status = response.status();
    if !matches!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::REQUEST_TIMEOUT
    ) {
        return response;
    }
    let shaped = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/problem+json") || t.starts_with("text/html"));
    if shaped {
        return response;
    }
    let (api, page) = if status == StatusCode::PAYLOAD_TOO_LARGE {
        (
            ApiError::PayloadTooLarge("the request body is too large".into()),
            UiError::TooLarge,
        )
    } else {
        (ApiError::TimedOut, UiError::TimedOut)
    };
    let mut shaped = crate::i18n::as_asked(&headers, || refuse(&path, api, page));
    // Keep what the layer below set beyond the body (Connection: close, for one).
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            shaped.headers_mut().insert(name.clone(), value.clone());
        }
    }
    let (parts, body) = shaped.into_parts();
    Response::from_parts(parts, Body::new(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nul_in_names_and_values() {
        assert_eq!(nul_in_query("q=a%00b").as_deref(), Some("q"));
        assert_eq!(
            nul_in_query("tag=x&channel=%00").as_deref(),
            Some("channel")
        );
        assert_eq!(nul_in_query("ta%00g=x").as_deref(), Some("tag"));
        assert_eq!(nul_in_query("q=plain&tag=vip"), None);
        assert_eq!(nul_in_query(""), None);
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn same_origin_is_the_same_scheme_host_and_port() {
        assert!(from_same_origin(&headers(&[])));
        assert!(from_same_origin(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!from_same_origin(&headers(&[(
            "sec-fetch-site",
            "same-site"
        )])));
        assert!(!from_same_origin(&headers(&[(
            "sec-fetch-site",
            "cross-site"
        )])));
        assert!(from_same_origin(&headers(&[
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(!from_same_origin(&headers(&[
            ("origin", "http://127.0.0.1:9090"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(!from_same_origin(&headers(&[
            ("origin", "null"),
            ("host", "127.0.0.1:8080")
        ])));
        // Behind a proxy that sends its own name as Host and the browser's in X-Forwarded-Host.
        assert!(from_same_origin(&headers(&[
            ("origin", "https://crm.example.com"),
            ("host", "leadline:8080"),
            ("x-forwarded-host", "crm.example.com")
        ])));
        assert!(!from_same_origin(&headers(&[
            ("origin", "https://evil.example.com"),
            ("host", "leadline:8080"),
            ("x-forwarded-host", "crm.example.com")
        ])));
    }
}
