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

/// The `Idempotency-Key` header as the API's document describes it.
pub const ONCE: &str =
    "A retried request with the same key returns the first answer and changes nothing more";

/// The same, for a write whose answer holds a secret shown once.
pub const ONCE_SECRET: &str = "A retried request with the same key changes nothing more; \
     as the secret is shown once and never kept, it is answered 409 naming what was made";

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
    let request_hash = request_hash(body)?;
    let key = key.as_deref().map(|key| Key {
        key,
        field: "Idempotency-Key",
    });
    let (status, answer) = match once(&state.db, caller.actor(), key, &request_hash, work).await? {
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

    /// [`Retryable::once`] for a write whose answer holds a secret shown once (its member
    /// `secret`: a token's secret, a webhook's signing secret, a generated password). The
    /// answer is kept for a retry without the secret, which is never stored; a retry is
    /// answered 409, naming what the first request made, as its secret cannot be shown
    /// again. An answer whose secret is `null` is replayed as it was.
    pub async fn once_hiding<F>(
        &self,
        state: &AppState,
        caller: &Caller,
        secret: &'static str,
        work: F,
    ) -> ApiResult<Response>
    where
        F: for<'t> FnOnce(
                &'t mut Transaction<'static, Postgres>,
            ) -> BoxFuture<'t, ApiResult<Answer>>
            + Send
            + 'static,
    {
        let shown = std::sync::Arc::new(std::sync::Mutex::new(None));
        let stash = shown.clone();
        let key = idempotency_key(&self.headers)?;
        let key = key.as_deref().map(|key| Key {
            key,
            field: "Idempotency-Key",
        });
        let request_hash = request_hash(&self.bytes)?;
        let done = once(&state.db, caller.actor(), key, &request_hash, move |tx| {
            Box::pin(async move {
                let (status, mut answer) = work(tx).await?;
                if let Some(document) = answer.as_object_mut() {
                    if document.get(secret).is_some_and(|v| !v.is_null()) {
                        *stash.lock().unwrap_or_else(|e| e.into_inner()) = document.remove(secret);
                    }
                }
                Ok::<_, ApiError>((status, answer))
            })
        })
        .await?;
        match done {
            Once::Done((status, mut answer)) => {
                let secret_value = shown.lock().unwrap_or_else(|e| e.into_inner()).take();
                if let (Some(value), Some(document)) = (secret_value, answer.as_object_mut()) {
                    document.insert(secret.to_owned(), value);
                }
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
                Ok((status, Json(answer)).into_response())
            }
            Once::Before((_, answer)) if answer.get(secret).is_none() => {
                // The thing made: the answer's own `id`, or its member's (`token`, `user`).
                let made = answer
                    .get("id")
                    .or_else(|| answer.as_object()?.values().find_map(|v| v.get("id")))
                    .and_then(|id| id.as_str())
                    .and_then(|id| id.parse().ok());
                Err(ApiError::Conflict {
                    message: format!(
                        "this Idempotency-Key was used already{}; its {secret} is shown once and \
                         not kept: revoke or remove it and make another to see a new one",
                        made.map(|id: uuid::Uuid| format!(" and made {id}"))
                            .unwrap_or_default()
                    ),
                    field: Some("Idempotency-Key".into()),
                    existing_id: made,
                })
            }
            Once::Before((status, answer)) => {
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
                Ok((status, Json(answer)).into_response())
            }
        }
    }
}

/// The SHA-256 of a request's document, parsed, so that whitespace and the order of its
/// members do not make a retry "different"; an empty body is an empty document.
fn request_hash(body: &[u8]) -> ApiResult<Vec<u8>> {
    let document = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Value::Object(serde_json::Map::new())
    } else {
        parse_json::<serde_json::Value>(body)?
    };
    let canonical = serde_json::to_vec(&document).unwrap_or_default();
    Ok(Sha256::digest(&canonical).to_vec())
}
