//! Extractors whose rejections use the API's problem+json format and name the field at fault.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use crate::domain::FieldError;

/// A JSON body. Also keeps the canonical bytes for idempotency hashing.
pub struct ApiJson<T>(pub T);

/// Turn a serde error at `path` into the field it is about and a message without position noise.
fn field_error(path: &str, message: &str) -> FieldError {
    let message = message.rsplit_once(" at line ").map_or(message, |(m, _)| m);
    let named = ["missing field `", "unknown field `", "duplicate field `"]
        .iter()
        .find_map(|prefix| {
            message
                .strip_prefix(prefix)
                .and_then(|rest| rest.split_once('`'))
                .map(|(name, _)| name)
        });
    let field = match (named, path) {
        (Some(name), "." | "") => name.to_owned(),
        // Unknown fields are already part of the path.
        (Some(name), path) if path == name || path.ends_with(&format!(".{name}")) => {
            path.to_owned()
        }
        (Some(name), parent) => format!("{parent}.{name}"),
        (None, "." | "") => "body".to_owned(),
        (None, path) => path.to_owned(),
    };
    let message = match message.split_once(", expected one of") {
        Some((head, expected)) if message.starts_with("unknown field") => {
            format!("{head} (expected one of{expected})")
        }
        _ => message.to_owned(),
    };
    FieldError::text(field, message)
}

/// The path of the first string (or object key) in a JSON document that holds a NUL
/// character, which no text column can store. Only a `\u0000` escape can put one there.
fn nul_in_json(bytes: &[u8]) -> Option<String> {
    const ESCAPED_NUL: &[u8] = b"\\u0000";
    if !bytes.windows(ESCAPED_NUL.len()).any(|w| w == ESCAPED_NUL) {
        return None;
    }
    fn walk(value: &serde_json::Value, path: &str) -> Option<String> {
        let joined = |key: &str| {
            if path.is_empty() {
                key.to_owned()
            } else {
                format!("{path}.{key}")
            }
        };
        match value {
            serde_json::Value::String(s) if s.contains('\0') => Some(if path.is_empty() {
                "body".into()
            } else {
                path.into()
            }),
            serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                walk(
                    item,
                    &format!("{}[{i}]", if path.is_empty() { "body" } else { path }),
                )
            }),
            serde_json::Value::Object(map) => map.iter().find_map(|(key, item)| {
                if key.contains('\0') {
                    Some(joined(&key.replace('\0', "")))
                } else {
                    walk(item, &joined(key))
                }
            }),
            _ => None,
        }
    }
    serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .and_then(|value| walk(&value, ""))
}

/// Parse a JSON document into `T`, naming the field at fault.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if let Some(field) = nul_in_json(bytes) {
        return Err(ApiError::Invalid(nul_error(field)));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            ApiError::MalformedBody(inner.to_string())
        } else {
            ApiError::Invalid(field_error(&path, &inner.to_string()))
        }
    })?;
    de.end()
        .map_err(|e| ApiError::MalformedBody(e.to_string()))?;
    Ok(value)
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        require_json(req.headers())?;
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge("the request body is too large".into())
            } else {
                ApiError::MalformedBody(rejection.body_text())
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// A query string, parsed with the offending parameter named.
pub struct ApiQuery<T>(pub T);

/// Parse a query string (or form body) into `T`, naming the parameter at fault.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    if let Some(field) = nul_in_query(query) {
        return Err(ApiError::Invalid(nul_error(field)));
    }
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize::<_, T>(de).map_err(|err| {
        ApiError::Invalid(field_error(
            &err.path().to_string(),
            &err.into_inner().to_string(),
        ))
    })
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or("")).map(ApiQuery)
    }
}

/// Path parameters; a malformed id is a 404-free 422 naming the parameter.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                use axum::extract::path::ErrorKind;
                let field = match e.kind() {
                    ErrorKind::ParseErrorAtKey { key, .. }
                    | ErrorKind::InvalidUtf8InPathParam { key } => key.clone(),
                    _ => "id".to_owned(),
                };
                Err(ApiError::Invalid(FieldError::new(field, "error-not-uuid")))
            }
            Err(other) => Err(ApiError::Internal(anyhow::anyhow!(other.body_text()))),
        }
    }
}

/// The address of the client: the peer of the connection, or, behind a proxy that
/// Leadline is told to trust (`LEADLINE_TRUST_FORWARDED_FOR`), the last address the
/// proxy appended to `X-Forwarded-For`.
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl FromRequestParts<crate::state::AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::state::AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.config.trust_forwarded_for {
            let forwarded = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|a| a.trim().parse().ok())
                .next_back();
            if forwarded.is_some() {
                return Ok(Self(forwarded));
            }
        }
        Ok(Self(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip()),
        ))
    }
}

/// Bodies must be JSON when they say what they are.
pub fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    // A body without a Content-Type is not taken for JSON: it may be anything.
    let Some(content_type) = headers.get(CONTENT_TYPE) else {
        return Err(ApiError::UnsupportedMediaType);
    };
    let essence = content_type
        .to_str()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType)
    }
}

/// The first query parameter whose name or value holds a NUL character, which no text
/// column can store: a filter with one would fail in the database instead of here.
pub fn nul_in_query(query: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(name, value)| name.contains('\0') || value.contains('\0'))
        .map(|(name, _)| name.replace('\0', "").chars().take(60).collect())
}

/// The message for a field holding a NUL character.
pub fn nul_error(field: impl Into<String>) -> FieldError {
    FieldError::new(field, "error-nul")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        talk_seconds: Option<u32>,
        inner: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        amount: i64,
    }

    fn field_of(json: &str) -> String {
        match parse_json::<Body>(json.as_bytes()) {
            Err(ApiError::Invalid(e)) => e.field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn names_missing_wrong_and_unknown_fields() {
        assert_eq!(field_of("{}"), "name");
        assert_eq!(field_of(r#"{"name": 1}"#), "name");
        assert_eq!(
            field_of(r#"{"name": "a", "talk_seconds": -1}"#),
            "talk_seconds"
        );
        assert_eq!(field_of(r#"{"name": "a", "colour": "red"}"#), "colour");
        assert_eq!(field_of(r#"{"name": "a", "inner": {}}"#), "inner.amount");
        assert_eq!(
            field_of(r#"{"name": "a", "inner": {"amount": "x"}}"#),
            "inner.amount"
        );
    }

    #[test]
    fn names_the_string_holding_a_nul() {
        assert_eq!(field_of(r#"{"name": "a\u0000b"}"#), "name");
        assert_eq!(
            field_of(r#"{"name": "a", "inner": {"amount": 1, "note": "\u0000"}}"#),
            "inner.note"
        );
        assert_eq!(
            nul_in_json(br#"{"tags": ["ok", "\u0000"]}"#).as_deref(),
            Some("tags[1]")
        );
        // An escaped backslash before "u0000" is text, not a NUL.
        assert_eq!(nul_in_json(br#"{"name": "\\u0000"}"#), None);
    }

    #[test]
    fn malformed_json_is_its_own_error() {
        assert!(matches!(
            parse_json::<Body>(b"{\"name\": "),
            Err(ApiError::MalformedBody(_))
        ));
        assert!(matches!(
            parse_json::<Body>(b"{\"name\": \"a\"} trailing"),
            Err(ApiError::MalformedBody(_))
        ));
    }
}
