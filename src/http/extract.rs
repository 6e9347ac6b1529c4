//! Extractors whose rejections use the API's problem+json format and name the field at fault.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use crate::domain::{FieldError, FieldErrors};

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

/// The most bad fields one answer names.
const MOST_ERRORS: usize = 50;

/// Parse a JSON document into `T`, naming every field at fault.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    ApiBody::parse(bytes)?.check(Ok::<T, ApiError>)
}

/// A JSON body read as far as it goes: `T` from the document without its badly shaped
/// fields (a stage that does not exist, text where a number goes), and those fields'
/// errors. [`ApiBody::check`] then adds what the body's own rules find, so that one
/// answer names every bad field.
pub enum ApiBody<T> {
    Good(T),
    /// `rest` is the body without its bad fields, where it reads without them.
    Bad {
        rest: Option<T>,
        errors: FieldErrors,
    },
}

impl<T: DeserializeOwned> ApiBody<T> {
    pub fn parse(bytes: &[u8]) -> Result<Self, ApiError> {
        if let Some(field) = nul_in_json(bytes) {
            return Err(ApiError::from(nul_error(field)));
        }
        let mut de = serde_json::Deserializer::from_slice(bytes);
        match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Ok(value) => {
                de.end()
                    .map_err(|e| ApiError::MalformedBody(e.to_string()))?;
                Ok(Self::Good(value))
            }
            Err(err) => {
                let path = err.path().to_string();
                let inner = err.into_inner();
                if inner.is_syntax() || inner.is_eof() {
                    return Err(ApiError::MalformedBody(inner.to_string()));
                }
                let first = field_error(&path, &inner.to_string());
                let (rest, errors) = read_around_errors::<T>(bytes, first);
                Ok(Self::Bad { rest, errors })
            }
        }
    }
}

impl<T> ApiBody<T> {
    /// `validate`'s answer for the body, with the badly shaped fields' errors before its
    /// own; a refusal that is not about fields (a 403) stands alone.
    pub fn check<V, E: Into<ApiError>>(
        self,
        validate: impl FnOnce(T) -> Result<V, E>,
    ) -> Result<V, ApiError> {
        match self {
            Self::Good(value) => validate(value).map_err(Into::into),
            Self::Bad { rest, errors } => {
                match rest.map(|rest| validate(rest).map_err(Into::into)) {
                    Some(Err(ApiError::Invalid(later))) => {
                        Err(ApiError::Invalid(errors.and(later)))
                    }
                    Some(Err(other)) => Err(other),
                    Some(Ok(_)) | None => Err(ApiError::Invalid(errors)),
                }
            }
        }
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = json_bytes(req, state).await?;
        ApiBody::parse(&bytes)
    }
}

/// `first` and the document's other badly shaped fields, with `T` read from what is
/// left: each bad field is taken out of the document and the rest read again, until it
/// reads or a field cannot be taken out (a missing one, or one inside a list, whose items
/// would shift).
fn read_around_errors<T: DeserializeOwned>(
    bytes: &[u8],
    first: FieldError,
) -> (Option<T>, FieldErrors) {
    let mut errors = FieldErrors::from(first);
    let Ok(mut document) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return (None, errors);
    };
    let mut last = errors.first().field.clone();
    for _ in 1..MOST_ERRORS {
        if !remove_field(&mut document, &last) {
            break;
        }
        let error = match serde_path_to_error::deserialize::<_, T>(&document) {
            Ok(value) => return (Some(value), errors),
            Err(err) => field_error(&err.path().to_string(), &err.into_inner().to_string()),
        };
        if errors.iter().any(|e| e.field == error.field) {
            // A required member was taken out: take out the object that holds it.
            match error.field.rsplit_once('.') {
                Some((parent, _)) => {
                    last = parent.to_owned();
                    continue;
                }
                None => break,
            }
        }
        last = error.field.clone();
        errors = errors.and(error.into());
    }
    (None, errors)
}

