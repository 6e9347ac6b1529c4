//! The API's one error type, answered as RFC 9457 problem+json. Details of 5xx errors
//! are logged, never sent.

use std::borrow::Cow;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::token::ApiScope;
use crate::domain::{FieldError, FieldErrors};
use crate::storage::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error("the request body is not valid JSON: {0}")]
    MalformedBody(String),
    #[error("authentication required")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{message}")]
    Conflict {
        message: String,
        field: Option<Cow<'static, str>>,
        existing_id: Option<Uuid>,
    },
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("the request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("the database is unavailable")]
    Unavailable,
    #[error("the request took too long and was stopped; try again")]
    TimedOut,
    #[error("too many requests; wait as long as Retry-After says and try again")]
    TooManyRequests,
    /// The token's scopes do not hold the one this needs.
    #[error("this token lacks the scope {}", .0.as_str())]
    MissingScope(ApiScope),
    /// `If-Match` names another version than the one stored.
    #[error("{0}")]
    PreconditionFailed(String),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// An RFC 9457 problem details document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The request field at fault, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every field at fault, each with its message.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// For a duplicate: the lead that exists already.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_id: Option<Uuid>,
    /// For a token without the scope this needs: that scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl ApiError {
    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::Forbidden(message.into())
    }

    /// Field `field` is wrong as message `id` (in `locales/*/errors.ftl`) says.
    pub fn invalid(field: impl Into<String>, id: &'static str) -> Self {
        ApiError::Invalid(FieldError::new(field, id).into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::MalformedBody(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::TimedOut => StatusCode::REQUEST_TIMEOUT,
            ApiError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ApiError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::MissingScope(_) => StatusCode::FORBIDDEN,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            ApiError::Invalid(_) => "validation",
            ApiError::MalformedBody(_) => "malformed-body",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not-found",
            ApiError::Conflict { .. } => "conflict",
            ApiError::PayloadTooLarge(_) => "payload-too-large",
            ApiError::UnsupportedMediaType => "unsupported-media-type",
            ApiError::Unavailable => "unavailable",
            ApiError::TimedOut => "timed-out",
            ApiError::TooManyRequests => "rate-limited",
            ApiError::PreconditionFailed(_) => "precondition-failed",
            ApiError::MissingScope(_) => "missing-scope",
            ApiError::Internal(_) => "internal",
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status();
        let (field, errors) = match self {
            ApiError::Invalid(errors) => (
                Some(errors.first().field.clone()),
                errors
                    .iter()
                    .map(|e| FieldProblem {
                        field: e.field.clone(),
                        message: e.message(),
                    })
                    .collect(),
            ),
            ApiError::Conflict { field, .. } => (field.as_deref().map(str::to_owned), Vec::new()),
            ApiError::MalformedBody(_)
            | ApiError::UnsupportedMediaType
            | ApiError::PayloadTooLarge(_) => (Some("body".to_owned()), Vec::new()),
            ApiError::PreconditionFailed(_) => (Some("If-Match".to_owned()), Vec::new()),
            _ => (None, Vec::new()),
        };
        Problem {
            kind: format!("https://leadline.dev/problems/{}", self.kind()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.to_string(),
            field,
            errors,
            existing_id: match self {
                ApiError::Conflict { existing_id, .. } => *existing_id,
                _ => None,
            },
            scope: match self {
                ApiError::MissingScope(scope) => Some(scope.as_str().to_owned()),
                _ => None,
            },
        }
    }
}

impl From<FieldError> for ApiError {
    fn from(error: FieldError) -> Self {
        ApiError::Invalid(error.into())
    }
}

impl From<FieldErrors> for ApiError {
    fn from(errors: FieldErrors) -> Self {
        ApiError::Invalid(errors)
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound(what) => ApiError::NotFound(what.to_owned()),
            StoreError::Field(e) => ApiError::from(e),
            StoreError::Conflict {
                message,
                existing_id,
            } => ApiError::Conflict {
                message,
                field: existing_id.map(|_| "phone".into()),
                existing_id,
            },
            StoreError::Forbidden(message) => ApiError::Forbidden(message),
            StoreError::Transition(e) => match e.field_error() {
                Some(invalid) => ApiError::from(invalid),
                None => ApiError::Conflict {
                    message: e.to_string(),
                    field: e.field().map(Cow::Borrowed),
                    existing_id: None,
                },
            },
            StoreError::Db(e) => ApiError::from(e),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
                ApiError::Unavailable
            }
            sqlx::Error::Database(db)
                if db.code().as_deref() == Some("40001")
                    || db.code().as_deref() == Some("40P01") =>
            {
                ApiError::Conflict {
                    message: "the lead was changed by someone else at the same moment; try again"
                        .into(),
                    field: None,
                    existing_id: None,
                }
            }
            // Two writes giving one external id at once: the second is told, as a duplicate.
            sqlx::Error::Database(db)
                if db.code().as_deref() == Some("23505")
                    && db.constraint() == Some("leads_external_id_key") =>
            {
                ApiError::Conflict {
                    message: "another lead has this external_id".into(),
                    field: Some("external_id".into()),
                    existing_id: None,
                }
            }
            // Text the database cannot store (a NUL character, say) that no check caught:
            // the request's fault, not the server's.
            sqlx::Error::Database(db)
                if matches!(db.code().as_deref(), Some("22021" | "22P05")) =>
            {
                ApiError::invalid("body", "error-unstorable-character")
            }
            // A date or time outside what PostgreSQL holds, past every check.
            sqlx::Error::Database(db)
                if matches!(db.code().as_deref(), Some("22008" | "22007")) =>
            {
                ApiError::invalid("date", "error-date-out-of-range")
            }
            sqlx::Error::Database(db)
                if db
                    .code()
                    .as_deref()
                    .is_some_and(|c| c.starts_with("57P") || c.starts_with("08")) =>
            {
                ApiError::Unavailable
            }
            _ => ApiError::Internal(err.into()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            // One line with the chain of causes, no backtrace: a request that fails the
            // same way a thousand times writes a thousand short lines.
            ApiError::Internal(source) => {
                tracing::error!(error = %format!("{source:#}"), "request failed")
            }
            ApiError::Unavailable => tracing::warn!("database unavailable"),
            _ => {}
        }
        let status = self.status();
        let mut response = (status, axum::Json(self.problem())).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if matches!(self, ApiError::Unavailable) {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        if matches!(self, ApiError::Unauthorized) {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
