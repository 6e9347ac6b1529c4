//! Writes a retrying client may send twice: once per `Idempotency-Key` (every write that
//! makes or moves a lead, a call, a touch, a task or spend).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures::future::BoxFuture;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{Postgres, Transaction};

use crate::domain::FieldError;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{body_bytes, parse_json, require_json, ApiBody};
use crate::service::calls::{once, Answer, Key, Once};
use crate::state::AppState;

/// The longest `Idempotency-Key`, in bytes.
const MAX_IDEMPOTENCY_KEY: usize = 255;

/// The idempotency key header, checked.
fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= MAX_IDEMPOTENCY_KEY)
        .ok_or_else(|| {
            FieldError::new("Idempotency-Key", "error-idempotency-key")
                .arg("min", 1)
                .arg("max", MAX_IDEMPOTENCY_KEY)
        })?;
    Ok(Some(key.to_owned()))
}

/// Run `work` once per `Idempotency-Key` (`service::calls::once`): a retry with the
/// same key and body gets the first answer back and writes nothing; the same key with
/// another body is refused.
pub async fn idempotent<F>(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    body: &[u8],
    work: F,
) -> ApiResult<Response>
where
    F: for<'t> FnOnce(&'t mut Transaction<'static, Postgres>) -> BoxFuture<'t, ApiResult<Answer>>,
{
    let (status, answer) = idempotent_answer(state, caller, headers, body, work).await?;
    Ok((status, Json(answer)).into_response())
}

/// [`idempotent`]'s status and document, for a handler that answers with headers of its own.
pub async fn idempotent_answer<F>(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    body: &[u8],
    work: F,
) -> ApiResult<(StatusCode, serde_json::Value)>
where
    F: for<'t> FnOnce(&'t mut Transaction<'static, Postgres>) -> BoxFuture<'t, ApiResult<Answer>>,
{
    let key = idempotency_key(headers)?;
    // Hash the parsed document, so whitespace and key order do not make a retry "different";
    // an empty body is an empty document.
    let document = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Value::Object(serde_json::Map::new())
    } else {
        parse_json::<serde_json::Value>(body)?
    };
    let canonical = serde_json::to_vec(&document).unwrap_or_default();
    let request_hash = Sha256::digest(&canonical).to_vec();
    let key = key.as_deref().map(|key| Key {
        key,
        field: "Idempotency-Key",
    });
    let (status, answer) = match once(&state.db, caller.user_id, key, &request_hash, work).await? {
        Once::Done(answer) | Once::Before(answer) => answer,
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
    Ok((status, answer))
}

pub fn to_json<T: Serialize>(value: &T) -> ApiResult<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| ApiError::Internal(e.into()))
}

/// A write's body kept whole, with its headers, so that a retry with the same
/// `Idempotency-Key` is known for one: read it with [`Retryable::body`], make the write
/// with [`Retryable::once`]. An empty body stands for `{}`; any other must say it is JSON.
pub struct Retryable {
    headers: HeaderMap,
    bytes: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for Retryable {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let headers = req.headers().clone();
        let bytes = body_bytes(req, state).await?;
        if !bytes.iter().all(u8::is_ascii_whitespace) {
            require_json(&headers)?;
        }
        Ok(Self { headers, bytes })
    }
}

impl Retryable {
    /// The body as `T` (an empty one as `{}`), every bad field named.
    pub fn body<T: DeserializeOwned>(&self) -> ApiResult<ApiBody<T>> {
        if self.bytes.iter().all(u8::is_ascii_whitespace) {
            ApiBody::parse(b"{}")
        } else {
            ApiBody::parse(&self.bytes)
        }
    }

    /// Run `work` once per `Idempotency-Key` ([`idempotent`]).
    pub async fn once<F>(&self, state: &AppState, caller: &Caller, work: F) -> ApiResult<Response>
    where
        F: for<'t> FnOnce(
            &'t mut Transaction<'static, Postgres>,
        ) -> BoxFuture<'t, ApiResult<Answer>>,
    {
        idempotent(state, caller, &self.headers, &self.bytes, work).await
    }
}
