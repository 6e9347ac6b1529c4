//! Writes a retrying client may send twice: once per `Idempotency-Key` (calls, touches).

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures::future::BoxFuture;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{Postgres, Transaction};

use crate::domain::FieldError;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::parse_json;
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
    let key = idempotency_key(headers)?;
    // Hash the parsed document, so whitespace and key order do not make a retry "different".
    let canonical = serde_json::to_vec(&parse_json::<serde_json::Value>(body)?).unwrap_or_default();
    let request_hash = Sha256::digest(&canonical).to_vec();
    let key = key.as_deref().map(|key| Key {
        key,
        field: "Idempotency-Key",
    });
    let (status, answer) = match once(&state.db, caller.user_id, key, &request_hash, work).await? {
        Once::Done(answer) | Once::Before(answer) => answer,
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
    Ok((status, Json(answer)).into_response())
}

pub fn to_json<T: Serialize>(value: &T) -> ApiResult<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| ApiError::Internal(e.into()))
}