/// Take the member at `path` (`name`, `inner.amount`) out of `document`; false when
/// there is none, or the path goes through a list.
fn remove_field(document: &mut serde_json::Value, path: &str) -> bool {
    if path.contains('[') {
        return false;
    }
    let mut names: Vec<&str> = path.split('.').collect();
    let Some(last) = names.pop() else {
        return false;
    };
    let mut object = document;
    for name in names {
        match object.get_mut(name) {
            Some(inner) => object = inner,
            None => return false,
        }
    }
    object
        .as_object_mut()
        .is_some_and(|members| members.remove(last).is_some())
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = json_bytes(req, state).await?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// A request's body, refused unless it says it is JSON and fits the limit.
async fn json_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    require_json(req.headers())?;
    body_bytes(req, state).await
}

/// A request's body, refused (413) when it is over the limit.
pub async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge("the request body is too large".into())
        } else {
            ApiError::MalformedBody(rejection.body_text())
        }
    })
}

/// A query string, parsed with the offending parameter named.
pub struct ApiQuery<T>(pub T);

/// Parse a query string (or form body) into `T`, naming every parameter at fault.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    if let Some(field) = nul_in_query(query) {
        return Err(ApiError::from(nul_error(field)));
    }
    let read = |query: &str| {
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize::<_, T>(de)
            .map_err(|err| field_error(&err.path().to_string(), &err.into_inner().to_string()))
    };
    let first = match read(query) {
        Ok(value) => return Ok(value),
        Err(first) => first,
    };
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    // The other bad parameters: each is dropped and the rest read again.
    let mut errors = FieldErrors::from(first);
    let mut last = errors.first().field.clone();
    for _ in 1..MOST_ERRORS {
        let before = pairs.len();
        pairs.retain(|(name, _)| *name != last);
        if pairs.len() == before {
            break;
        }
        let rest = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        let Err(error) = read(&rest) else { break };
        if errors.iter().any(|e| e.field == error.field) {
            break;
        }
        last = error.field.clone();
        errors = errors.and(error.into());
    }
    Err(ApiError::Invalid(errors))
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
                Err(ApiError::invalid(field, "error-not-uuid"))
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
    match media_type(headers) {
        Some(essence) if essence == "application/json" || essence.ends_with("+json") => Ok(()),
        _ => Err(ApiError::UnsupportedMediaType),
    }
}

/// The body's media type as `Content-Type` gives it, without its parameters, in lower
/// case (`application/json; charset=utf-8` is `application/json`); `None` without one.
pub fn media_type(headers: &HeaderMap) -> Option<String> {
    let content_type = headers.get(CONTENT_TYPE)?;
    Some(
        content_type
            .to_str()
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase(),
    )
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
            Err(ApiError::Invalid(e)) => e.first().field.clone(),
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
    fn names_every_bad_field_at_once() {
        let fields = |json: &str| match parse_json::<Body>(json.as_bytes()) {
            Err(ApiError::Invalid(errors)) => {
                errors.iter().map(|e| e.field.clone()).collect::<Vec<_>>()
            }
            other => panic!("expected field errors, got {other:?}"),
        };
        assert_eq!(
            fields(r#"{"talk_seconds": -1, "colour": "red", "inner": {"amount": "x"}}"#),
            ["talk_seconds", "colour", "inner.amount", "name"]
        );
        assert_eq!(
            fields(r#"{"name": "a", "talk_seconds": "x"}"#),
            ["talk_seconds"]
        );
    }

    #[test]
    fn names_every_bad_parameter_at_once() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Filter {
            limit: Option<u32>,
            stage: Option<crate::domain::stage::Stage>,
        }
        match parse_query::<Filter>("limit=many&stage=nowhere&colour=red") {
            Err(ApiError::Invalid(errors)) => assert_eq!(
                errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
                ["limit", "stage", "colour"]
            ),
            other => panic!("expected field errors, got {other:?}"),
        }
        assert!(parse_query::<Filter>("limit=5&stage=need").is_ok());
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
